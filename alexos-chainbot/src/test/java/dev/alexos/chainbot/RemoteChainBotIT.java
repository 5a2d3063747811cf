package dev.alexos.chainbot;

import static dev.alexos.chainbot.testing.LoopbackServer.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.alexos.chainbot.testing.Harness;
import dev.alexos.chainbot.testing.LoopbackServer;
import dev.alexos.core.http.HttpMethod;
import dev.alexos.core.internal.scheduler.DefaultScheduler;
import dev.alexos.testkit.TestResponse;
import dev.alexos.testkit.VirtualClock;
import dev.alexos.testkit.VirtualScheduler;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The remote ChainBot connector against a loopback server speaking the remote contract. */
class RemoteChainBotIT {
    static final String KEY = "cb-remote-key-5551234";
    @TempDir
    Path dir;
    LoopbackServer remote;
    DefaultScheduler io;
    VirtualClock clock;
    VirtualScheduler time;
    Harness h;
    volatile String mode = "up";
    Map<String, Object> config;

    @BeforeEach
    void setUp() throws Exception {
        remote = new LoopbackServer();
        remote.otherwise("/api/health", (ex, s) -> answer(ex, s, "{\"status\": \"healthy\"}"));
        remote.otherwise("/api/chainbot/alex-agents", (ex, s) -> answer(ex, s, """
                [{"id": "agent-001", "name": "Data Processor", "status": "running", "agent_type": "alex_os_framework_agent",
                  "source": "chainbot", "capabilities": ["data_processing", "api_integration"]},
                 {"name": "no id: skipped"}]"""));
        remote.otherwise("/api/chainbot/ai-agents", (ex, s) -> answer(ex, s, """
                {"agents": [{"id": "chatgpt-001", "name": "GPT-4 Assistant", "status": "running", "agent_type": "chatgpt",
                  "provider": "openai", "model": "gpt-4"}], "count": 1}"""));
        remote.otherwise("/api/chainbot/workflows", (ex, s) -> {
            if (ex.getRequestMethod().equals("POST") && mode.equals("down")) {
                json(503, "{\"detail\": \"executor overloaded\"}").answer(ex, s);
            } else if (ex.getRequestMethod().equals("POST") && mode.equals("slow")) {
                LoopbackServer.hang().answer(ex, s);
            } else if (ex.getRequestMethod().equals("POST")) {
                String query = ex.getRequestURI().getQuery();
                json(200, "{\"workflow_id\": \"workflow-001\", \"execution_id\": \"r-9\", \"status\": \"completed\", "
                        + "\"started_at\": \"2026-01-01T00:00:00Z\", \"result\": {\"query\": \"" + (query == null ? "" : query)
                        + "\", \"echo\": " + s.requests.get(s.requests.size() - 1).body() + "}}").answer(ex, s);
            } else {
                answer(ex, s, "[{\"id\": \"workflow-001\", \"name\": \"Remote flow\"}]");
            }
        });
        io = new DefaultScheduler("test", 2);
        clock = VirtualClock.at(Instant.parse("2026-01-01T00:00:00Z"));
        time = new VirtualScheduler(clock, io.executor());
        config = new HashMap<>(Map.of("api_url", remote.url(), "api_key", KEY,
                "health_check_interval", "30", "sync_interval", "60", "request_timeout", "10s"));
        h = new Harness(config, dir, time, clock, List.of());
    }

    void answer(com.sun.net.httpserver.HttpExchange ex, LoopbackServer s, String body) throws java.io.IOException {
        switch (mode) {
            case "down" -> json(503, "").answer(ex, s);
            case "garbage" -> json(200, ex.getRequestURI().getPath().equals("/api/health") ? "{\"status\": \"healthy\"}"
                    : "<html>gateway</html>").answer(ex, s);
            case "slow" -> LoopbackServer.hang().answer(ex, s);
            default -> json(200, body).answer(ex, s);
        }
    }

    @AfterEach
    void tearDown() {
        h.close();
        remote.close();
        io.close();
    }

    int checks() {
        return h.bus.events("chainbot.chainbot_health_check").size();
    }

    /** Runs what is due now and waits until {@code n} health checks have been published. */
    void checkNumber(int n) {
        clock.runDue();
        await().atMost(Duration.ofSeconds(10)).until(() -> checks() >= n);
    }

    void synced(int n) {
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            clock.runDue();
            return h.bus.events("chainbot.remote_synced").size() + h.bus.events("chainbot.remote_sync_failed").size() >= n;
        });
    }

    @Test
    void upSyncsAgentsAndWorkflowsWithTheKey() {
        checkNumber(1);
        synced(1);
        JsonNode all = h.get("/api/chainbot/agents/all").json();
        assertThat(all.get("alex_framework_count").asInt()).isEqualTo(1);
        assertThat(all.get("ai_agents_count").asInt()).isEqualTo(3);
        JsonNode fw = h.get("/api/chainbot/agents/alex-framework").json().at("/agents/0");
        assertThat(fw.get("id").asText()).isEqualTo("remote:agent-001");
        assertThat(fw.get("source").asText()).isEqualTo("remote");
        assertThat(fw.get("status").asText()).isEqualTo("running");
        JsonNode ai = h.get("/api/chainbot/agents/ai").json().get("agents").get(2);
        assertThat(ai.get("model").asText()).isEqualTo("gpt-4");
        assertThat(h.registry.find("remote:chatgpt-001")).isPresent();
        assertThat(h.get("/api/chainbot/remote/workflows").json().at("/workflows/0/source").asText()).isEqualTo("remote");
        JsonNode health = h.get("/api/chainbot/health").json();
        assertThat(health.get("status").asText()).isEqualTo("healthy");
        assertThat(health.at("/remote/status").asText()).isEqualTo("healthy");
        assertThat(h.get("/api/chainbot/status").json().get("last_sync").asText()).isEqualTo("2026-01-01T00:00:00Z");
        assertThat(remote.requests).allSatisfy(r -> assertThat(r.header("Authorization")).isEqualTo("Bearer " + KEY));
        // the configured intervals are the ones used
        assertThat(time.requestedDelays()).contains(Duration.ofSeconds(30), Duration.ofSeconds(60));
    }

    @Test
    void downKeepsTheLastCopyBacksOffAndRecovers() {
        checkNumber(1);
        synced(1);
        mode = "down";
        clock.advance(Duration.ofSeconds(30));
        checkNumber(2);
        JsonNode health = h.get("/api/chainbot/health").json();
        assertThat(health.get("status").asText()).isEqualTo("degraded");
        assertThat(health.at("/remote/status").asText()).isEqualTo("unreachable");
        assertThat(health.at("/remote/last_error").asText()).contains("HTTP 503");
        assertThat(h.bus.events("chainbot.chainbot_health_check").get(1).data().get("reachable").asBoolean()).isFalse();
        JsonNode fw = h.get("/api/chainbot/agents/alex-framework").json();
        assertThat(fw.get("count").asInt()).isEqualTo(1);
        assertThat(fw.at("/agents/0/stale").asBoolean()).isTrue();
        assertThat(h.registry.find("remote:agent-001").orElseThrow().health().status().wireName()).isEqualTo("degraded");

        // backoff: 30 s after the first failure, then 60 s, then 120 s
        clock.advance(Duration.ofSeconds(30));
        checkNumber(3);
        clock.advance(Duration.ofSeconds(59));
        assertThat(checks()).isEqualTo(3);
        clock.advance(Duration.ofSeconds(1));
        checkNumber(4);
        assertThat(h.bus.events("chainbot.chainbot_health_check").get(3).data().get("next_check_in_ms").asLong())
                .isEqualTo(120_000);
        assertThat(h.get("/api/chainbot/health").json().at("/remote/stale_seconds").asLong()).isEqualTo(120);

        mode = "up";
        clock.advance(Duration.ofSeconds(120));
        checkNumber(5);
        synced(2);
        assertThat(h.get("/api/chainbot/health").json().get("status").asText()).isEqualTo("healthy");
        assertThat(h.get("/api/chainbot/agents/alex-framework").json().at("/agents/0/stale").asBoolean()).isFalse();
    }

    @Test
    void garbageFailsTheSyncButKeepsTheCopy() {
        checkNumber(1);
        synced(1);
        mode = "garbage";
        clock.advance(Duration.ofSeconds(60));
        synced(2);
        assertThat(h.bus.events("chainbot.remote_sync_failed")).hasSize(1);
        JsonNode health = h.get("/api/chainbot/health").json();
        assertThat(health.get("status").asText()).isEqualTo("degraded");
        assertThat(health.at("/remote/last_sync_error").asText()).contains("not JSON");
        assertThat(health.at("/remote/stale_seconds").asLong()).isEqualTo(60);
        assertThat(h.get("/api/chainbot/agents/all").json().get("count").asInt()).isEqualTo(4);
    }

    @Test
    void slowRemoteTimesOutAndIsUnreachable() throws Exception {
        h.close();
        config.put("request_timeout", "300ms");
        h = new Harness(config, dir, time, clock, List.of());
        mode = "slow";
        checkNumber(1);
        JsonNode health = h.get("/api/chainbot/health").json();
        assertThat(health.get("status").asText()).isEqualTo("degraded");
        assertThat(health.at("/remote/last_error").asText()).contains("no answer within 300 ms");
        assertThat(h.get("/api/chainbot/agents/all").json().get("count").asInt()).isEqualTo(2);
    }

    @Test
    void remoteWorkflowsRunThroughOurApi() {
        checkNumber(1);
        synced(1);
        TestResponse r = h.post("/api/chainbot/remote/workflows/remote:workflow-001/execute",
                "{\"inputs\": {\"prompt\": \"Hello, world!\"}}");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().get("status").asText()).isEqualTo("completed");
        assertThat(r.json().at("/result/echo/inputs/prompt").asText()).isEqualTo("Hello, world!");
        assertThat(h.post("/api/chainbot/remote/workflows/nope/execute", "{}").status()).isEqualTo(404);
        assertThat(h.post("/api/chainbot/remote/workflows/workflow-001/execute", "{\"inputs\": 3}").status()).isEqualTo(400);
        // and through a workflow framework agent
        h.post("/api/chainbot/agents/alex-framework",
                "{\"type\": \"workflow\", \"id\": \"rw\", \"config\": {\"workflow_id\": \"remote:workflow-001\"}}");
        JsonNode viaAgent = h.post("/api/chainbot/agents/rw/messages", "{\"action\": \"run\", \"params\": {\"inputs\": {\"x\": 1}}}")
                .json();
        assertThat(viaAgent.get("status").asText()).isEqualTo("succeeded");
        assertThat(viaAgent.at("/output/result/echo/inputs/x").asInt()).isEqualTo(1);
    }

    @Test
    void remoteWorkflowsAreListedShownAndExecutedThroughTheWorkflowRoutes() {
        checkNumber(1);
        synced(1);
        JsonNode list = h.get("/api/chainbot/workflows").json();
        JsonNode remoteWf = null;
        for (JsonNode w : list.get("workflows")) {
            if (w.get("id").asText().startsWith("remote:")) {
                remoteWf = w;
            } else {
                assertThat(w.get("source").asText()).as("local workflow %s", w.get("id")).isEqualTo("local");
            }
        }
        assertThat(list.get("count").asInt()).isEqualTo(list.get("workflows").size()).isGreaterThan(1);
        assertThat(remoteWf).isNotNull();
        assertThat(remoteWf.get("id").asText()).isEqualTo("remote:workflow-001");
        assertThat(remoteWf.get("remote_id").asText()).isEqualTo("workflow-001");
        assertThat(remoteWf.get("name").asText()).isEqualTo("Remote flow");
        assertThat(remoteWf.get("source").asText()).isEqualTo("remote");
        assertThat(remoteWf.get("stale").asBoolean()).isFalse();
        assertThat(remoteWf.get("last_sync").asText()).isEqualTo("2026-01-01T00:00:00Z");
        assertThat(list.at("/remote/status").asText()).isEqualTo("healthy");
        assertThat(list.at("/remote/stale_seconds").asLong()).isZero();

        TestResponse one = h.get("/api/chainbot/workflows/remote:workflow-001");
        assertThat(one.status()).isEqualTo(200);
        assertThat(one.json().get("source").asText()).isEqualTo("remote");
        assertThat(h.get("/api/chainbot/workflows/remote:nope").status()).isEqualTo(404);

        TestResponse run = h.post("/api/chainbot/workflows/remote:workflow-001/execute?wait=20",
                "{\"inputs\": {\"prompt\": \"Hello, world!\"}}");
        assertThat(run.status()).isEqualTo(200);
        JsonNode r = run.json();
        assertThat(r.get("workflow_id").asText()).isEqualTo("remote:workflow-001");
        assertThat(r.get("execution_id").asText()).isEqualTo("remote:r-9");
        assertThat(r.get("status").asText()).isEqualTo("completed");
        assertThat(r.at("/result/echo/inputs/prompt").asText()).isEqualTo("Hello, world!");
        assertThat(r.get("error").isNull()).isTrue();
        assertThat(r.get("started_at").asText()).isEqualTo("2026-01-01T00:00:00Z");
        assertThat(r.get("completed_at").isNull()).isTrue();
        assertThat(r.get("timestamp").asText()).isEqualTo("2026-01-01T00:00:00Z");
        // ?wait= is passed on to the remote (the loopback remote echoes the query); with the key
        assertThat(r.at("/result/query").asText()).isEqualTo("wait=20");
        assertThat(remote.requests("/api/chainbot/workflows/workflow-001/execute")).last()
                .satisfies(q -> assertThat(q.header("Authorization")).isEqualTo("Bearer " + KEY));
        assertThat(h.post("/api/chainbot/workflows/remote:workflow-001/execute?wait=0", "{}").status()).isEqualTo(202);

        TestResponse unknown = h.post("/api/chainbot/workflows/remote:nope/execute", "{}");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.json().at("/error/message").asText()).contains("remote:nope");
        assertThat(h.post("/api/chainbot/workflows/remote:workflow-001/execute", "{\"inputs\": 3}").status())
                .isEqualTo(400);
        TestResponse put = h.call(HttpMethod.PUT, "/api/chainbot/workflows/remote:workflow-001", "{\"steps\": []}");
        assertThat(put.status()).isEqualTo(405);
        assertThat(put.json().at("/error/message").asText()).contains("managed on the remote");
        assertThat(h.delete("/api/chainbot/workflows/remote:workflow-001").status()).isEqualTo(405);
        // the remote-specific route still works
        assertThat(h.post("/api/chainbot/remote/workflows/workflow-001/execute", "{}").json().get("status").asText())
                .isEqualTo("completed");
    }

    @Test
    void remoteDownOrUnreachableMakesExecution502WithTheReason() throws Exception {
        checkNumber(1);
        synced(1);
        mode = "down";
        TestResponse failed = h.post("/api/chainbot/workflows/remote:workflow-001/execute", "{}");
        assertThat(failed.status()).isEqualTo(502);
        assertThat(failed.json().at("/error/message").asText()).contains("HTTP 503").contains("executor overloaded");
        // the listing keeps the last good copy and says it is stale
        clock.advance(Duration.ofSeconds(30));
        checkNumber(2);
        JsonNode wf = h.get("/api/chainbot/workflows/remote:workflow-001").json();
        assertThat(wf.get("stale").asBoolean()).isTrue();
        assertThat(wf.get("stale_seconds").asLong()).isEqualTo(30);
        assertThat(h.get("/api/chainbot/workflows").json().at("/remote/status").asText()).isEqualTo("unreachable");

        remote.close();
        LoopbackServer closed = remote;
        remote = new LoopbackServer(); // for tearDown; the connector still points at the closed one
        assertThat(closed.url()).isNotEqualTo(remote.url());
        TestResponse unreachable = h.post("/api/chainbot/workflows/remote:workflow-001/execute", "{}");
        assertThat(unreachable.status()).isEqualTo(502);
        assertThat(unreachable.json().at("/error/message").asText()).contains("remote ChainBot");
    }

    @Test
    void slowRemoteExecutionIs504() throws Exception {
        h.close();
        config.put("remote_execute_timeout", "300ms");
        h = new Harness(config, dir, time, clock, List.of());
        checkNumber(1);
        synced(1);
        mode = "slow";
        TestResponse slow = h.post("/api/chainbot/workflows/remote:workflow-001/execute", "{}");
        assertThat(slow.status()).isEqualTo(504);
        assertThat(slow.json().at("/error/message").asText()).contains("in time");
    }

    @Test
    void anOriginalChainBotsPlainAnswersAreShownInOurShape() {
        checkNumber(1);
        synced(1);
        String path = "/api/chainbot/workflows/workflow-001/execute";
        remote.enqueue(path, json(200, "{\"output\": \"done\"}"), json(200, "{\"error\": \"step 2 exploded\"}"),
                json(400, "{\"detail\": \"prompt is required\"}"), json(500, "{\"detail\": \"kaput\"}"));
        JsonNode plain = h.post("/api/chainbot/workflows/remote:workflow-001/execute", "{}").json();
        assertThat(plain.get("status").asText()).isEqualTo("completed");
        assertThat(plain.at("/result/output").asText()).isEqualTo("done");
        assertThat(plain.get("execution_id").isNull()).isTrue();
        JsonNode failed = h.post("/api/chainbot/workflows/remote:workflow-001/execute", "{}").json();
        assertThat(failed.get("status").asText()).isEqualTo("failed");
        assertThat(failed.get("error").asText()).isEqualTo("step 2 exploded");
        TestResponse refused = h.post("/api/chainbot/workflows/remote:workflow-001/execute", "{}");
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.json().at("/error/message").asText()).contains("prompt is required");
        TestResponse broken = h.post("/api/chainbot/workflows/remote:workflow-001/execute", "{}");
        assertThat(broken.status()).isEqualTo(502);
        assertThat(broken.json().at("/error/message").asText()).contains("HTTP 500").contains("kaput");
    }
}
