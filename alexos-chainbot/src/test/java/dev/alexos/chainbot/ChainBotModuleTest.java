package dev.alexos.chainbot;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.alexos.chainbot.testing.EchoType;
import dev.alexos.chainbot.testing.Harness;
import dev.alexos.testkit.TestResponse;
import dev.alexos.testkit.VirtualClock;
import dev.alexos.testkit.VirtualScheduler;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChainBotModuleTest {
    @TempDir
    Path dir;
    VirtualClock clock;
    VirtualScheduler time;
    Harness h;

    @BeforeEach
    void setUp() throws Exception {
        clock = VirtualClock.at(Instant.parse("2026-01-01T00:00:00Z"));
        time = new VirtualScheduler(clock, Runnable::run);
        h = new Harness(new HashMap<>(Map.of("context_messages", 3)), dir, time, clock, List.of(new EchoType()));
    }

    @AfterEach
    void tearDown() {
        h.close();
    }

    @Test
    void startsWithSystemAgentAndNotConfiguredAiAgents() {
        assertThat(h.registry.find("chainbot-001")).isPresent();
        assertThat(h.bus.events("chainbot.chainbot_started")).hasSize(1);
        JsonNode ai = h.get("/api/chainbot/agents/ai").json();
        assertThat(ai.get("count").asInt()).isEqualTo(2);
        assertThat(ai.get("agents").findValuesAsText("status")).containsOnly("not_configured");
        assertThat(ai.get("agents").get(0).get("provider").asText()).isEqualTo("openai");
        JsonNode health = h.get("/api/chainbot/health").json();
        assertThat(health.get("status").asText()).isEqualTo("healthy");
        assertThat(health.has("remote")).isFalse();
        JsonNode status = h.get("/api/chainbot/status").json();
        assertThat(status.get("agent_id").asText()).isEqualTo("chainbot-001");
        assertThat(status.get("ai_agents_count").asInt()).isEqualTo(2);
        assertThat(status.get("alex_framework_agents_count").asInt()).isZero();
        assertThat(status.has("workflows_count")).isTrue();
    }

    @Test
    void messageToUnconfiguredAiAgentIs503() {
        TestResponse r = h.post("/api/chainbot/agents/chatgpt-001/messages", "{\"content\": \"hi\"}");
        assertThat(r.status()).isEqualTo(503);
        assertThat(r.json().at("/error/message").asText()).contains("not configured");
    }

    @Test
    void spawnsProcessesAndStopsADataProcessor() {
        TestResponse spawned = h.post("/api/chainbot/agents/alex-framework", """
                {"type": "data_processor", "name": "Sales", "config": {"operations": [
                  {"op": "filter", "field": "region", "cmp": "eq", "value": "eu"},
                  {"op": "aggregate", "group_by": "product", "metrics": [{"fn": "sum", "field": "amount", "as": "total"}]},
                  {"op": "sort", "field": "total", "order": "desc"}]}}""");
        assertThat(spawned.status()).isEqualTo(201);
        String id = spawned.json().get("id").asText();
        assertThat(spawned.json().get("agent_type").asText()).isEqualTo("alex_os_framework_agent");
        assertThat(spawned.json().get("framework_type").asText()).isEqualTo("data_processor");
        assertThat(spawned.json().get("status").asText()).isEqualTo("running");
        assertThat(h.registry.find(id)).isPresent();

        TestResponse done = h.post("/api/chainbot/agents/" + id + "/messages", """
                {"action": "process", "params": {"input": "product,region,amount\\na,eu,5\\nb,eu,7\\na,us,100\\na,eu,4\\n"}}""");
        assertThat(done.status()).isEqualTo(200);
        assertThat(done.json().at("/output/records").toString())
                .isEqualTo("[{\"product\":\"a\",\"total\":9},{\"product\":\"b\",\"total\":7}]");

        JsonNode all = h.get("/api/chainbot/agents/all").json();
        assertThat(all.get("alex_framework_count").asInt()).isEqualTo(1);
        assertThat(all.get("ai_agents_count").asInt()).isEqualTo(2);
        assertThat(all.get("count").asInt()).isEqualTo(3);

        assertThat(h.delete("/api/chainbot/agents/" + id).status()).isEqualTo(200);
        assertThat(h.registry.find(id)).isEmpty();
        assertThat(h.delete("/api/chainbot/agents/" + id).status()).isEqualTo(404);
        assertThat(h.delete("/api/chainbot/agents/chainbot-001").status()).isEqualTo(409);
        assertThat(h.ledger.tail(10)).extracting(e -> e.type())
                .containsExactly("chainbot.agent_spawned", "chainbot.agent_stopped");
    }

    @Test
    void badSpawnRequestsNameTheField() {
        TestResponse noType = h.post("/api/chainbot/agents/alex-framework", "{}");
        assertThat(noType.status()).isEqualTo(400);
        assertThat(noType.json().at("/error/field").asText()).isEqualTo("type");
        TestResponse unknown = h.post("/api/chainbot/agents/alex-framework", "{\"type\": \"nope\"}");
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.json().at("/error/message").asText()).contains("echo", "data_processor");
        TestResponse badOp = h.post("/api/chainbot/agents/alex-framework",
                "{\"type\": \"data_processor\", \"config\": {\"operations\": [{\"op\": \"explode\"}]}}");
        assertThat(badOp.status()).isEqualTo(400);
        assertThat(badOp.json().at("/error/field").asText()).isEqualTo("config.operations[0].op");
        TestResponse badUrl = h.post("/api/chainbot/agents/alex-framework",
                "{\"type\": \"api\", \"config\": {\"url\": \"ftp://x\"}}");
        assertThat(badUrl.json().at("/error/field").asText()).isEqualTo("config.url");
        TestResponse secretHeader = h.post("/api/chainbot/agents/alex-framework",
                "{\"type\": \"api\", \"config\": {\"url\": \"http://127.0.0.1:1\", \"headers\": {\"Authorization\": \"x\"}}}");
        assertThat(secretHeader.status()).isEqualTo(400);
        assertThat(h.post("/api/chainbot/agents/alex-framework", "[1]").status()).isEqualTo(400);
        TestResponse secret = h.post("/api/chainbot/agents/alex-framework",
                "{\"type\": \"echo\", \"config\": {\"nested\": {\"access_token\": \"abc\"}, \"max_tokens\": 5}}");
        assertThat(secret.status()).isEqualTo(400);
        assertThat(secret.json().at("/error/field").asText()).isEqualTo("config.nested.access_token");
        assertThat(h.post("/api/chainbot/agents/alex-framework", "{\"type\": \"echo\", \"config\": {\"max_tokens\": 5}}")
                .status()).isEqualTo(201);
        assertThat(h.post("/api/chainbot/agents/alex-framework", "{\"type\": \"echo\", \"id\": \"chainbot-001\"}").status())
                .isEqualTo(409);
        assertThat(h.post("/api/chainbot/agents/nobody/messages", "{\"content\": \"x\"}").status()).isEqualTo(404);
    }

    @Test
    void spawnedAgentsComeBackAfterRestart() throws Exception {
        String id = h.post("/api/chainbot/agents/alex-framework", "{\"type\": \"echo\", \"id\": \"echo-1\"}").json()
                .get("id").asText();
        h.restart();
        assertThat(h.registry.find(id)).isPresent();
        JsonNode reply = h.post("/api/chainbot/agents/echo-1/messages", "{\"content\": \"again\"}").json();
        assertThat(reply.at("/output/text").asText()).isEqualTo("echo-1 heard: again");
        assertThat(h.bus.events("chainbot.chainbot_stopped")).hasSize(1);
    }

    @Test
    void sessionsRouteMessagesKeepHistoryAndBoundTheContext() throws Exception {
        h.post("/api/chainbot/agents/alex-framework", "{\"type\": \"echo\", \"id\": \"a\"}");
        h.post("/api/chainbot/agents/alex-framework", "{\"type\": \"echo\", \"id\": \"b\"}");
        TestResponse created = h.post("/api/chainbot/sessions", "{\"name\": \"team\", \"agent_ids\": [\"a\", \"b\"]}");
        assertThat(created.status()).isEqualTo(201);
        String sid = created.json().get("id").asText();

        JsonNode first = h.post("/api/chainbot/sessions/" + sid + "/messages", "{\"content\": \"hello\"}").json();
        assertThat(first.get("replies").findValuesAsText("content")).containsExactly("a heard: hello", "b heard: hello");
        JsonNode second = h.post("/api/chainbot/sessions/" + sid + "/messages", "{\"content\": \"only you\", \"to\": \"b\"}").json();
        assertThat(second.get("replies")).hasSize(1);
        h.post("/api/chainbot/sessions/" + sid + "/messages", "{\"content\": \"third\", \"to\": \"a\"}");
        h.post("/api/chainbot/sessions/" + sid + "/messages", "{\"content\": \"fourth\", \"to\": \"a\"}");
        assertThat(h.post("/api/chainbot/sessions/" + sid + "/messages", "{\"content\": \"x\", \"to\": \"zz\"}").status())
                .isEqualTo(422);
        assertThat(h.post("/api/chainbot/sessions/" + sid + "/messages", "{}").json().at("/error/field").asText())
                .isEqualTo("content");
        assertThat(h.post("/api/chainbot/sessions", "{\"agent_ids\": [\"ghost\"]}").status()).isEqualTo(422);
        assertThat(h.get("/api/chainbot/sessions/none").status()).isEqualTo(404);

        h.restart();
        JsonNode session = h.get("/api/chainbot/sessions/" + sid).json();
        assertThat(session.get("messages")).hasSize(9);
        assertThat(session.get("messages").get(0).get("content").asText()).isEqualTo("hello");
        assertThat(h.get("/api/chainbot/sessions").json().get("count").asInt()).isEqualTo(1);
        JsonNode fifth = h.post("/api/chainbot/sessions/" + sid + "/messages", "{\"content\": \"fifth\", \"to\": \"a\"}").json();
        assertThat(fifth.at("/replies/0/content").asText()).isEqualTo("a heard: fifth");
    }

    @Test
    void theContextSentToAnAgentIsBounded() {
        h.post("/api/chainbot/agents/alex-framework", "{\"type\": \"echo\", \"id\": \"a\", \"config\": {\"show_history\": true}}");
        String sid = h.post("/api/chainbot/sessions", "{\"agent_ids\": [\"a\"]}").json().get("id").asText();
        List<String> replies = new java.util.ArrayList<>();
        for (int i = 0; i < 4; i++) {
            replies.add(h.post("/api/chainbot/sessions/" + sid + "/messages", "{\"content\": \"m" + i + "\"}").json()
                    .at("/replies/0/content").asText());
        }
        // context_messages = 3: the history grows 0, 2, then stops at 3
        assertThat(replies).containsExactly("a heard: m0 (history 0)", "a heard: m1 (history 2)",
                "a heard: m2 (history 3)", "a heard: m3 (history 3)");
        assertThat(h.bus.events("chainbot.session_message")).hasSize(4);
        assertThat(h.bus.events("chainbot.session_created")).hasSize(1);
    }
}
