package dev.alexos.chainbot.internal.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.alexos.chainbot.workflow.FailurePolicy;
import dev.alexos.chainbot.workflow.StepType;
import dev.alexos.chainbot.workflow.WorkflowDefinition;
import dev.alexos.chainbot.workflow.WorkflowValidationException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class DefinitionParserTest {
    private final DefinitionParser parser = new DefinitionParser();

    private static ObjectNode yaml(String text) throws Exception {
        return (ObjectNode) DefinitionRepository.readDocument(text, false);
    }

    @Test
    void acceptsTheOriginalFormat() throws Exception {
        WorkflowDefinition d = parser.parse(Harness.json("""
                {"id": "workflow-001", "name": "Data pipeline", "type": "sequential",
                 "steps": [
                   {"id": "fetch", "type": "agent_task", "name": "Fetch", "config": {"agent": "a1", "action": "fetch"},
                    "output_variable": "data", "on_failure": {"action": "retry", "max_retries": 2}},
                   {"id": "check", "type": "transform", "condition": "${vars.data} != null", "config": {"value": 1},
                    "on_failure": {"action": "continue"}}
                 ]}"""));
        assertThat(d.mode()).isEqualTo(WorkflowDefinition.Mode.SEQUENTIAL);
        assertThat(d.steps()).hasSize(2);
        assertThat(d.steps().get(0).onFailure().action()).isEqualTo(FailurePolicy.Action.RETRY);
        assertThat(d.steps().get(0).onFailure().maxAttempts()).isEqualTo(3);
        assertThat(d.steps().get(0).outputVariable()).isEqualTo("data");
        assertThat(d.steps().get(1).onFailure().continuesAfterFailure()).isTrue();
    }

    @Test
    void acceptsTheGraphFormAndRejectsCycles() throws Exception {
        WorkflowDefinition d = parser.parse(yaml("""
                id: g
                nodes:
                  - {id: a, type: transform, config: {value: 1}}
                  - {id: b, type: transform, config: {value: 2}}
                  - {id: c, type: transform, config: {value: 3}}
                edges:
                  - {from: a, to: c}
                  - {from: b, to: c}
                """));
        assertThat(d.mode()).isEqualTo(WorkflowDefinition.Mode.GRAPH);
        assertThat(d.steps().get(2).dependsOn()).containsExactly("a", "b");

        assertThatThrownBy(() -> parser.parse(yaml("""
                id: g
                nodes:
                  - {id: a, type: transform, config: {value: 1}}
                  - {id: b, type: transform, config: {value: 2}}
                edges:
                  - {from: a, to: b}
                  - {from: b, to: a}
                """))).isInstanceOf(WorkflowValidationException.class).hasMessageContaining("cycle");
        assertThatThrownBy(() -> parser.parse(yaml("""
                id: g
                nodes:
                  - {id: a, type: transform, config: {value: 1}}
                edges:
                  - {from: a, to: zz}
                """))).hasMessage("edges[0].to: no node 'zz'");
    }

    @Test
    void errorsNameTheStepAndField() throws Exception {
        assertThatThrownBy(() -> parser.parse(yaml("""
                id: w
                steps:
                  - {id: ok, type: transform, config: {value: 1}}
                  - {id: restart, type: agent_task, config: {action: container.restart}}
                """))).isInstanceOf(WorkflowValidationException.class)
                .hasMessageStartingWith("steps[1] (restart).config.agent:")
                .extracting(e -> ((WorkflowValidationException) e).field()).isEqualTo("steps[1] (restart).config.agent");
        assertThatThrownBy(() -> parser.parse(yaml("""
                id: w
                steps:
                  - id: loop
                    type: for_each
                    config: {items: [1]}
                    steps:
                      - {id: w1, type: wait, config: {duration: soon}}
                """))).hasMessageStartingWith("steps[0] (loop).steps[0] (w1).config.duration: 'soon' is not a duration");
        assertThatThrownBy(() -> parser.parse(yaml("""
                id: w
                steps:
                  - {id: a, type: teleport}
                """))).hasMessageStartingWith("steps[0] (a).type: 'teleport' is not a step type");
        assertThatThrownBy(() -> parser.parse(yaml("""
                id: w
                steps:
                  - {id: a, type: transform, config: {value: 1}}
                  - {id: a, type: transform, config: {value: 1}}
                """))).hasMessageContaining("duplicate step id 'a'");
        assertThatThrownBy(() -> parser.parse(yaml("""
                id: w
                steps:
                  - {id: a, type: transform, config: {value: 1}, on_failure: {action: explode}}
                """))).hasMessageStartingWith("steps[0] (a).on_failure.action:");
        assertThatThrownBy(() -> parser.parse(yaml("id: w\nsteps: []"))).hasMessageStartingWith("steps:");
        assertThatThrownBy(() -> parser.parse(yaml("steps: [{id: a, type: transform, config: {value: 1}}]")))
                .hasMessage("id: is required");
        assertThatThrownBy(() -> parser.parse(yaml("""
                id: w
                inputs: {n: {type: complex}}
                steps: [{id: a, type: transform, config: {value: 1}}]
                """))).hasMessageStartingWith("inputs.n.type:");
    }

    @Test
    void parsesNestedBranchesTimeoutsAndTypes() throws Exception {
        WorkflowDefinition d = parser.parse(yaml("""
                id: w
                timeout: 5m
                steps:
                  - id: c
                    type: condition
                    config: {if: "inputs.x > 1"}
                    then: [{id: t, type: transform, config: {value: 1}, timeout: 250ms}]
                    else: [{id: e, type: transform, config: {value: 2}}]
                  - id: s
                    type: switch
                    config:
                      value: "${inputs.kind}"
                      cases:
                        a: [{id: ca, type: wait, config: {duration: 2h}}]
                      default: [{id: cd, type: emit_event, config: {event: done}}]
                """));
        assertThat(d.timeout()).isEqualTo(Duration.ofMinutes(5));
        assertThat(d.steps().get(0).branches()).containsOnlyKeys("then", "else");
        assertThat(d.steps().get(0).branches().get("then").get(0).timeout()).isEqualTo(Duration.ofMillis(250));
        assertThat(d.steps().get(1).branches()).containsOnlyKeys("case:a", "default");
        assertThat(d.steps().get(1).branches().get("case:a").get(0).type()).isEqualTo(StepType.WAIT);
    }
}
