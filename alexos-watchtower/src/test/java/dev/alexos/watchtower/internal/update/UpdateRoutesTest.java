package dev.alexos.watchtower.internal.update;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
