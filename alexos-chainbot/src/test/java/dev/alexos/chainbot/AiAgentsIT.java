package dev.alexos.chainbot;

import static dev.alexos.chainbot.testing.LoopbackServer.json;
import static dev.alexos.chainbot.testing.LoopbackServer.lines;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.alexos.chainbot.testing.EchoType;
import dev.alexos.chainbot.testing.Harness;
import dev.alexos.chainbot.testing.LoopbackServer;
import dev.alexos.core.event.Event;
import dev.alexos.core.internal.scheduler.DefaultScheduler;
import dev.alexos.core.json.Json;
import dev.alexos.testkit.TestResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** AI agents end to end: module configuration → routes → agent → loopback OpenAI/Ollama servers. */
class AiAgentsIT {
    @TempDir
    Path dir;
    LoopbackServer llm;
    DefaultScheduler scheduler;
    Harness h;

    static String reply(String text, int prompt, int completion) {
        return "{\"model\": \"gpt-4o-x\", \"choices\": [{\"message\": {\"role\": \"assistant\", \"content\": "
                + Json.object().put("t", text).get("t") + "}, \"finish_reason\": \"stop\"}], \"usage\": {\"prompt_tokens\": "
                + prompt + ", \"completion_tokens\": " + completion + ", \"total_tokens\": " + (prompt + completion) + "}}";
    }

    @BeforeEach
    void setUp() throws Exception {
        llm = new LoopbackServer();
        scheduler = new DefaultScheduler("test", 2);
        Map<String, Object> config = new HashMap<>();
        config.put("providers", Map.of(
                "openai", Map.of("base_url", llm.url() + "/v1", "api_key", "sk-it-1234567890", "timeout", "5s"),
                "local", Map.of("kind", "ollama", "base_url", llm.url())));
        config.put("ai_agents", List.of(
                Map.of("id", "gpt", "type", "chatgpt", "model", "gpt-4o", "stream", "false",
                        "system_prompt", "You are terse."),
                Map.of("id", "streamer", "type", "gpt5", "model", "gpt-5"),
                Map.of("id", "llama", "type", "custom_gpt", "provider", "local", "model", "llama3.2", "stream", "false"),
                Map.of("id", "boss", "type", "supervisor", "model", "gpt-4o", "stream", "false",
                        "members", List.of("a", "llama")),
                Map.of("id", "offline", "type", "custom_gpt", "provider", "missing", "model", "m")));
        h = new Harness(config, dir, scheduler, Clock.systemUTC(), List.of(new EchoType()));
        h.post("/api/chainbot/agents/alex-framework", "{\"type\": \"echo\", \"id\": \"a\"}");
    }

    @AfterEach
    void tearDown() {
        h.close();
        scheduler.close();
        llm.close();
    }

    @Test
    void chatContractAndUsage() {
        llm.enqueue("/v1/chat/completions", json(200, reply("Pong.", 11, 2)));
        JsonNode r = h.post("/api/chainbot/agents/gpt/messages",
                "{\"content\": \"Ping?\", \"system\": \"Answer in one word.\"}").json();
        assertThat(r.get("status").asText()).isEqualTo("succeeded");
        assertThat(r.at("/output/text").asText()).isEqualTo("Pong.");
        assertThat(r.at("/output/model").asText()).isEqualTo("gpt-4o-x");
        assertThat(r.at("/output/usage").toString())
                .isEqualTo("{\"prompt_tokens\":11,\"completion_tokens\":2,\"total_tokens\":13}");
        JsonNode sent = Json.object();
        try {
            sent = Json.mapper().readTree(llm.requests.get(0).body());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        assertThat(sent.at("/messages/0/content").asText()).isEqualTo("You are terse.\n\nAnswer in one word.");
        assertThat(sent.at("/messages/1/content").asText()).isEqualTo("Ping?");
        JsonNode listed = h.get("/api/chainbot/agents/ai").json();
        JsonNode gpt = listed.get("agents").get(0);
        assertThat(gpt.get("status").asText()).isEqualTo("running");
        assertThat(gpt.at("/usage/total_tokens").asLong()).isEqualTo(13);
        assertThat(listed.get("agents").get(4).get("status").asText()).isEqualTo("not_configured");
        assertThat(h.bus.events("chainbot.llm_completed")).hasSize(1);
    }

    @Test
    void streamedTokensBecomeEvents() {
        llm.enqueue("/v1/chat/completions", lines("text/event-stream", List.of(
                "data: {\"choices\":[{\"delta\":{\"content\":\"Hi\"}}]}",
                "data: {\"choices\":[{\"delta\":{\"content\":\" there\"},\"finish_reason\":\"stop\"}]}",
                "data: {\"choices\":[],\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":2,\"total_tokens\":5}}",
                "data: [DONE]"), false));
        JsonNode r = h.post("/api/chainbot/agents/streamer/messages", "{\"content\": \"hello\"}").json();
        assertThat(r.at("/output/text").asText()).isEqualTo("Hi there");
        List<Event> tokens = h.bus.events("chainbot.llm_token");
        assertThat(tokens).extracting(e -> e.data().get("token").asText()).containsExactly("Hi", " there");
        assertThat(tokens.get(0).source()).isEqualTo("streamer");
    }

    @Test
    void ollamaAgentAndAFailedCallMarksTheAgentDegraded() {
        llm.enqueue("/api/chat", json(200, "{\"model\": \"llama3.2\", \"message\": {\"role\": \"assistant\", "
                + "\"content\": \"Local hi\"}, \"done\": true, \"prompt_eval_count\": 4, \"eval_count\": 2}"),
                json(400, "{\"error\": \"model 'llama3.2' not found, try pulling it first\"}"));
        assertThat(h.post("/api/chainbot/agents/llama/messages", "{\"content\": \"hi\"}").json().at("/output/text").asText())
                .isEqualTo("Local hi");
        TestResponse failed = h.post("/api/chainbot/agents/llama/messages", "{\"content\": \"hi\"}");
        assertThat(failed.status()).isEqualTo(502);
        assertThat(failed.json().at("/error/message").asText()).contains("not found");
        assertThat(h.registry.find("llama").orElseThrow().health().status().wireName()).isEqualTo("degraded");
        assertThat(h.bus.events("chainbot.llm_failed")).hasSize(1);
    }

    @Test
    void aSupervisorCallsMembersAsToolsAndRoutesOtherTasks() {
        // chat: the model calls the echo agent as a tool, then answers with what it got
        llm.enqueue("/v1/chat/completions", json(200, """
                {"choices": [{"message": {"role": "assistant", "content": null, "tool_calls": [{"id": "call_1",
                 "type": "function", "function": {"name": "agent_a", "arguments": "{\\"input\\": \\"count the sheep\\"}"}}]},
                 "finish_reason": "tool_calls"}], "usage": {"prompt_tokens": 20, "completion_tokens": 5, "total_tokens": 25}}"""),
                json(200, reply("The echo said: a heard: count the sheep", 30, 8)));
        JsonNode r = h.post("/api/chainbot/agents/boss/messages", "{\"content\": \"get the sheep counted\"}").json();
        assertThat(r.at("/output/text").asText()).isEqualTo("The echo said: a heard: count the sheep");
        assertThat(r.at("/output/usage/total_tokens").asLong()).isEqualTo(63);
        assertThat(r.at("/output/tools_called").toString()).isEqualTo("[\"a\"]");
        String second = llm.requests.get(1).body();
        assertThat(second).contains("\"role\":\"tool\"", "\"tool_call_id\":\"call_1\"", "a heard: count the sheep");
        assertThat(llm.requests.get(0).body()).contains("\"name\":\"agent_a\"", "\"name\":\"agent_llama\"");

        // any other action: the model names a member, the task goes there
        llm.enqueue("/v1/chat/completions", json(200, reply("a", 10, 1)));
        JsonNode routed = h.post("/api/chainbot/agents/boss/messages",
                "{\"action\": \"inventory\", \"params\": {\"shelf\": 3}}").json();
        assertThat(routed.at("/output/routed_to").asText()).isEqualTo("a");
        assertThat(routed.at("/output/output/action").asText()).isEqualTo("inventory");
    }

    @Test
    void anAssistantAnswersThroughItsAiAgentInASession() {
        TestResponse spawned = h.post("/api/chainbot/agents/alex-framework",
                "{\"type\": \"assistant\", \"id\": \"helper\", \"config\": {\"ai_agent\": \"gpt\", \"instructions\": \"Be kind.\"}}");
        assertThat(spawned.status()).isEqualTo(201);
        assertThat(h.post("/api/chainbot/agents/alex-framework",
                "{\"type\": \"assistant\", \"config\": {\"ai_agent\": \"a\"}}").json().at("/error/field").asText())
                .isEqualTo("config.ai_agent");
        llm.enqueue("/v1/chat/completions", json(200, reply("Hello, friend.", 9, 3)), json(200, reply("Still here.", 19, 3)));
        String sid = h.post("/api/chainbot/sessions", "{\"agent_ids\": [\"helper\"]}").json().get("id").asText();
        h.post("/api/chainbot/sessions/" + sid + "/messages", "{\"content\": \"Hi\"}");
        JsonNode second = h.post("/api/chainbot/sessions/" + sid + "/messages", "{\"content\": \"Still there?\"}").json();
        assertThat(second.at("/replies/0/content").asText()).isEqualTo("Still here.");
        String body = llm.requests.get(1).body();
        // persona, the assistant's instructions, the earlier turn and the new prompt
        assertThat(body).contains("You are terse.\\n\\nBe kind.", "user: Hi", "Hello, friend.", "Still there?");
    }
}
