package dev.alexos.chainbot.internal.ai;

import static dev.alexos.chainbot.testing.LoopbackServer.json;

import dev.alexos.chainbot.internal.llm.OpenAiProvider;
import dev.alexos.chainbot.internal.llm.ProviderSettings;
import dev.alexos.chainbot.testing.LoopbackServer;
import dev.alexos.core.Agent;
import dev.alexos.core.Task;
import dev.alexos.core.config.Secret;
import dev.alexos.core.internal.scheduler.DefaultScheduler;
import dev.alexos.core.json.Json;
import dev.alexos.testkit.AgentCompatibilityKit;
import dev.alexos.testkit.AgentTestKit;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The AI agent passes the testkit's agent compatibility kit, talking to a loopback peer that
 * echoes the configured key back in its errors (so the no-leak check has something to find)
 * and never answers a prompt containing "hang" (the cancellation check).
 */
class AiAgentCompatibilityIT extends AgentCompatibilityKit {
    static final String KEY = "sk-compat-0123456789abcdef";
    static LoopbackServer peer;
    static DefaultScheduler io;

    @BeforeAll
    static void peer() throws Exception {
        peer = new LoopbackServer();
        io = new DefaultScheduler("test", 2);
        peer.otherwise("/v1/chat/completions", (ex, s) -> {
            String body = s.requests.get(s.requests.size() - 1).body();
            if (body.contains("hang")) {
                LoopbackServer.hang().answer(ex, s);
            } else {
                json(401, "{\"error\": {\"message\": \"Incorrect API key provided: "
                        + ex.getRequestHeaders().getFirst("Authorization") + "\"}}").answer(ex, s);
            }
        });
    }

    @AfterAll
    static void stopPeer() {
        peer.close();
        io.close();
    }

    @Override
    protected Agent createAgent() {
        ProviderSettings s = new ProviderSettings("openai", "openai", URI.create(peer.url() + "/v1"),
                Optional.of(Secret.of(KEY)), Duration.ofSeconds(30), 0, Duration.ofSeconds(1), Duration.ofSeconds(10));
        AiAgentSpec spec = new AiAgentSpec("gpt-compat", "GPT", "chatgpt", "openai", "gpt-4o", "Be brief.", null, null,
                List.of(), false, 2);
        return new AiAgent(spec, Optional.of(new OpenAiProvider(s, HttpClient.newHttpClient(), io, Clock.systemUTC())));
    }

    @Override
    protected String module() {
        return "chainbot";
    }

    @Override
    protected Map<String, ?> config() {
        return Map.of("providers", Map.of("openai", Map.of("api_key", KEY)));
    }

    @Override
    protected void exercise(AgentTestKit kit) {
        try {
            kit.send("gpt-compat", Task.of("chat", Json.object().put("prompt", "hello"))).get(20, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        kit.advance(Duration.ofMinutes(1));
    }

    @Override
    protected Task longRunningTask() {
        return Task.of("chat", Json.object().put("prompt", "please hang"));
    }
}
