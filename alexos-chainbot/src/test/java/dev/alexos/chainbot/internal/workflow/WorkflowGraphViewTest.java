package dev.alexos.chainbot.internal.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.alexos.chainbot.workflow.RunStatus;
import dev.alexos.chainbot.workflow.WorkflowRun;
import dev.alexos.core.event.Event;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the dashboard draws a run from: the definition's normalised {@code structure} and the
 * step progress events ({@code step_started}, {@code step_skipped}).
 */
class WorkflowGraphViewTest {
    @TempDir
    Path dir;

    private static ObjectNode yaml(String text) throws Exception {
        return (ObjectNode) DefinitionRepository.readDocument(text, false);
    }

    @Test
    void structureNormalisesNestedStepsAliasesAndEdges() throws Exception {
        var d = new DefinitionParser().parse(yaml("""
                id: g
                nodes:
                  - {id: start, type: transform, config: {value: 1}}
                  - id: fan
                    type: parallel
                    config:
                      steps:
                        - {id: p1, type: http, config: {url: "http://127.0.0.1:1/x"}}
                        - {id: p2, type: delay, config: {duration: 2s}}
                  - id: check
                    type: if
                    condition: "inputs.go"
                    config: {if: "inputs.n > 1"}
                    then: [{id: big, type: transform, config: {value: big}}]
                  - id: pick
                    type: switch
                    config:
                      value: "${inputs.kind}"
                      cases: {red: [{id: r, type: transform, config: {value: r}}]}
                      default: [{id: other, type: workflow, config: {workflow_id: child}}]
                  - id: each
                    type: for_each
                    config: {items: [1, 2], steps: [{id: item, type: agent_task, config: {capability: echo, action: x}}]}
                edges:
                  - {from: start, to: fan}
                  - {from: start, to: check}
                  - {from: fan, to: pick}
                  - {from: check, to: pick}
                  - {from: pick, to: each}
                """));
        ArrayNode s = RunViews.structure(d.steps());
        assertThat(s).extracting(n -> n.get("id").asText()).containsExactly("start", "fan", "check", "pick", "each");
        assertThat(s.get(0).has("depends_on")).isFalse();
        assertThat(s.get(3).get("depends_on")).extracting(JsonNode::asText).containsExactly("fan", "check");
        JsonNode fan = s.get(1);
        assertThat(fan.get("type").asText()).isEqualTo("parallel");
        assertThat(fan.get("children")).extracting(n -> n.get("id").asText() + ":" + n.get("type").asText())
                .containsExactly("p1:api_call", "p2:wait");
        assertThat(fan.at("/children/1/duration").asText()).isEqualTo("2s");
        JsonNode check = s.get(2);
        assertThat(check.get("type").asText()).isEqualTo("condition");
        assertThat(check.get("if").asText()).isEqualTo("inputs.n > 1");
        assertThat(check.get("condition").asText()).isEqualTo("inputs.go");
        assertThat(check.at("/branches/then/0/id").asText()).isEqualTo("big");
        assertThat(check.at("/branches").has("else")).isFalse();
        JsonNode pick = s.get(3);
        assertThat(pick.get("branches").fieldNames()).toIterable().containsExactly("red", "default");
        assertThat(pick.at("/branches/default/0/type").asText()).isEqualTo("sub_workflow");
        assertThat(pick.at("/branches/default/0/workflow_id").asText()).isEqualTo("child");
        JsonNode each = s.get(4);
        assertThat(each.at("/children/0/agent").asText()).isEqualTo("capability echo");
        assertThat(each.get("items").asText()).isEqualTo("[1,2]");
        assertThat(RunViews.definition(d).get("structure")).isEqualTo(s);
    }

    @Test
    void stepsAnnounceTheirStartAndSkipForLiveViews() throws Exception {
        try (Harness h = new Harness(dir)) {
            h.start();
            h.echo("echo-1");
            h.define("""
                    id: w
                    steps:
                      - {id: ask, type: agent_task, config: {agent: echo-1, action: ping}}
                      - {id: shape, type: transform, config: {value: 1}}
                      - {id: never, type: agent_task, condition: "inputs.n > 100", config: {agent: echo-1, action: x}}
                      - id: pick
                        type: condition
                        config: {if: "inputs.n > 100"}
                        then: [{id: big, type: transform, config: {value: big}}]
                        else: [{id: small, type: transform, config: {value: small}}]
                    """);
            WorkflowRun r = h.execute("w", "{\"n\": 1}");
            assertThat(r.status()).isEqualTo(RunStatus.COMPLETED);
            List<Event> started = h.bus.events("chainbot.step_started");
            // a transform is instant and writes no running record, so it announces no start
            assertThat(started).extracting(e -> e.data().get("step_id").asText()).containsExactly("ask", "pick");
            assertThat(started.get(0).data().get("execution_id").asText()).isEqualTo(r.id());
            assertThat(started.get(0).data().get("step_key").asText()).isEqualTo("ask");
            assertThat(started.get(0).data().get("attempts").asInt()).isEqualTo(1);
            long startSeq = started.get(0).seq();
            long doneSeq = h.bus.events("chainbot.step_completed").stream()
                    .filter(e -> e.data().get("step_id").asText().equals("ask")).findFirst().orElseThrow().seq();
            assertThat(startSeq).isLessThan(doneSeq);
            assertThat(h.bus.events("chainbot.step_skipped")).extracting(e -> e.data().get("step_id").asText())
                    .containsExactly("never");
            // the branch taken travels with the condition's completion, so that a view marks the other one
            Event pick = h.bus.events("chainbot.step_completed").stream()
                    .filter(e -> e.data().get("step_id").asText().equals("pick")).findFirst().orElseThrow();
            assertThat(pick.data().get("branch").asText()).isEqualTo("else");
            assertThat(h.bus.events("chainbot.step_completed").stream().filter(e -> e.data().get("step_id").asText().equals("ask"))
                    .findFirst().orElseThrow().data().has("branch")).isFalse();
        }
    }
}
