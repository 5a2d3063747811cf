package dev.alexos.watchtower.it;

import static dev.alexos.watchtower.it.RealEnv.docker;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.alexos.core.AgentState;
import dev.alexos.core.AlexOs;
import dev.alexos.core.Health;
import dev.alexos.core.Task;
import dev.alexos.core.TaskResult;
import dev.alexos.core.compliance.ComplianceCheck;
import dev.alexos.core.config.AlexOsConfig;
import dev.alexos.core.event.Event;
import dev.alexos.core.http.ApiRoute;
import dev.alexos.core.json.Json;
import dev.alexos.core.ledger.LedgerEntry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Watchtower as the runtime loads it: found on the classpath as a PF4J extension, configured
 * from the {@code watchtower} section, its events on the real bus, its actions in the real
 * file ledger, its agent reachable through the registry.
 */
class WatchtowerRuntimeIT {
    private static final String LABEL = "alexos.it=watchtower-runtime";

    @Test
    void runsInsideTheRuntimeAgainstARealEngine(@TempDir Path data) throws Exception {
        String host = RealEnv.require("ALEXOS_IT_DOCKER_HOST");
        AlexOsConfig config = AlexOsConfig.of(Map.of("watchtower", Map.of(
                "monitoring_interval", "30s",
                "stats_interval", "2s",
                "endpoints", List.of(Map.of("name", "local", "host", host, "timeout", "20s")))));
        List<Event> seen = new CopyOnWriteArrayList<>();
        String name = "rt-" + UUID.randomUUID().toString().substring(0, 8);
        try (AlexOs os = AlexOs.builder().config(config).dataDirectory(data).build()) {
            os.start();
            // what was published during start, then everything live
            long last = os.eventBus().lastSeq();
            os.eventBus().subscribe("watchtower.*", e -> {
                if (e.seq() > last) {
                    seen.add(e);
                }
            });
            seen.addAll(0, os.eventBus().replay(0, "watchtower.*", 10_000).events().stream()
                    .filter(e -> e.seq() <= last).toList());
            assertThat(os.agents().find("watchtower-001")).hasValueSatisfying(a -> {
                assertThat(a.state()).isEqualTo(AgentState.RUNNING);
                assertThat(a.descriptor().type()).isEqualTo("system");
            });
            assertThat(os.routes()).extracting(ApiRoute::path).contains("/api/watchtower/health",
                    "/api/watchtower/containers", "/api/watchtower/containers/{id}/logs", "/api/watchtower/images");
            assertThat(os.complianceChecks()).extracting(ComplianceCheck::id).contains(
                    "watchtower.privileged_containers", "watchtower.docker_socket_mounted");
            await().atMost(Duration.ofSeconds(30)).until(() -> seen.stream().anyMatch(e -> e.type().equals("endpoint_up")));
            assertThat(os.health().components().get("watchtower").status()).isEqualTo(Health.Status.HEALTHY);

            String id = docker(host, "run", "-d", "--network", "none", "--label", LABEL, "--name", name, "local/busybox:1");
            // `docker run` creates and starts at once: registered as created then changed, or registered running
            await().atMost(Duration.ofSeconds(30)).until(() -> seen.stream().anyMatch(e ->
                    id.equals(e.data().path("id").asText())
                            && (e.data().path("new_status").asText().equals("running")
                                    || e.type().equals("container_registered")
                                            && e.data().path("status").asText().equals("running"))));

            TaskResult list = os.agents().send("watchtower-001", Task.of("containers.list",
                    Json.object().put("status", "running"))).get(30, TimeUnit.SECONDS);
            assertThat(list.output().get("containers").toString()).contains(name);
            TaskResult stop = os.agents().send("watchtower-001", Task.of("container.stop",
                    Json.object().put("container", name)).requestedBy("workflow:runtime-it")).get(60, TimeUnit.SECONDS);
            assertThat(stop.succeeded()).as(String.valueOf(stop.error())).isTrue();
            assertThat(docker(host, "inspect", "-f", "{{.State.Status}}", id)).isEqualTo("exited");
            LedgerEntry entry = os.ledger().tail(1).get(0);
            assertThat(entry.type()).isEqualTo("watchtower.container_action");
            assertThat(entry.payload().get("requested_by").asText()).isEqualTo("workflow:runtime-it");
            assertThat(os.ledger().verify().ok()).isTrue();
            await().atMost(Duration.ofSeconds(30)).until(() -> seen.stream().anyMatch(e ->
                    e.type().equals("container_status_changed") && id.equals(e.data().path("id").asText())
                            && e.data().path("new_status").asText().equals("exited")));
        } finally {
            RealEnv.dockerResult(host, "rm", "-f", name);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> seen.stream().anyMatch(e -> e.type().equals("watchtower_stopped")));
        assertThat(seen.get(0).type()).isEqualTo("watchtower_started");
    }
}
