package dev.alexos.core.internal.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.alexos.core.Agent;
import dev.alexos.core.AgentDescriptor;
import dev.alexos.core.AlexOs;
import dev.alexos.core.Task;
import dev.alexos.core.TaskResult;
import dev.alexos.core.config.AlexOsConfig;
import dev.alexos.core.http.ApiException;
import dev.alexos.core.http.ApiRoute;
import dev.alexos.core.http.HttpMethod;
import dev.alexos.core.http.Role;
import dev.alexos.core.json.Json;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CoreRoutesTest {

    @TempDir
    Path dir;

    private AlexOs os;

    @BeforeEach
    void start() {
        os = AlexOs.builder().dataDirectory(dir).discoverClasspathModules(false)
                .config(AlexOsConfig.of(Map.of("ledger", Map.of("durability", "none"))))
                .agent(new Worker("worker-1")).build().start();
    }

    @AfterEach
    void stop() {
        os.close();
    }

    private JsonNode get(String path) throws Exception {
        return Json.mapper().valueToTree(TestRequest.call(os.routes(), HttpMethod.GET, path, null));
    }

    private JsonNode post(String path, String body) throws Exception {
        return Json.mapper().valueToTree(TestRequest.call(os.routes(), HttpMethod.POST, path, body));
    }

    private ApiException error(HttpMethod method, String path, String body) {
        Throwable t = org.assertj.core.api.Assertions.catchThrowable(
                () -> TestRequest.call(os.routes(), method, path, body));
        assertThat(t).isInstanceOf(ApiException.class);
        return (ApiException) t;
    }

    @Test
    void rolesAreAsDocumented() {
        Map<String, Role> roles = new java.util.HashMap<>();
        for (ApiRoute r : os.routes()) {
            roles.put(r.method() + " " + r.path(), r.role());
        }
        assertThat(roles).containsEntry("GET /api/health", Role.PUBLIC)
                .containsEntry("GET /api/agents", Role.VIEWER)
                .containsEntry("POST /api/agents/{id}/tasks", Role.OPERATOR)
                .containsEntry("GET /api/ledger/verify", Role.VIEWER)
                .containsEntry("GET /api/plugins", Role.VIEWER);
    }

    @Test
    void healthShowsEveryComponent() throws Exception {
        JsonNode h = get("/api/health");
        assertThat(h.get("status").asText()).isEqualTo("healthy");
        assertThat(h.has("timestamp")).isTrue();
        assertThat(h.get("components").get("ledger").get("status").asText()).isEqualTo("healthy");
        assertThat(h.get("components").get("ledger").get("details").get("head_seq").asLong()).isZero();
        assertThat(h.get("components").get("event_bus").get("details").has("subscribers")).isTrue();
        os.close();
        JsonNode closed = get("/api/health");
        assertThat(closed.get("status").asText()).isEqualTo("unhealthy");
        assertThat(closed.get("components").get("ledger").get("message").asText()).isEqualTo("ledger is closed");
    }

    @Test
    void agentsListAndOne() throws Exception {
        JsonNode list = get("/api/agents");
        assertThat(list.get("count").asInt()).isEqualTo(1);
        assertThat(list.has("timestamp")).isTrue();
        JsonNode a = list.get("agents").get(0);
        for (String field : List.of("id", "name", "type", "source", "status", "capabilities", "metadata", "health",
                "registered_at", "last_active")) {
            assertThat(a.has(field)).as(field).isTrue();
        }
        assertThat(a.get("status").asText()).isEqualTo("running");
        assertThat(a.get("module").asText()).isEqualTo("app");
        assertThat(a.get("health").get("status").asText()).isEqualTo("healthy");
        assertThat(get("/api/agents/worker-1").get("id").asText()).isEqualTo("worker-1");
        assertThat(get("/api/agents?capability=double").get("count").asInt()).isEqualTo(1);
        assertThat(get("/api/agents?capability=fly").get("count").asInt()).isZero();
        assertThat(get("/api/agents?module=app").get("count").asInt()).isEqualTo(1);
        assertThat(get("/api/agents?module=watchtower").get("count").asInt()).isZero();
        ApiException e = error(HttpMethod.GET, "/api/agents/nobody", null);
        assertThat(e.status()).isEqualTo(404);
        assertThat(e.getMessage()).isEqualTo("agent 'nobody' does not exist");
    }

    @Test
    void tasksRunAndBadInputIsRejected() throws Exception {
        JsonNode r = post("/api/agents/worker-1/tasks", "{\"action\":\"double\",\"params\":{\"n\":21}}");
        assertThat(r.get("status").asText()).isEqualTo("succeeded");
        assertThat(r.get("output").get("n").asInt()).isEqualTo(42);
        assertThat(r.get("requested_by").asText()).isEqualTo("tester");
        assertThat(r.get("task_id").asText()).isNotBlank();

        assertThat(error(HttpMethod.POST, "/api/agents/nobody/tasks", "{\"action\":\"double\"}").status()).isEqualTo(404);
        ApiException unsupported = error(HttpMethod.POST, "/api/agents/worker-1/tasks", "{\"action\":\"fly\"}");
        assertThat(unsupported.status()).isEqualTo(422);
        assertThat(unsupported.field()).isEqualTo("action");
        assertThat(error(HttpMethod.POST, "/api/agents/worker-1/tasks", "{}").field()).isEqualTo("action");
        assertThat(error(HttpMethod.POST, "/api/agents/worker-1/tasks", "[1]").field()).isEqualTo("body");
        assertThat(error(HttpMethod.POST, "/api/agents/worker-1/tasks", "{\"action\":\"double\",\"params\":3}").field())
                .isEqualTo("params");
        ApiException badTimeout = error(HttpMethod.POST, "/api/agents/worker-1/tasks",
                "{\"action\":\"double\",\"timeout_ms\":\"soon\"}");
        assertThat(badTimeout.status()).isEqualTo(400);
        assertThat(badTimeout.field()).isEqualTo("timeout_ms");
        ApiException timeout = error(HttpMethod.POST, "/api/agents/worker-1/tasks", "{\"action\":\"hang\",\"timeout_ms\":20}");
        assertThat(timeout.status()).isEqualTo(504);

        // Tasks that reached an agent are in the ledger, without their parameters.
        List<JsonNode> audit = new java.util.ArrayList<>();
        for (var e : os.ledger().read(1, 100)) {
            assertThat(e.type()).isEqualTo("core.agent_task");
            audit.add(e.payload());
        }
        assertThat(audit).extracting(p -> p.get("outcome").asText()).containsExactly("succeeded", "timed_out");
        assertThat(audit.get(0).get("requested_by").asText()).isEqualTo("tester");
        assertThat(audit.get(0).get("action").asText()).isEqualTo("double");
        assertThat(audit.get(0).has("params")).isFalse();
    }

    @Test
    void eventsFromTheReplayBufferWithValidatedParameters() throws Exception {
        for (int i = 0; i < 5; i++) {
            os.eventBus().publish("app.tick", "test", Json.object().put("i", i));
        }
        JsonNode all = get("/api/events?topic=app.*");
        assertThat(all.get("count").asInt()).isEqualTo(5);
        assertThat(all.get("events").get(0).get("topic").asText()).isEqualTo("app.tick");
        assertThat(all.get("events").get(0).has("seq")).isTrue();
        assertThat(get("/api/events?limit=2&topic=app.tick").get("count").asInt()).isEqualTo(2);
        JsonNode since = get("/api/events?since=4");
        assertThat(since.get("events").get(0).get("seq").asLong()).isEqualTo(5);
        assertThat(since.get("gap").asBoolean()).isFalse();

        assertThat(error(HttpMethod.GET, "/api/events?limit=abc", null).field()).isEqualTo("limit");
        assertThat(error(HttpMethod.GET, "/api/events?limit=0", null).field()).isEqualTo("limit");
        assertThat(error(HttpMethod.GET, "/api/events?topic=Not%20A%20Topic", null).field()).isEqualTo("topic");
        assertThat(error(HttpMethod.GET, "/api/events?since=-1", null).field()).isEqualTo("since");
        assertThat(error(HttpMethod.GET, "/api/events?since=x", null).status()).isEqualTo(400);
    }

    @Test
    void ledgerEntriesAndVerification() throws Exception {
        os.ledger().append("app.done", Map.of("what", "first")).join();
        os.ledger().append("app.done", Map.of("what", "second")).join();
        JsonNode page = get("/api/ledger?from=2&limit=10");
        assertThat(page.get("count").asInt()).isEqualTo(1);
        assertThat(page.get("entries").get(0).get("seq").asLong()).isEqualTo(2);
        assertThat(page.get("entries").get(0).has("prev_hash")).isTrue();
        assertThat(page.get("head_seq").asLong()).isEqualTo(2);
        assertThat(get("/api/ledger").get("count").asInt()).isEqualTo(2);
        assertThat(error(HttpMethod.GET, "/api/ledger?from=0", null).field()).isEqualTo("from");
        assertThat(error(HttpMethod.GET, "/api/ledger?limit=100000", null).field()).isEqualTo("limit");

        JsonNode v = get("/api/ledger/verify");
        assertThat(v.get("ok").asBoolean()).isTrue();
        assertThat(v.get("entries_checked").asLong()).isEqualTo(2);
        assertThat(v.get("head_hash").asText()).isEqualTo(os.ledger().headHash());
        assertThat(v.has("first_bad_seq")).isTrue();
    }

    @Test
    void complianceAndPlugins() throws Exception {
        JsonNode c = get("/api/compliance");
        assertThat(c.get("count").asInt()).isEqualTo(1);
        assertThat(c.get("score").asDouble()).isEqualTo(100.0);
        JsonNode check = c.get("checks").get(0);
        assertThat(check.get("id").asText()).isEqualTo("core.ledger_integrity");
        assertThat(check.get("status").asText()).isEqualTo("pass");
        assertThat(check.get("severity").asText()).isEqualTo("critical");
        assertThat(check.get("evidence").get(1).get("setting").asText()).isEqualTo("head_hash");
        assertThat(check.has("remediation")).isTrue();

        JsonNode p = get("/api/plugins");
        assertThat(p.get("count").asInt()).isZero();
        assertThat(p.get("plugins").isArray()).isTrue();
    }

    /** Doubles {@code n}; {@code hang} never finishes. */
    static final class Worker implements Agent {
        private final String id;

        Worker(String id) {
            this.id = id;
        }

        @Override
        public AgentDescriptor descriptor() {
            return AgentDescriptor.builder(id, "Worker", "custom").capability("double").build();
        }

        @Override
        public CompletableFuture<TaskResult> handle(Task task) {
            return switch (task.action()) {
                case "double" -> CompletableFuture.completedFuture(
                        TaskResult.success(Json.object().put("n", task.params().path("n").asInt() * 2)));
                case "hang" -> new CompletableFuture<>();
                default -> Agent.super.handle(task);
            };
        }
    }
}
