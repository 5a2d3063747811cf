package dev.alexos.watchtower.it;

import static dev.alexos.watchtower.it.RealEnv.docker;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.alexos.core.event.Event;
import dev.alexos.core.http.ApiException;
import dev.alexos.core.http.HttpMethod;
import dev.alexos.core.json.Json;
import dev.alexos.testkit.TestApiRequest;
import dev.alexos.watchtower.ContainerInfo;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Containers changed with the Docker CLI: every change shows in the inventory and as events, in order. */
class ContainerLifecycleIT {
    private static final String LABEL = "alexos.it=watchtower-lifecycle";
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

    private Optional<ContainerInfo> inInventory(String id) {
        return wt.watchtower.containers(null, null).stream().filter(c -> c.id().equals(id)).findFirst();
    }

    private void awaitStatus(String id, String status) {
        await().atMost(Duration.ofSeconds(30)).until(() -> inInventory(id).map(ContainerInfo::status).orElse(""),
                status::equals);
    }

    private List<String> statusChanges(String id) {
        return wt.eventsOf(id).stream().filter(e -> e.type().equals("container_status_changed"))
                .map(e -> e.data().get("old_status").asText() + "->" + e.data().get("new_status").asText()).toList();
    }

    @Test
    void createStartStopKillPauseRemoveAppearInOrder() {
        String name = "life-" + UUID.randomUUID().toString().substring(0, 8);
        String id = docker(host, "create", "--network", "none", "--label", LABEL, "--name", name,
                "-e", "SERVICE_TOKEN=never-shown", "local/busybox:1");
        awaitStatus(id, "created");
        ContainerInfo created = inInventory(id).orElseThrow();
        assertThat(created.name()).isEqualTo(name);
        assertThat(created.image()).isEqualTo("local/busybox:1");
        assertThat(created.envNames()).contains("SERVICE_TOKEN");
        assertThat(created.labels()).containsEntry("alexos.it", "watchtower-lifecycle");

        docker(host, "start", name);
        awaitStatus(id, "running");
        assertThat(inInventory(id).orElseThrow().startedAt()).isNotNull();
        docker(host, "pause", name);
        awaitStatus(id, "paused");
        docker(host, "unpause", name);
        awaitStatus(id, "running");
        docker(host, "stop", "-t", "1", name);
        awaitStatus(id, "exited");
        docker(host, "start", name);
        awaitStatus(id, "running");
        docker(host, "kill", name);
        awaitStatus(id, "exited");
        assertThat(inInventory(id).orElseThrow().exitCode()).isEqualTo(137);
        docker(host, "rm", name);
        await().atMost(Duration.ofSeconds(30)).until(() -> inInventory(id).isEmpty());

        List<String> types = wt.eventsOf(id).stream().map(Event::type).toList();
        assertThat(types.get(0)).isEqualTo("container_registered");
        assertThat(types.get(types.size() - 1)).isEqualTo("container_unregistered");
        assertThat(statusChanges(id)).containsExactly("created->running", "running->paused", "paused->running",
                "running->exited", "exited->running", "running->exited");
        Event killed = wt.eventsOf(id).stream().filter(e -> e.type().equals("container_status_changed")).toList().get(5);
        assertThat(killed.data().get("exit_code").asInt()).isEqualTo(137);
        assertThat(wt.bus.events().toString()).doesNotContain("never-shown");
    }

    @Test
    void actionsThroughRoutesReachTheEngineAndTheLedger() throws Exception {
        String name = "act-" + UUID.randomUUID().toString().substring(0, 8);
        String id = docker(host, "run", "-d", "--network", "none", "--label", LABEL, "--name", name,
                "local/busybox:1", "sh", "-c", "echo to-stdout; echo to-stderr >&2; exec sleep 3600");
        awaitStatus(id, "running");

        String stop = "/api/watchtower/containers/{id}/stop";
        JsonNode answer = Json.mapper().valueToTree(wt.call(TestApiRequest.of(HttpMethod.POST, stop).withPathParam("id", name)));
        assertThat(answer.get("outcome").asText()).isEqualTo("succeeded");
        assertThat(docker(host, "inspect", "-f", "{{.State.Status}}", id)).isEqualTo("exited");
        awaitStatus(id, "exited");
        assertThat(wt.ledger.tail(1).get(0).payload().get("container_id").asText()).isEqualTo(id);

        String start = "/api/watchtower/containers/{id}/start";
        wt.call(TestApiRequest.of(HttpMethod.POST, start).withPathParam("id", id.substring(0, 12)));
        awaitStatus(id, "running");

        String logs = "/api/watchtower/containers/{id}/logs";
        JsonNode lines = Json.mapper().valueToTree(wt.call(TestApiRequest.of(HttpMethod.GET, logs)
                .withPathParam("id", name).withQuery("tail", "10")));
        assertThat(lines.get("lines").toString()).contains("to-stdout").contains("to-stderr");
        for (JsonNode l : lines.get("lines")) {
            assertThat(l.get("stream").asText()).isEqualTo(l.get("line").asText().equals("to-stderr") ? "stderr" : "stdout");
            assertThat(l.get("time").isNull()).isFalse();
        }

        String stats = "/api/watchtower/containers/{id}/stats";
        JsonNode s = Json.mapper().valueToTree(wt.call(TestApiRequest.of(HttpMethod.GET, stats).withPathParam("id", name)));
        assertThat(s.get("current").get("memory_usage").asLong()).isPositive();
        assertThat(s.get("current").get("memory_limit").asLong()).isPositive();
        assertThat(s.get("current").get("cpu_percent").isNumber()).isTrue();
        // the periodic sampler goes round every running container of the engine: allow for a busy one
        await().atMost(Duration.ofSeconds(120)).until(() -> wt.watchtower.sampler().history("local", id).size() >= 2);

        String del = "/api/watchtower/containers/{id}";
        try {
            wt.call(TestApiRequest.of(HttpMethod.DELETE, del).withPathParam("id", name));
            throw new AssertionError("removing a running container without force must fail");
        } catch (ApiException e) {
            assertThat(e.status()).isEqualTo(409);
            assertThat(e.getMessage()).containsIgnoringCase("running container");
        }
        wt.call(TestApiRequest.of(HttpMethod.DELETE, del).withPathParam("id", name).withQuery("force", "true"));
        await().atMost(Duration.ofSeconds(30)).until(() -> inInventory(id).isEmpty());
        assertThat(RealEnv.dockerResult(host, "inspect", id).exit()).isNotZero();
        assertThat(wt.bus.events("watchtower.container_action")).extracting(e -> e.data().get("outcome").asText())
                .containsExactly("succeeded", "succeeded", "failed", "succeeded");

        try {
            wt.call(TestApiRequest.of(HttpMethod.POST, start).withPathParam("id", "no-such-container"));
            throw new AssertionError("unknown container must be 404");
        } catch (ApiException e) {
            assertThat(e.status()).isEqualTo(404);
        }
    }

    @Test
    void failingHealthCheckTurnsUnhealthyAndIsPublished() throws Exception {
        java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("unhealthy");
        java.nio.file.Files.writeString(dir.resolve("Dockerfile"), """
                FROM local/busybox:1
                LABEL alexos.it=watchtower-lifecycle
                HEALTHCHECK --interval=1s --timeout=1s --retries=1 CMD ["/bin/sh","-c","test ! -e /fail"]
                """);
        docker(host, "build", "-q", "-t", "local/unhealthy-it:1", dir.toString());
        String id = docker(host, "run", "-d", "--network", "none", "--label", LABEL, "local/unhealthy-it:1");
        await().atMost(Duration.ofSeconds(60)).until(() -> inInventory(id).map(ContainerInfo::health).orElse(""),
                "healthy"::equals);
        docker(host, "exec", id, "sh", "-c", ": > /fail"); // from now on the check fails
        await().atMost(Duration.ofSeconds(60)).until(() -> inInventory(id).map(ContainerInfo::health).orElse(""),
                "unhealthy"::equals);
        List<Event> health = wt.eventsOf(id).stream().filter(e -> e.type().equals("container_health_changed")).toList();
        assertThat(health).isNotEmpty();
        assertThat(health.get(health.size() - 1).data().get("old_health").asText()).isEqualTo("healthy");
        assertThat(health.get(health.size() - 1).data().get("new_health").asText()).isEqualTo("unhealthy");
        assertThat(inInventory(id).orElseThrow().state()).isEqualTo("running (unhealthy)");
    }
}
