package dev.alexos.chainbot.internal.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.alexos.chainbot.workflow.RunStatus;
import dev.alexos.chainbot.workflow.StepStatus;
import dev.alexos.chainbot.workflow.WorkflowRun;
import dev.alexos.core.Task;
import dev.alexos.core.TaskResult;
import dev.alexos.core.json.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shipped examples load and run against an agent speaking Watchtower's task contract. */
class ExampleWorkflowsTest {
    @TempDir
    Path dir;
    Harness h;
    ScriptedAgent watchtower;

    /** containers.list → {containers, count}; container.restart → {action, container, outcome}. */
    private static CompletableFuture<TaskResult> watchtower(Task t) {
        if (t.action().equals("containers.list")) {
            ArrayNode list = Json.array();
            list.add(container("c1", "web", "healthy"));
            list.add(container("c2", "db", "unhealthy"));
            list.add(container("c3", "cache", "none"));
            ObjectNode out = Json.object();
            out.set("containers", list);
            out.put("count", list.size());
            return CompletableFuture.completedFuture(TaskResult.success(out));
        }
        ObjectNode out = Json.object();
        out.put("action", "restart");
        out.put("container", t.param("container"));
        out.put("outcome", "restarted");
        return CompletableFuture.completedFuture(TaskResult.success(out));
    }

    private static ObjectNode container(String id, String name, String health) {
        ObjectNode c = Json.object();
        c.put("id", id);
        c.put("name", name);
        c.put("health", health);
        c.put("state", "running (" + health + ")");
        c.put("image", "img:" + name);
        c.put("restart_count", 0);
        c.put("endpoint", "local");
        return c;
    }

    @BeforeEach
    void setUp() {
        h = new Harness(dir);
        h.installExamples = true;
        h.start();
        watchtower = new ScriptedAgent("watchtower-001", List.of("containers.list", "container.restart"), ExampleWorkflowsTest::watchtower);
        h.agents.register(watchtower);
    }

    @AfterEach
    void tearDown() {
        h.close();
    }

    @Test
    void examplesAreInstalledOnceAndAllValidate() throws Exception {
        assertThat(h.engine.definitions()).extracting(d -> d.id())
                .containsExactly("ai-container-report", "container-health", "guarded-restart");
        assertThat(h.engine.loadErrors()).isEmpty();
        Files.delete(dir.resolve("workflows/guarded-restart.yaml"));
        h.restart();
        assertThat(h.engine.definitions()).hasSize(2);
    }

    @Test
    void containerHealthRestartsTheUnhealthyOnes() throws Exception {
        WorkflowRun r = h.execute("container-health", "{}");
        assertThat(r.error()).isNull();
        assertThat(r.result().get("checked").asInt()).isEqualTo(3);
        assertThat(r.result().get("restarted").asInt()).isEqualTo(1);
        assertThat(r.result().get("text").asText()).isEqualTo("Checked 3 container(s): 1 unhealthy, 1 restarted.");
        assertThat(watchtower.tasks).extracting(Task::action).containsExactly("containers.list", "container.restart");
        assertThat(watchtower.tasks.get(1).param("container")).isEqualTo("c2");
        assertThat(h.bus.events("chainbot.container_health_checked")).hasSize(1);

        WorkflowRun dry = h.execute("container-health", "{\"dry_run\": true}");
        assertThat(dry.result().get("restarted").asInt()).isZero();
        assertThat(h.step(dry.id(), "restart").orElseThrow().status()).isEqualTo(StepStatus.SKIPPED);
        assertThat(watchtower.tasks).hasSize(3);
    }

    @Test
    void guardedRestartWaitsForApproval() throws Exception {
        String id = h.start("guarded-restart", "{}");
        h.awaitStep(id, "approve", StepStatus.WAITING_APPROVAL);
        assertThat(watchtower.tasks).hasSize(1);
        h.engine.decide(id, null, true, "alice", null);
        WorkflowRun r = h.await(id);
        assertThat(r.status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(r.result().get("restarts").get(0).get("outcome").asText()).isEqualTo("restarted");
    }

    @Test
    void aiReportUsesAChatAgentWhenThereIsOne() throws Exception {
        String first = h.start("ai-container-report", "{}");
        h.awaitStep(first, "report", StepStatus.WAITING);
        h.awaitTimers(1);
        h.advance(java.time.Duration.ofSeconds(5));
        WorkflowRun without = h.await(first);
        assertThat(without.status()).isEqualTo(RunStatus.FAILED);
        assertThat(without.error()).contains("no running, configured agent offers capability 'chat'");

        ScriptedAgent ai = new ScriptedAgent("ai-1", List.of("chat"), t -> {
            ObjectNode out = Json.object();
            out.put("text", "- db is unhealthy");
            return CompletableFuture.completedFuture(TaskResult.success(out));
        });
        h.agents.register(ai);
        WorkflowRun with = h.execute("ai-container-report", "{\"focus\": \"health\"}");
        assertThat(with.error()).isNull();
        assertThat(with.result().get("report").asText()).isEqualTo("- db is unhealthy");
        assertThat(ai.tasks.get(0).param("prompt")).contains("db: running (unhealthy)").contains("Focus on: health");
    }
}
