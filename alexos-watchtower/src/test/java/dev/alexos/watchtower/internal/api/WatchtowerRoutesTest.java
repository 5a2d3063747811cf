package dev.alexos.watchtower.internal.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.alexos.core.http.ApiException;
import dev.alexos.core.http.HttpMethod;
import dev.alexos.core.http.Principal;
import dev.alexos.core.http.Role;
import dev.alexos.core.json.Json;
import dev.alexos.core.ledger.LedgerEntry;
import dev.alexos.testkit.TestApiRequest;
import dev.alexos.watchtower.testing.FakeEngine;
import dev.alexos.watchtower.testing.Harness;
import java.util.Map;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class WatchtowerRoutesTest {
    private static final String C = "/api/watchtower/containers";
    private Harness h;
    private FakeEngine engine;
    private String web;

    @BeforeEach
    void setUp() {
        h = new Harness().start();
        engine = h.engine();
        web = engine.create("web", "nginx:1.25");
        engine.start(web);
        engine.create("job", "busybox");
    }

    /** The handler's answer as a client sees it: written as the host writes it, then parsed. */
    private JsonNode get(TestApiRequest r) throws Exception {
        return Json.mapper().readTree(Json.mapper().writeValueAsBytes(h.call(r)));
    }

    private static void assertApiError(ThrowingCallable call, int status, String field, String messagePart) {
        assertThatThrownBy(call).isInstanceOfSatisfying(ApiException.class, e -> {
            assertThat(e.status()).isEqualTo(status);
            if (field != null) {
                assertThat(e.field()).isEqualTo(field);
            }
            assertThat(e.getMessage()).contains(messagePart);
        });
    }

    @Test
    void listsAllContainersWithTheContractFields() throws Exception {
        JsonNode body = get(TestApiRequest.of(HttpMethod.GET, C));
        assertThat(body.get("count").asInt()).isEqualTo(2);
        JsonNode first = body.get("containers").get(0);
        assertThat(first.get("name").asText()).isEqualTo("job");
        for (String field : new String[] {"id", "name", "image", "image_id", "status", "state", "health", "created",
                "started_at", "restart_count", "ports", "labels", "endpoint", "env_names", "networks", "mounts"}) {
            assertThat(first.has(field)).as(field).isTrue();
        }
        assertThat(body.toString()).doesNotContain("hunter2");
        JsonNode running = get(TestApiRequest.of(HttpMethod.GET, C).withQuery("status", "running"));
        assertThat(running.get("count").asInt()).isEqualTo(1);
    }

    @Test
    void oneContainerByIdShortIdOrNameWithRedactedInspect() throws Exception {
        String t = C + "/{id}";
        for (String ref : new String[] {web, web.substring(0, 12), "web", "/web"}) {
            JsonNode body = get(TestApiRequest.of(HttpMethod.GET, t).withPathParam("id", ref));
            assertThat(body.get("id").asText()).isEqualTo(web);
            assertThat(body.get("inspect").get("Config").get("Env").toString()).contains("DB_PASSWORD=******")
                    .doesNotContain("hunter2");
        }
    }

    @Test
    void badInputIsA4xxNamingTheField() {
        String t = C + "/{id}";
        assertApiError(() -> h.call(TestApiRequest.of(HttpMethod.GET, C).withQuery("status", "sleeping")),
                400, "status", "sleeping");
        assertApiError(() -> h.call(TestApiRequest.of(HttpMethod.GET, C).withQuery("endpoint", "mars")),
                400, "endpoint", "mars");
        assertApiError(() -> h.call(TestApiRequest.of(HttpMethod.GET, t).withPathParam("id", "../etc")),
                400, "id", "not a container id or name");
        assertApiError(() -> h.call(TestApiRequest.of(HttpMethod.GET, t).withPathParam("id", "x".repeat(300))),
                400, "id", "...");
        assertApiError(() -> h.call(TestApiRequest.of(HttpMethod.GET, t).withPathParam("id", "nope")),
                404, null, "container 'nope' does not exist");
        String logs = t + "/logs";
        TestApiRequest webLogs = TestApiRequest.of(HttpMethod.GET, logs).withPathParam("id", "web");
        assertApiError(() -> h.call(webLogs.withQuery("since", "yesterday")), 400, "since", "yesterday");
        assertApiError(() -> h.call(webLogs.withQuery("tail", "0")), 400, "tail", "expected an integer in [1, ");
        String del = t;
        assertApiError(() -> h.call(TestApiRequest.of(HttpMethod.DELETE, del).withPathParam("id", "web")
                .withQuery("force", "maybe")), 400, "force", "maybe");
    }

    @Test
    void ambiguousNamesAcrossEndpointsAreAConflict() {
        Harness two = new Harness("a", "b").start();
        two.engines.get("a").create("same", "x:1");
        two.engines.get("b").create("same", "x:1");
        String t = C + "/{id}";
        assertApiError(() -> two.call(TestApiRequest.of(HttpMethod.GET, t).withPathParam("id", "same")),
                409, null, "ambiguous");
        assertThat(two.watchtower.find("same", "b").info().endpoint()).isEqualTo("b");
    }

    @Test
    void actionsWriteLedgerAndEventAndAnswerTheOutcome() throws Exception {
        String stop = C + "/{id}/stop";
        JsonNode answer = Json.mapper().valueToTree(h.call(TestApiRequest.of(HttpMethod.POST, stop)
                .withPathParam("id", "web")
                .withPrincipal(new Principal("alice", Role.OPERATOR))));
        assertThat(answer.get("outcome").asText()).isEqualTo("succeeded");
        assertThat(h.watchtower.find("web", null).info().status()).isEqualTo("exited");

        LedgerEntry entry = h.ledger.tail(1).get(0);
        assertThat(entry.type()).isEqualTo("watchtower.container_action");
        assertThat(entry.payload().get("requested_by").asText()).isEqualTo("alice");
        assertThat(entry.payload().get("action").asText()).isEqualTo("stop");
        assertThat(entry.payload().get("outcome").asText()).isEqualTo("succeeded");
        assertThat(answer.get("ledger_seq").asLong()).isEqualTo(entry.seq());
        assertThat(h.bus.events("watchtower.container_action")).singleElement()
                .satisfies(e -> assertThat(e.data().get("container_name").asText()).isEqualTo("web"));

        JsonNode again = Json.mapper().valueToTree(h.call(TestApiRequest.of(HttpMethod.POST, stop)
                .withPathParam("id", "web")));
        assertThat(again.get("outcome").asText()).isEqualTo("no_change");
    }

    @Test
    void engineRefusalIsAConflictAndUnreachableEngineA502BothRecorded() {
        String t = C + "/{id}";
        assertApiError(() -> h.call(TestApiRequest.of(HttpMethod.DELETE, t).withPathParam("id", "web")),
                409, null, "You cannot remove a running container");
        assertThat(h.ledger.tail(1).get(0).payload().get("outcome").asText()).isEqualTo("failed");

        engine.goDown();
        String start = C + "/{id}/start";
        assertApiError(() -> h.call(TestApiRequest.of(HttpMethod.POST, start).withPathParam("id", "job")),
                502, null, "fake engine is down");
        assertThat(h.ledger.tail(1).get(0).payload().get("error").asText()).contains("fake engine is down");
    }

    @Test
    void healthIsPublicAndSaysDockerUnavailable() throws Exception {
        String t = "/api/watchtower/health";
        assertThat(h.routes.route(HttpMethod.GET, t).role())
                .isEqualTo(Role.PUBLIC);
        assertThat(get(TestApiRequest.of(HttpMethod.GET, t)).get("status").asText()).isEqualTo("healthy");
        engine.goDown();
        JsonNode body = get(TestApiRequest.of(HttpMethod.GET, t));
        assertThat(body.get("status").asText()).isEqualTo("docker_unavailable");
        assertThat(body.get("monitor_running").asBoolean()).isTrue();
        assertThat(body.get("endpoints").get(0).get("reachable").asBoolean()).isFalse();
        assertThat(body.get("endpoints").get(0).get("error").asText()).contains("connection reset");
    }

    @Test
    void statusStatsLogsAndImages() throws Exception {
        JsonNode status = get(TestApiRequest.of(HttpMethod.GET, "/api/watchtower/status"));
        assertThat(status.get("agent_id").asText()).isEqualTo("watchtower-001");
        assertThat(status.get("containers").get("running").asInt()).isEqualTo(1);
        assertThat(status.get("containers").get("stopped").asInt()).isEqualTo(1);
        JsonNode stats = get(TestApiRequest.of(HttpMethod.GET, "/api/watchtower/stats"));
        assertThat(stats.get("total").asInt()).isEqualTo(2);
        String logs = C + "/{id}/logs";
        JsonNode lines = get(TestApiRequest.of(HttpMethod.GET, logs).withPathParam("id", "web").withQuery("since", "10m"));
        assertThat(lines.get("lines").get(0).get("stream").asText()).isEqualTo("stdout");
        JsonNode images = get(TestApiRequest.of(HttpMethod.GET, "/api/watchtower/images"));
        assertThat(images.get("images").get(0).get("tags").get(0).asText()).isEqualTo("local/busybox:1");
        assertThat(images.get("images").get(0).get("containers").asInt()).isEqualTo(2);
    }

    @Test
    void routesAnswer503BeforeStart() {
        Harness idle = new Harness();
        assertApiError(() -> idle.call(TestApiRequest.of(HttpMethod.GET, C)), 503, null, "not running");
    }

    @Test
    void agentTasksDoTheSameActions() throws Exception {
        var params = Json.object().put("container", "web");
        var result = h.agent.handle(dev.alexos.core.Task.of("container.restart", params).requestedBy("workflow:7")).get();
        assertThat(result.succeeded()).isTrue();
        assertThat(result.output().get("outcome").asText()).isEqualTo("succeeded");
        assertThat(h.ledger.tail(1).get(0).payload().get("requested_by").asText()).isEqualTo("workflow:7");

        var unknown = h.agent.handle(dev.alexos.core.Task.of("container.stop", Json.object().put("container", "ghost"))).get();
        assertThat(unknown.succeeded()).isFalse();
        assertThat(unknown.error()).contains("container 'ghost' does not exist");
        var missing = h.agent.handle(dev.alexos.core.Task.of("container.stop", Json.object())).get();
        assertThat(missing.error()).contains("container: required");
        var list = h.agent.handle(dev.alexos.core.Task.of("containers.list", Json.object().put("status", "running"))).get();
        assertThat(list.output().get("count").asInt()).isEqualTo(1);
        assertThat(h.agent.handle(dev.alexos.core.Task.of("container.explode", Json.object())))
                .isCompletedExceptionally();
        assertThat(h.agent.descriptor().type()).isEqualTo("system");
        assertThat(Map.of("id", h.agent.descriptor().id())).containsEntry("id", "watchtower-001");
    }
}
