package dev.alexos.watchtower.it;

import static dev.alexos.watchtower.it.RealEnv.docker;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.alexos.core.compliance.ComplianceCheck;
import dev.alexos.core.compliance.ComplianceResult;
import dev.alexos.core.compliance.Evidence;
import dev.alexos.watchtower.internal.compliance.ContainerChecks;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The compliance checks on real inspect data: a privileged container with the socket is flagged, a clean one is not. */
class ComplianceIT {
    private static final String LABEL = "alexos.it=watchtower-compliance";
    private String host;
    private ItWatchtower wt;

    @BeforeEach
    void setUp() {
        host = RealEnv.require("ALEXOS_IT_DOCKER_HOST");
        wt = new ItWatchtower(Map.of("local", host), Duration.ofSeconds(20), Duration.ofSeconds(30));
        await().atMost(Duration.ofSeconds(30)).until(() -> wt.watchtower.monitors().get(0).isUp());
    }

    @AfterEach
    void tearDown() throws Exception {
        if (host == null) {
            return; // setUp aborted: no engine (scripts/test.sh provides one)
        }
        RealEnv.removeLabelled(host, LABEL);
        wt.close();
    }

    private static List<String> subjects(ComplianceResult r) {
        return r.evidence().stream().map(Evidence::subject).toList();
    }

    @Test
    void privilegedWithSocketIsFlaggedCleanIsNot() {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String socket = host.substring("unix://".length());
        // created, not started: this machine's kernel refuses privileged containers, the inspect data is the same
        docker(host, "create", "--network", "none", "--label", LABEL, "--name", "risky-" + suffix, "--privileged",
                "-v", socket + ":/var/run/docker.sock", "-e", "API_TOKEN=abc", "local/busybox:1");
        docker(host, "run", "-d", "--network", "none", "--label", LABEL, "--name", "clean-" + suffix,
                "--user", "1000:1000", "--memory", "64m", "--health-cmd", "true", "--health-interval", "5s",
                "-e", "LOG_LEVEL=info", "local/busybox:1");
        await().atMost(Duration.ofSeconds(30)).until(() -> wt.watchtower.containers(null, null).stream()
                .filter(c -> c.name().endsWith(suffix)).count() == 2);

        Map<String, ComplianceResult> results = new java.util.HashMap<>();
        for (ComplianceCheck c : ContainerChecks.all(wt.watchtower)) {
            results.put(c.id(), c.evaluate());
        }
        for (String id : List.of("watchtower.privileged_containers", "watchtower.docker_socket_mounted",
                "watchtower.secret_env_names", "watchtower.running_as_root", "watchtower.memory_limits",
                "watchtower.health_checks")) {
            ComplianceResult r = results.get(id);
            assertThat(r.status()).as(id).isIn(ComplianceResult.Status.FAIL, ComplianceResult.Status.WARN);
            assertThat(subjects(r)).as(id).anyMatch(s -> s.contains("risky-" + suffix))
                    .noneMatch(s -> s.contains("clean-" + suffix));
        }
        assertThat(results.get("watchtower.privileged_containers").status()).isEqualTo(ComplianceResult.Status.FAIL);
        assertThat(results.get("watchtower.docker_socket_mounted").evidence().toString()).contains("/var/run/docker.sock");
        assertThat(results.get("watchtower.secret_env_names").evidence().toString()).contains("API_TOKEN")
                .doesNotContain("abc");
    }
}
