package dev.alexos.watchtower.internal.compliance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.alexos.core.compliance.ComplianceCheck;
import dev.alexos.core.compliance.ComplianceResult.Status;
import dev.alexos.core.compliance.ComplianceResult;
import dev.alexos.core.compliance.Evidence;
import dev.alexos.watchtower.testing.FakeEngine;
import dev.alexos.watchtower.testing.Harness;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class ContainerChecksTest {

    private static Map<String, ComplianceResult> evaluate(Harness h) {
        return ContainerChecks.all(h.watchtower).stream().collect(
                Collectors.toMap(ComplianceCheck::id, ComplianceCheck::evaluate));
    }

    @Test
    void flagsAPrivilegedContainerWithTheSocketAndNotACleanOne() {
        Harness h = new Harness().start();
        FakeEngine engine = h.engine();
        String bad = engine.create("bad", "app:latest");
        ObjectNode doc = engine.document(bad);
        ((ObjectNode) doc.get("HostConfig")).put("Privileged", true).put("NetworkMode", "host").put("PidMode", "host");
        doc.withArray("Mounts").addObject().put("Type", "bind").put("Source", "/var/run/docker.sock")
                .put("Destination", "/var/run/docker.sock").put("RW", true);
        String clean = engine.create("clean", "app:1.2.3");
        ObjectNode c = engine.document(clean);
        ((ObjectNode) c.get("Config")).put("User", "1000:1000").putObject("Healthcheck").putArray("Test")
                .add("CMD").add("true");
        ((ObjectNode) c.get("Config")).putArray("Env").add("PATH=/bin").add("LOG_LEVEL=info");
        ((ObjectNode) c.get("HostConfig")).put("Memory", 64 * 1024 * 1024);
        engine.emit(bad, "update", Map.of());
        engine.emit(clean, "update", Map.of());

        Map<String, ComplianceResult> r = evaluate(h);
        for (String id : new String[] {"watchtower.privileged_containers", "watchtower.docker_socket_mounted",
                "watchtower.host_namespaces"}) {
            assertThat(r.get(id).status()).as(id).isEqualTo(Status.FAIL);
            assertThat(r.get(id).evidence()).as(id).extracting(Evidence::subject)
                    .singleElement().asString().contains("bad").doesNotContain("clean");
        }
        for (String id : new String[] {"watchtower.running_as_root", "watchtower.health_checks",
                "watchtower.image_tags", "watchtower.memory_limits", "watchtower.secret_env_names"}) {
            assertThat(r.get(id).status()).as(id).isEqualTo(Status.WARN);
            assertThat(r.get(id).evidence()).as(id).extracting(Evidence::subject)
                    .singleElement().asString().contains("bad");
        }
        assertThat(r.get("watchtower.secret_env_names").evidence().get(0).value()).isEqualTo("DB_PASSWORD");
        assertThat(r.get("watchtower.docker_socket_mounted").remediation()).isNotBlank();
        assertThat(r.toString()).doesNotContain("hunter2");

        engine.remove(bad, true);
        assertThat(evaluate(h).values()).extracting(ComplianceResult::status).containsOnly(Status.PASS);
    }

    @Test
    void noContainersIsNotApplicableAndNoEngineIsAnError() {
        Harness h = new Harness().start();
        assertThat(evaluate(h).values()).extracting(ComplianceResult::status).containsOnly(Status.NOT_APPLICABLE);
        h.engine().goDown();
        assertThat(evaluate(h).values()).allSatisfy(res -> {
            assertThat(res.status()).isEqualTo(Status.ERROR);
            assertThat(res.summary()).contains("no Docker endpoint is reachable");
        });
    }

    @Test
    void floatingTags() {
        assertThat(ContainerChecks.floatingTag("nginx")).isTrue();
        assertThat(ContainerChecks.floatingTag("nginx:latest")).isTrue();
        assertThat(ContainerChecks.floatingTag("127.0.0.1:5000/app")).isTrue();
        assertThat(ContainerChecks.floatingTag("127.0.0.1:5000/app:2")).isFalse();
        assertThat(ContainerChecks.floatingTag("nginx@sha256:abc")).isFalse();
        assertThat(ContainerChecks.floatingTag("nginx:1.25")).isFalse();
    }
}
