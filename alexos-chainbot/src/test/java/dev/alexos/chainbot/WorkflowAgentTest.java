package dev.alexos.chainbot;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.alexos.chainbot.testing.EchoType;
import dev.alexos.chainbot.testing.Harness;
import dev.alexos.core.internal.scheduler.DefaultScheduler;
import dev.alexos.testkit.TestResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code workflow} framework agent runs a workflow of ChainBot's engine through its public API. */
class WorkflowAgentTest {
    @TempDir
    Path dir;
    DefaultScheduler scheduler;
    Harness h;

    @BeforeEach
    void setUp() throws Exception {
        scheduler = new DefaultScheduler("test", 2);
        h = new Harness(new HashMap<>(), dir, scheduler, Clock.systemUTC(), List.of(new EchoType()));
    }

    @AfterEach
    void tearDown() {
        h.close();
        scheduler.close();
    }

    @Test
    void runsALocalWorkflowAndCountsWorkflowsInStatus() {
        h.post("/api/chainbot/agents/alex-framework", "{\"type\": \"echo\", \"id\": \"a\"}");
        TestResponse saved = h.post("/api/chainbot/workflows", """
                {"id": "greet", "steps": [{"id": "g", "type": "agent_task",
                  "config": {"agent": "a", "action": "chat", "params": {"prompt": "hi ${inputs.name}"}}}],
                 "output": "${steps.g.output.text}"}""");
        assertThat(saved.status()).isBetween(200, 201);
        TestResponse spawned = h.post("/api/chainbot/agents/alex-framework",
                "{\"type\": \"workflow\", \"id\": \"wf\", \"config\": {\"workflow_id\": \"greet\"}}");
        assertThat(spawned.status()).isEqualTo(201);
        assertThat(spawned.json().get("health").asText()).isEqualTo("healthy");

        JsonNode r = h.post("/api/chainbot/agents/wf/messages",
                "{\"action\": \"run\", \"params\": {\"inputs\": {\"name\": \"ada\"}}}").json();
        assertThat(r.get("status").asText()).isEqualTo("succeeded");
        assertThat(r.at("/output/status").asText()).isEqualTo("completed");
        assertThat(r.at("/output/result").asText()).isEqualTo("a heard: hi ada");
        assertThat(r.at("/output/execution_id").asText()).isNotBlank();

        JsonNode status = h.get("/api/chainbot/status").json();
        assertThat(status.get("workflows_count").asInt()).isGreaterThanOrEqualTo(1);
    }

    @Test
    void aMissingWorkflowIsAFailedTaskAndDegradedHealth() {
        h.post("/api/chainbot/agents/alex-framework",
                "{\"type\": \"workflow\", \"id\": \"wf\", \"config\": {\"workflow_id\": \"nope\"}}");
        assertThat(h.get("/api/chainbot/agents/alex-framework").json().at("/agents/0/health").asText()).isEqualTo("degraded");
        JsonNode r = h.post("/api/chainbot/agents/wf/messages", "{\"action\": \"run\"}").json();
        assertThat(r.get("status").asText()).isEqualTo("failed");
        assertThat(r.get("error").asText()).contains("nope");
        JsonNode remote = h.post("/api/chainbot/agents/alex-framework",
                "{\"type\": \"workflow\", \"id\": \"wf2\", \"config\": {\"workflow_id\": \"remote:x\"}}").json();
        assertThat(remote.get("health").asText()).isEqualTo("degraded");
        assertThat(h.post("/api/chainbot/agents/wf2/messages", "{\"action\": \"run\"}").json().get("error").asText())
                .contains("no remote ChainBot is configured");
    }
}
