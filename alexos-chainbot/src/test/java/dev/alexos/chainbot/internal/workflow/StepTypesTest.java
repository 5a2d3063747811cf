package dev.alexos.chainbot.internal.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import dev.alexos.chainbot.workflow.RunStatus;
import dev.alexos.chainbot.workflow.StepStatus;
import dev.alexos.chainbot.workflow.WorkflowRun;
import dev.alexos.core.TaskResult;
import dev.alexos.core.json.Json;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class StepTypesTest extends EngineTest {

    @Test
    void agentTaskByIdAndByCapability() throws Exception {
        h.define("""
                id: w
                steps:
                  - {id: a, type: agent_task, config: {agent: echo-1, action: ping, params: {n: "${inputs.n}"}}}
                  - {id: b, type: agent_task, config: {capability: echo, action: pong, params: {prev: "${steps.a.output.n}"}}}
                """);
        WorkflowRun r = h.execute("w", "{\"n\": 5}");
        assertThat(r.status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(echo.tasks).extracting(t -> t.action()).containsExactly("ping", "pong");
        assertThat(echo.tasks.get(1).params().get("prev").asInt()).isEqualTo(5);
        assertThat(echo.tasks.get(0).requestedBy()).isEqualTo("workflow:" + r.id());
    }

    @Test
    void agentFailureFailsTheRunWithTheAgentsReason() throws Exception {
        h.agents.register(new ScriptedAgent("bad", List.of(), t -> CompletableFuture.completedFuture(TaskResult.failure("disk full"))));
        h.define("""
                id: w
                steps:
                  - {id: a, type: agent_task, config: {agent: bad, action: write}}
                  - {id: b, type: agent_task, config: {agent: echo-1, action: never}}
                """);
        WorkflowRun r = h.execute("w", "{}");
        assertThat(r.status()).isEqualTo(RunStatus.FAILED);
        assertThat(r.error()).isEqualTo("step 'a' failed: agent 'bad' action 'write' failed: disk full");
        assertThat(echo.tasks).isEmpty();
        assertThat(h.bus.events("chainbot.step_failed")).hasSize(1);
        assertThat(h.bus.events("chainbot.workflow_execution_failed")).hasSize(1);
    }

    @Test
    void llmSendsChatToTheAiAgent() throws Exception {
        ScriptedAgent ai = new ScriptedAgent("gpt-1", List.of("chat"), t -> {
            ObjectNode out = Json.object();
            out.put("text", "echo: " + t.param("prompt") + " / " + t.param("system"));
            out.putObject("usage").put("total_tokens", 12);
            return CompletableFuture.completedFuture(TaskResult.success(out));
        });
        h.agents.register(ai);
        h.define("""
                id: w
                steps:
                  - {id: ask, type: llm, config: {agent: gpt-1, prompt: "Summarize ${inputs.topic}", system: "be brief"}}
                output: "${steps.ask.output.text}"
                """);
        WorkflowRun r = h.execute("w", "{\"topic\": \"logs\"}");
        assertThat(r.result().asText()).isEqualTo("echo: Summarize logs / be brief");
        assertThat(ai.tasks.get(0).action()).isEqualTo("chat");
    }

    @Test
    void apiCallTalksHttpOnLoopback() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/items", ex -> {
            String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            byte[] out = ("{\"method\": \"" + ex.getRequestMethod() + "\", \"got\": " + body + ", \"auth\": \""
                    + ex.getRequestHeaders().getFirst("Authorization") + "\"}").getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().add("Content-Type", "application/json");
            ex.sendResponseHeaders(201, out.length);
            ex.getResponseBody().write(out);
            ex.close();
        });
        server.createContext("/broken", ex -> {
            ex.sendResponseHeaders(503, -1);
            ex.close();
        });
        server.start();
        try {
            String base = "http://127.0.0.1:" + server.getAddress().getPort();
            h.define("""
                    id: w
                    steps:
                      - id: post
                        type: api_call
                        config:
                          url: "${inputs.base}/items"
                          method: POST
                          headers: {Authorization: "Bearer ${inputs.token}"}
                          body: {name: "x"}
                    output: "${steps.post.output}"
                    """);
            WorkflowRun r = h.execute("w", "{\"base\": \"" + base + "\", \"token\": \"s3cret\"}");
            assertThat(r.status()).isEqualTo(RunStatus.COMPLETED);
            assertThat(r.result().get("status").asInt()).isEqualTo(201);
            assertThat(r.result().at("/body/got/name").asText()).isEqualTo("x");
            assertThat(r.result().at("/body/auth").asText()).isEqualTo("Bearer s3cret");
            // the recorded step input never shows the token
            String recorded = h.step(r.id(), "post").orElseThrow().input().toString();
            assertThat(recorded).doesNotContain("s3cret").contains("******");

            h.define("""
                    id: w2
                    steps:
                      - {id: get, type: api_call, config: {url: "${inputs.base}/broken"}}
                    """);
            WorkflowRun bad = h.execute("w2", "{\"base\": \"" + base + "\"}");
            assertThat(bad.status()).isEqualTo(RunStatus.FAILED);
            assertThat(bad.error()).contains("HTTP 503 from GET " + base + "/broken");
        } finally {
            server.stop(0);
        }
    }

    @Test
    void transformOperations() throws Exception {
        h.define("""
                id: w
                steps:
                  - id: data
                    type: transform
                    config: {parse: "{\\"items\\": [{\\"n\\": 1, \\"ok\\": true}, {\\"n\\": 2, \\"ok\\": false}, {\\"n\\": 3, \\"ok\\": true}]}"}
                  - id: good
                    type: transform
                    config: {from: "${steps.data.output}", path: "items", where: "item.ok", map: {double: "${item.n}", label: "n=${item.n}"}}
                  - id: count
                    type: transform
                    config: {from: "${steps.data.output.items}", where: "item.n > 1", count: true}
                  - id: names
                    type: transform
                    config: {from: "${steps.data.output.items}", pick: [n]}
                  - id: text
                    type: transform
                    config: {template: "${len(steps.good.output)} good of ${len(steps.data.output.items)}"}
                  - id: str
                    type: transform
                    config: {stringify: "${steps.names.output}"}
                """);
        WorkflowRun r = h.execute("w", "{}");
        assertThat(r.error()).isNull();
        assertThat(r.result().get("good").toString()).isEqualTo("[{\"double\":1,\"label\":\"n=1\"},{\"double\":3,\"label\":\"n=3\"}]");
        assertThat(r.result().get("count").asInt()).isEqualTo(2);
        assertThat(r.result().get("text").asText()).isEqualTo("2 good of 3");
        assertThat(r.result().get("str").asText()).isEqualTo("[{\"n\":1},{\"n\":2},{\"n\":3}]");
    }

    @Test
    void conditionAndSwitchTakeOneBranch() throws Exception {
        h.define("""
                id: w
                steps:
                  - id: c
                    type: condition
                    config: {if: "inputs.n > 10"}
                    then: [{id: big, type: transform, config: {value: big}}]
                    else: [{id: small, type: transform, config: {value: small}}]
                  - id: s
                    type: switch
                    config:
                      value: "${inputs.kind}"
                      cases:
                        red: [{id: r, type: agent_task, config: {agent: echo-1, action: red}}]
                        blue: [{id: b, type: agent_task, config: {agent: echo-1, action: blue}}]
                      default: [{id: d, type: agent_task, config: {agent: echo-1, action: other}}]
                  - id: skipped
                    type: agent_task
                    condition: "inputs.n > 100"
                    config: {agent: echo-1, action: never}
                """);
        WorkflowRun r = h.execute("w", "{\"n\": 3, \"kind\": \"blue\"}");
        assertThat(r.result().at("/c/branch").asText()).isEqualTo("else");
        assertThat(r.result().at("/c/outputs/small").asText()).isEqualTo("small");
        assertThat(r.result().at("/s/branch").asText()).isEqualTo("blue");
        assertThat(echo.tasks).extracting(t -> t.action()).containsExactly("blue");
        assertThat(h.step(r.id(), "skipped").orElseThrow().status()).isEqualTo(StepStatus.SKIPPED);
        assertThat(h.step(r.id(), "c/else/small")).isPresent();
        WorkflowRun r2 = h.execute("w", "{\"n\": 30, \"kind\": \"green\"}");
        assertThat(r2.result().at("/c/branch").asText()).isEqualTo("then");
        assertThat(echo.tasks).extracting(t -> t.action()).containsExactly("blue", "other");
    }

    @Test
    void parallelJoinsAndRespectsItsConcurrencyLimit() throws Exception {
        ScriptedAgent slow = h.hanging("slow");
        h.define("""
                id: w
                steps:
                  - id: p
                    type: parallel
                    config: {max_concurrency: 2}
                    steps:
                      - {id: a, type: agent_task, config: {agent: slow, action: a}}
                      - {id: b, type: agent_task, config: {agent: slow, action: b}}
                      - {id: c, type: agent_task, config: {agent: slow, action: c}}
                      - {id: d, type: transform, config: {value: 4}}
                  - {id: after, type: transform, config: {value: "${steps.p.output.b.v}"}}
                """);
        String id = h.start("w", "{}");
        org.awaitility.Awaitility.await().until(() -> slow.tasks.size() == 2);
        assertThat(slow.tasks).hasSize(2);
        slow.futures.get(0).complete(TaskResult.success(Harness.json("{\"v\": 1}")));
        org.awaitility.Awaitility.await().until(() -> slow.tasks.size() == 3);
        slow.futures.get(1).complete(TaskResult.success(Harness.json("{\"v\": 2}")));
        slow.futures.get(2).complete(TaskResult.success(Harness.json("{\"v\": 3}")));
        WorkflowRun r = h.await(id);
        assertThat(r.status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(r.result().get("p").size()).isEqualTo(4);
        assertThat(r.result().get("after").asInt()).isIn(1, 2, 3);
    }

    @Test
    void forEachAndLoopHaveMaximums() throws Exception {
        h.define("""
                id: w
                steps:
                  - id: each
                    type: for_each
                    config: {items: "${inputs.list}", concurrency: 2, max_iterations: 5}
                    steps:
                      - {id: sq, type: agent_task, config: {agent: echo-1, action: sq, params: {i: "${index}", v: "${item}"}}}
                  - id: count
                    type: loop
                    config: {while: "index < 3", max_iterations: 10}
                    steps:
                      - {id: tick, type: transform, config: {value: "${index}"}}
                """);
        WorkflowRun r = h.execute("w", "{\"list\": [\"a\", \"b\", \"c\"]}");
        assertThat(r.error()).isNull();
        assertThat(r.result().get("each").toString()).isEqualTo("[{\"i\":0,\"v\":\"a\"},{\"i\":1,\"v\":\"b\"},{\"i\":2,\"v\":\"c\"}]");
        assertThat(r.result().get("count").get("iterations").asInt()).isEqualTo(3);
        assertThat(h.step(r.id(), "each[2]/sq")).isPresent();

        WorkflowRun tooMany = h.execute("w", "{\"list\": [1, 2, 3, 4, 5, 6]}");
        assertThat(tooMany.status()).isEqualTo(RunStatus.FAILED);
        assertThat(tooMany.error()).contains("6 items exceed max_iterations 5");

        h.define("""
                id: forever
                steps:
                  - id: spin
                    type: loop
                    config: {while: "true", max_iterations: 4}
                    steps: [{id: t, type: transform, config: {value: 1}}]
                """);
        WorkflowRun spin = h.execute("forever", "{}");
        assertThat(spin.error()).contains("loop reached max_iterations (4)");
    }

    @Test
    void waitHoldsNoThreadAndFollowsTheVirtualClock() throws Exception {
        h.define("""
                id: w
                steps:
                  - {id: nap, type: wait, config: {duration: 10m}}
                  - {id: after, type: agent_task, config: {agent: echo-1, action: woke}}
                """);
        String id = h.start("w", "{}");
        h.awaitStep(id, "nap", StepStatus.WAITING);
        h.awaitTimers(1);
        h.advance(Duration.ofMinutes(9));
        assertThat(echo.tasks).isEmpty();
        h.advance(Duration.ofMinutes(1));
        WorkflowRun r = h.await(id);
        assertThat(r.status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(echo.tasks).hasSize(1);
    }

    @Test
    void subWorkflowRunsAsAChildRun() throws Exception {
        h.define("""
                id: child
                inputs: {x: {type: integer}}
                steps: [{id: dbl, type: agent_task, config: {agent: echo-1, action: dbl, params: {v: "${inputs.x}"}}}]
                output: "${steps.dbl.output.v}"
                """);
        h.define("""
                id: parent
                steps:
                  - {id: call, type: sub_workflow, config: {workflow_id: child, inputs: {x: 21}}}
                  - {id: bad, type: sub_workflow, config: {workflow_id: child, inputs: {x: "nope"}}, on_failure: {action: continue}}
                output: {v: "${steps.call.output}", bad: "${steps.bad.status}"}
                """);
        WorkflowRun r = h.execute("parent", "{}");
        assertThat(r.error()).isNull();
        assertThat(r.result().get("v").asInt()).isEqualTo(21);
        assertThat(r.result().get("bad").asText()).isEqualTo("failed");
        String childId = h.engine.run(r.id()).orElseThrow().steps().get(0).state().get("child_run_id").asText();
        WorkflowRun child = h.engine.run(childId).orElseThrow();
        assertThat(child.parentRunId()).isEqualTo(r.id());
        assertThat(child.status()).isEqualTo(RunStatus.COMPLETED);
    }

    @Test
    void emitEventPublishesUnderChainbot() throws Exception {
        h.define("""
                id: w
                steps:
                  - {id: e, type: emit_event, config: {event: report_ready, data: {count: "${inputs.n}", api_key: "k"}}}
                """);
        WorkflowRun r = h.execute("w", "{\"n\": 2}");
        var ev = h.bus.events("chainbot.report_ready");
        assertThat(ev).hasSize(1);
        assertThat(ev.get(0).data().get("count").asInt()).isEqualTo(2);
        assertThat(ev.get(0).data().get("api_key").asText()).isEqualTo("******");
        assertThat(ev.get(0).data().get("execution_id").asText()).isEqualTo(r.id());
    }

    @Test
    void graphFormRunsInDependencyOrder() throws Exception {
        h.define("""
                id: g
                nodes:
                  - {id: c, type: agent_task, config: {agent: echo-1, action: c, params: {a: "${steps.a.output.v}", b: "${steps.b.output.v}"}}}
                  - {id: a, type: agent_task, config: {agent: echo-1, action: a, params: {v: 1}}}
                  - {id: b, type: agent_task, config: {agent: echo-1, action: b, params: {v: 2}}}
                edges: [{from: a, to: c}, {from: b, to: c}]
                """);
        WorkflowRun r = h.execute("g", "{}");
        assertThat(r.error()).isNull();
        assertThat(echo.tasks.get(2).action()).isEqualTo("c");
        assertThat(r.result().get("c").toString()).isEqualTo("{\"a\":1,\"b\":2}");
    }
}
