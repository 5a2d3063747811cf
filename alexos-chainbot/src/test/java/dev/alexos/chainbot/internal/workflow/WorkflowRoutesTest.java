package dev.alexos.chainbot.internal.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.alexos.chainbot.workflow.StepStatus;
import dev.alexos.core.http.ApiException;
import dev.alexos.core.http.ApiResponse;
import dev.alexos.core.http.ApiRoute;
import dev.alexos.core.http.HttpMethod;
import dev.alexos.core.http.Principal;
import dev.alexos.core.http.Role;
import dev.alexos.core.json.Json;
import dev.alexos.testkit.TestApiRequest;
import dev.alexos.testkit.TestRoutes;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class WorkflowRoutesTest extends EngineTest {
    List<ApiRoute> routes;

    @BeforeEach
    void routes() {
        routes = new WorkflowRoutes(h.engine, h.clock).routes();
    }

    private Object call(HttpMethod m, String template, Map<String, String> params, Map<String, String> query, String body) {
        TestApiRequest request = TestApiRequest.of(m, template).withPathParams(params).withBody(body)
                .withPrincipal(new Principal("op", Role.OPERATOR));
        for (Map.Entry<String, String> q : query.entrySet()) {
            request = request.withQuery(q.getKey(), q.getValue());
        }
        return TestRoutes.of(routes).handle(request);
    }

    private static JsonNode json(Object o) {
        Object body = o instanceof ApiResponse r ? r.body() : o;
        return Json.mapper().valueToTree(body);
    }

    @Test
    void rolesAreViewerForReadsAndOperatorForChanges() {
        assertThat(routes).hasSize(11);
        assertThat(routes).filteredOn(r -> r.method() == HttpMethod.GET).allMatch(r -> r.role() == Role.VIEWER);
        assertThat(routes).filteredOn(r -> r.method() != HttpMethod.GET).allMatch(r -> r.role() == Role.OPERATOR);
    }

    @Test
    void definitionsAreValidatedOnSave() throws Exception {
        String wf = "{\"id\": \"w\", \"inputs\": {\"n\": {\"type\": \"integer\"}}, \"steps\": [{\"id\": \"a\", \"type\": \"agent_task\","
                + " \"config\": {\"agent\": \"echo-1\", \"action\": \"x\", \"params\": {\"n\": \"${inputs.n}\"}}}]}";
        Object created = call(HttpMethod.POST, "/api/chainbot/workflows", Map.of(), Map.of(), wf);
        assertThat(((ApiResponse) created).status()).isEqualTo(201);
        assertThatThrownBy(() -> call(HttpMethod.POST, "/api/chainbot/workflows", Map.of(), Map.of(), wf))
                .isInstanceOf(ApiException.class).extracting(e -> ((ApiException) e).status()).isEqualTo(409);
        assertThatThrownBy(() -> call(HttpMethod.PUT, "/api/chainbot/workflows/{id}", Map.of("id", "w"), Map.of(),
                "{\"steps\": [{\"id\": \"a\", \"type\": \"agent_task\", \"config\": {\"agent\": \"echo-1\"}}]}"))
                .isInstanceOf(ApiException.class)
                .satisfies(e -> {
                    assertThat(((ApiException) e).status()).isEqualTo(400);
                    assertThat(((ApiException) e).field()).isEqualTo("steps[0] (a).config.action");
                });
        JsonNode yaml = json(call(HttpMethod.PUT, "/api/chainbot/workflows/{id}", Map.of("id", "y"), Map.of(),
                "{\"yaml\": \"steps:\\n  - {id: t, type: transform, config: {value: 1}}\\n\"}"));
        assertThat(yaml.get("id").asText()).isEqualTo("y");
        JsonNode list = json(call(HttpMethod.GET, "/api/chainbot/workflows", Map.of(), Map.of(), null));
        assertThat(list.get("count").asInt()).isEqualTo(2);
        JsonNode one = json(call(HttpMethod.GET, "/api/chainbot/workflows/{id}", Map.of("id", "w"), Map.of(), null));
        assertThat(one.at("/definition/steps/0/id").asText()).isEqualTo("a");
        assertThat(one.at("/inputs/n/type").asText()).isEqualTo("integer");
        assertThat(json(call(HttpMethod.DELETE, "/api/chainbot/workflows/{id}", Map.of("id", "y"), Map.of(), null))
                .get("deleted").asBoolean()).isTrue();
        assertThatThrownBy(() -> call(HttpMethod.GET, "/api/chainbot/workflows/{id}", Map.of("id", "y"), Map.of(), null))
                .extracting(e -> ((ApiException) e).status()).isEqualTo(404);
    }

    @Test
    void executeAnswersWithTheRunAndItsErrors() throws Exception {
        h.define("""
                id: w
                inputs: {n: {type: integer}}
                steps: [{id: a, type: agent_task, config: {agent: echo-1, action: x, params: {n: "${inputs.n}"}}}]
                output: "${steps.a.output.n}"
                """);
        JsonNode ok = json(call(HttpMethod.POST, "/api/chainbot/workflows/{id}/execute", Map.of("id", "w"), Map.of(),
                "{\"inputs\": {\"n\": 4}}"));
        assertThat(ok.get("status").asText()).isEqualTo("completed");
        assertThat(ok.get("result").asInt()).isEqualTo(4);
        assertThat(ok.get("workflow_id").asText()).isEqualTo("w");
        assertThat(ok.get("completed_at").asText()).isNotEmpty();

        assertThatThrownBy(() -> call(HttpMethod.POST, "/api/chainbot/workflows/{id}/execute", Map.of("id", "nope"), Map.of(), "{}"))
                .satisfies(e -> assertThat(((ApiException) e).status()).isEqualTo(404));
        assertThatThrownBy(() -> call(HttpMethod.POST, "/api/chainbot/workflows/{id}/execute", Map.of("id", "w"), Map.of(),
                "{\"inputs\": {\"n\": \"four\"}}"))
                .satisfies(e -> {
                    assertThat(((ApiException) e).status()).isEqualTo(400);
                    assertThat(((ApiException) e).field()).isEqualTo("inputs.n");
                });
        assertThatThrownBy(() -> call(HttpMethod.POST, "/api/chainbot/workflows/{id}/execute", Map.of("id", "w"), Map.of(), "{}"))
                .hasMessage("inputs.n: is required by workflow 'w'");

        Object accepted = call(HttpMethod.POST, "/api/chainbot/workflows/{id}/execute", Map.of("id", "w"), Map.of("wait", "0"),
                "{\"inputs\": {\"n\": 1}}");
        assertThat(((ApiResponse) accepted).status()).isEqualTo(202);
        String runId = json(accepted).get("execution_id").asText();
        h.await(runId);
        JsonNode detail = json(call(HttpMethod.GET, "/api/chainbot/executions/{id}", Map.of("id", runId), Map.of(), null));
        assertThat(detail.get("status").asText()).isEqualTo("completed");
        assertThat(detail.at("/steps/0/step_key").asText()).isEqualTo("a");
        assertThat(detail.at("/steps/0/attempts").asInt()).isEqualTo(1);
        JsonNode history = json(call(HttpMethod.GET, "/api/chainbot/executions", Map.of(), Map.of("workflow_id", "w"), null));
        assertThat(history.get("count").asInt()).isEqualTo(2);
        assertThatThrownBy(() -> call(HttpMethod.POST, "/api/chainbot/executions/{id}/cancel", Map.of("id", runId), Map.of(), null))
                .satisfies(e -> assertThat(((ApiException) e).status()).isEqualTo(409));
    }

    @Test
    void approveAndCancelThroughTheApi() throws Exception {
        h.define("""
                id: gate
                steps:
                  - {id: ok, type: approval, config: {message: "go?"}}
                """);
        String id = json(call(HttpMethod.POST, "/api/chainbot/workflows/{id}/execute", Map.of("id", "gate"), Map.of("wait", "0"), null))
                .get("execution_id").asText();
        h.awaitStep(id, "ok", StepStatus.WAITING_APPROVAL);
        JsonNode waiting = json(call(HttpMethod.POST, "/api/chainbot/workflows/{id}/execute", Map.of("id", "gate"), Map.of("wait", "1"), null));
        assertThat(waiting.get("status").asText()).isIn("running", "waiting_approval");
        JsonNode d = json(call(HttpMethod.POST, "/api/chainbot/executions/{id}/approve", Map.of("id", id), Map.of(),
                "{\"comment\": \"ship it\"}"));
        assertThat(d.at("/decision/by").asText()).isEqualTo("op");
        assertThat(h.await(id).status().wireName()).isEqualTo("completed");

        String other = waiting.get("execution_id").asText();
        JsonNode c = json(call(HttpMethod.POST, "/api/chainbot/executions/{id}/cancel", Map.of("id", other), Map.of(), null));
        assertThat(c.get("cancelled").asBoolean()).isTrue();
        assertThat(h.await(other).status().wireName()).isEqualTo("cancelled");
        assertThatThrownBy(() -> call(HttpMethod.POST, "/api/chainbot/executions/{id}/reject", Map.of("id", "missing"), Map.of(), null))
                .satisfies(e -> assertThat(((ApiException) e).status()).isEqualTo(404));
    }
}
