package dev.alexos.chainbot;

import static dev.alexos.chainbot.testing.LoopbackServer.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.alexos.chainbot.testing.Harness;
import dev.alexos.chainbot.testing.LoopbackServer;
import dev.alexos.core.internal.scheduler.DefaultScheduler;
import dev.alexos.testkit.VirtualClock;
import dev.alexos.testkit.VirtualScheduler;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Keys are used (sent to the parties that need them) and found nowhere else: not in any
 * response, log line, event or ledger entry — even when the other side echoes them back.
 */
class SecretsIT {
    static final String LLM_KEY = "sk-live-SECRET-llm-0a1b2c3d4e";
    static final String REMOTE_KEY = "cbk-SECRET-remote-9z8y7x";
    static final String SERVICE_KEY = "svc-SECRET-token-55aa66bb";
    @TempDir
    Path dir;

    @Test
    void noSecretAnywhere() throws Exception {
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        ListAppender<ILoggingEvent> logs = new ListAppender<>();
        logs.start();
        root.addAppender(logs);
        try (LoopbackServer peer = new LoopbackServer(); DefaultScheduler io = new DefaultScheduler("test", 2)) {
            // every peer echoes what it was sent, key included
            peer.otherwise("/v1/chat/completions", (ex, s) -> json(401, "{\"error\": {\"message\": \"Incorrect API key provided: "
                    + ex.getRequestHeaders().getFirst("Authorization") + "\"}}").answer(ex, s));
            peer.otherwise("/remote/api/health", (ex, s) -> json(500, "upstream said: "
                    + ex.getRequestHeaders().getFirst("Authorization")).answer(ex, s));
            peer.otherwise("/svc", (ex, s) -> json(200, "{\"you_sent\": \"" + ex.getRequestHeaders().getFirst("Authorization")
                    + "\"}").answer(ex, s));
            VirtualClock clock = VirtualClock.at(Instant.parse("2026-01-01T00:00:00Z"));
            VirtualScheduler time = new VirtualScheduler(clock, io.executor());
            Map<String, Object> config = new HashMap<>();
            config.put("api_url", peer.url() + "/remote");
            config.put("api_key", REMOTE_KEY);
            config.put("providers", Map.of("openai", Map.of("base_url", peer.url() + "/v1", "api_key", LLM_KEY)));
            config.put("ai_agents", List.of(Map.of("id", "gpt", "type", "chatgpt", "model", "gpt-4o", "stream", "false")));
            config.put("secrets", Map.of("svc", SERVICE_KEY));
            Harness h = new Harness(config, dir, time, clock, List.of());
            try {
                await().atMost(Duration.ofSeconds(10)).until(() -> {
                    clock.runDue();
                    return !h.bus.events("chainbot.chainbot_health_check").isEmpty();
                });
                assertThat(h.post("/api/chainbot/agents/gpt/messages", "{\"content\": \"hi\"}").status()).isEqualTo(502);
                assertThat(h.post("/api/chainbot/agents/gpt/messages", "{\"content\": \"hi\", \"stream\": true}").status())
                        .isEqualTo(502);
                h.post("/api/chainbot/agents/alex-framework",
                        "{\"type\": \"api\", \"id\": \"svc\", \"config\": {\"url\": \"" + peer.url() + "/svc\", \"auth_secret\": \"svc\"}}");
                assertThat(h.post("/api/chainbot/agents/svc/messages", "{\"action\": \"call\"}").json().at("/output/body/you_sent")
                        .asText()).isEqualTo("Bearer ******");
                String sid = h.post("/api/chainbot/sessions", "{\"agent_ids\": [\"gpt\"]}").json().get("id").asText();
                h.post("/api/chainbot/sessions/" + sid + "/messages", "{\"content\": \"hello\"}");
                for (String path : List.of("/api/chainbot/health", "/api/chainbot/status", "/api/chainbot/agents/all",
                        "/api/chainbot/agents/ai", "/api/chainbot/agents/alex-framework", "/api/chainbot/sessions/" + sid,
                        "/api/chainbot/ai-agents", "/api/chainbot/alex-agents")) {
                    assertThat(h.get(path).status()).isEqualTo(200);
                }
                h.restart();
                h.get("/api/chainbot/status");
            } finally {
                h.close();
            }

            // the keys were really used
            assertThat(peer.requests("/v1")).allSatisfy(r -> assertThat(r.header("Authorization")).isEqualTo("Bearer " + LLM_KEY));
            assertThat(peer.requests("/remote")).allSatisfy(r -> assertThat(r.header("Authorization"))
                    .isEqualTo("Bearer " + REMOTE_KEY));
            assertThat(peer.requests("/svc")).hasSize(1);

            List<String> everything = new ArrayList<>(h.responses);
            logs.list.forEach(e -> everything.add(e.getFormattedMessage()
                    + (e.getThrowableProxy() == null ? "" : e.getThrowableProxy().getMessage())));
            h.bus.events().forEach(e -> everything.add(e.topic() + " " + e.data()));
            h.ledger.read(1, 10_000).forEach(e -> everything.add(e.type() + " " + e.payload()));
            assertThat(h.responses).isNotEmpty();
            assertThat(logs.list).isNotEmpty();
            assertThat(h.bus.events()).isNotEmpty();
            assertThat(h.ledger.headSeq()).isPositive();
            assertThat(everything.stream().filter(s -> s.contains("Incorrect API key") || s.contains("upstream said")))
                    .as("the peers' echoes reached our texts (so redaction was exercised)").isNotEmpty();
            for (String s : everything) {
                assertThat(s).doesNotContain("SECRET");
            }
        } finally {
            root.detachAppender(logs);
        }
    }
}
