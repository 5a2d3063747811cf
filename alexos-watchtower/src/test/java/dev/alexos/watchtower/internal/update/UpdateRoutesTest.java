package dev.alexos.watchtower.internal.update;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.alexos.core.config.Secret;
import dev.alexos.core.http.ApiException;
import dev.alexos.core.http.ApiRoute;
import dev.alexos.core.http.HttpMethod;
import dev.alexos.core.http.Principal;
import dev.alexos.core.http.Role;
import dev.alexos.core.json.Json;
import dev.alexos.testkit.AgentTestKit;
import dev.alexos.testkit.TestApiRequest;
import dev.alexos.testkit.TestRoutes;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The update routes' own checks: webhook token, request validation, config validation and audit. */
class UpdateRoutesTest {
    @TempDir
    Path tmp;
    AgentTestKit kit;
    List<ApiRoute> routes;

    @BeforeEach
    void setUp() {
        kit = AgentTestKit.builder().module("watchtower").build();
        UpdateService service = new UpdateService(List.of(),
                new RegistryClient(RegistryCredentials.none(), kit.clock(), 10, Duration.ofHours(1), Duration.ofSeconds(1)),
                new UpdateHistory(tmp.resolve("history.jsonl"), 10), kit.contextFor("watchtower-001"),
                UpdateSettingsDefaults.NONE, List.of());
        routes = new UpdateRoutes(service, kit.clock(), Optional.of(Secret.of("hook-secret")), () -> "watchtower-001").routes();
    }

    @AfterEach
    void tearDown() {
        kit.close();
    }

    /** Calls a route by template; {@code params} keys starting with {@code ?} are query parameters. */
    private Object call(HttpMethod method, String template, Map<String, String> params, String body, Map<String, String> headers) {
        TestApiRequest request = TestApiRequest.of(method, template).withBody(body)
                .withPrincipal(new Principal("alice", Role.ADMIN));
        for (Map.Entry<String, String> p : params.entrySet()) {
            request = p.getKey().startsWith("?") ? request.withQuery(p.getKey().substring(1), p.getValue())
                    : request.withPathParam(p.getKey(), p.getValue());
        }
        for (Map.Entry<String, String> h : headers.entrySet()) {
            request = request.withHeader(h.getKey(), h.getValue());
        }
        return TestRoutes.of(routes).handle(request);
    }

    @Test
    void webhookNeedsTheRightTokenAndAnAgentIdThatExists() {
        String path = "/api/watchtower/webhook/{agent_id}";
        assertThatThrownBy(() -> call(HttpMethod.POST, path, Map.of("agent_id", "watchtower-001"), "{\"images\":[\"app\"]}", Map.of()))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(401));
        assertThatThrownBy(() -> call(HttpMethod.POST, path, Map.of("agent_id", "watchtower-001"), "{\"images\":[\"app\"]}",
                Map.of("X-Alexos-Webhook-Token", "wrong")))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(401));
        assertThatThrownBy(() -> call(HttpMethod.POST, path, Map.of("agent_id", "nobody"), "{}", Map.of()))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(404));
    }

    @Test
    void webhookValidatesTheImageList() {
        String path = "/api/watchtower/webhook/{agent_id}";
        Map<String, String> token = Map.of("X-Alexos-Webhook-Token", "hook-secret");
        assertThatThrownBy(() -> call(HttpMethod.POST, path, Map.of("agent_id", "watchtower-001"), "{}", token))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.field()).isEqualTo("images"));
        assertThatThrownBy(() -> call(HttpMethod.POST, path, Map.of("agent_id", "watchtower-001"), "{\"images\":[\"UPPER/x\"]}", token))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.getMessage()).contains("invalid repository"));
    }

    @Test
    void pendingUpdatesAreEmptyBeforeAnyCheckAndTheFlagIsValidated() throws Exception {
        String path = "/api/watchtower/updates";
        Object out = call(HttpMethod.GET, path, Map.of("?pending", "true"), null, Map.of());
        assertThat(Json.mapper().valueToTree(out).path("count").asInt()).isZero();
        assertThatThrownBy(() -> call(HttpMethod.GET, path, Map.of("?pending", "yes"), null, Map.of()))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.field()).isEqualTo("pending"));
    }

    @Test
    void historyOfOneContainerHasOnlyItsRecordsNewestFirstAndABlankNameIsRefused() throws Exception {
        UpdateHistory history = new UpdateHistory(tmp.resolve("two.jsonl"), 10);
        java.time.Instant t = java.time.Instant.parse("2026-01-01T00:00:00Z");
        history.append(new UpdateRecord("1", "web", "a", "b", "app:1", null, null, "sha256:1", "sha256:2", UpdateRecord.APPLIED,
                null, "op", t, t.plusSeconds(5)));
        history.append(new UpdateRecord("2", "db", "c", null, "db:1", null, null, "sha256:3", "sha256:4", UpdateRecord.FAILED,
                "pull failed", "op", t.plusSeconds(10), t.plusSeconds(11)));
        history.append(new UpdateRecord("3", "web", "b", null, "app:1", null, null, "sha256:2", "sha256:5", UpdateRecord.ROLLED_BACK,
                "new container exited", "op", t.plusSeconds(20), t.plusSeconds(30)));
        UpdateService service = new UpdateService(List.of(),
                new RegistryClient(RegistryCredentials.none(), kit.clock(), 10, Duration.ofHours(1), Duration.ofSeconds(1)),
                history, kit.contextFor("watchtower-001"), UpdateSettingsDefaults.NONE, List.of());
        routes = new UpdateRoutes(service, kit.clock(), Optional.empty(), () -> "watchtower-001").routes();
        String path = "/api/watchtower/updates";

        JsonNode web = Json.mapper().valueToTree(call(HttpMethod.GET, path, Map.of("?container", "web"), null, Map.of()));

        assertThat(web.path("count").asInt()).isEqualTo(2);
        assertThat(web.path("updates").findValuesAsText("outcome")).containsExactly("rolled_back", "applied");
        assertThat(web.path("updates").get(0).path("reason").asText()).isEqualTo("new container exited");
        JsonNode all = Json.mapper().valueToTree(call(HttpMethod.GET, path, Map.of(), null, Map.of()));
        assertThat(all.path("count").asInt()).isEqualTo(3);
        assertThatThrownBy(() -> call(HttpMethod.GET, path, Map.of("?container", " "), null, Map.of()))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.field()).isEqualTo("container"));
    }

    @Test
    void configIsValidatedAndChangesAreRecordedInTheLedger() throws Exception {
        String path = "/api/watchtower/config";
        assertThatThrownBy(() -> call(HttpMethod.PUT, path, Map.of(), "{\"update_interval\": 1}", Map.of()))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.field()).isEqualTo("update_interval"));
        assertThatThrownBy(() -> call(HttpMethod.PUT, path, Map.of(), "{\"no_such\": true}", Map.of()))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.field()).isEqualTo("no_such"));
        assertThatThrownBy(() -> call(HttpMethod.PUT, path, Map.of(), "{\"maintenance_window\": \"2am\"}", Map.of()))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.field()).isEqualTo("maintenance_window"));
        assertThat(kit.ledger().entries()).isEmpty();

        Object after = call(HttpMethod.PUT, path, Map.of(), "{\"auto_update\": true, \"maintenance_window\": \"02:00-04:00\"}", Map.of());

        assertThat(Json.mapper().valueToTree(after).path("auto_update").asBoolean()).isTrue();
        assertThat(kit.ledger().entries("watchtower.config_changed")).singleElement()
                .satisfies(e -> assertThat(e.payload().path("by").asText()).isEqualTo("alice"));
    }
}
