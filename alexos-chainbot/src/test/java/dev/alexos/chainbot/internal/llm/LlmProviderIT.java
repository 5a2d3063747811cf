package dev.alexos.chainbot.internal.llm;

import static dev.alexos.chainbot.testing.LoopbackServer.hang;
import static dev.alexos.chainbot.testing.LoopbackServer.json;
import static dev.alexos.chainbot.testing.LoopbackServer.lines;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.alexos.chainbot.testing.LoopbackServer;
import dev.alexos.core.config.Secret;
import dev.alexos.core.internal.scheduler.DefaultScheduler;
import dev.alexos.testkit.VirtualClock;
import dev.alexos.testkit.VirtualScheduler;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The OpenAI and Ollama protocols against a loopback server: normal, streamed and every failure. */
class LlmProviderIT {
    static final String KEY = "sk-test-9f8e7d6c5b4a";
    LoopbackServer server;
    DefaultScheduler io;
    VirtualClock clock;
    VirtualScheduler time;
    HttpClient http = HttpClient.newHttpClient();
    List<String> tokens = new CopyOnWriteArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        server = new LoopbackServer();
        io = new DefaultScheduler("test", 2);
        clock = VirtualClock.at(Instant.parse("2026-01-01T00:00:00Z"));
        time = new VirtualScheduler(clock, io.executor());
    }

    @AfterEach
    void tearDown() {
        server.close();
        io.close();
    }

    ProviderSettings settings(String kind, Duration timeout) {
        String base = kind.equals("openai") ? server.url() + "/v1" : server.url();
        return new ProviderSettings(kind, kind, URI.create(base), Optional.of(Secret.of(KEY)), timeout, 3,
                Duration.ofSeconds(1), Duration.ofSeconds(60));
    }

    LlmProvider openai() {
        return openai(Duration.ofSeconds(20));
    }

    LlmProvider openai(Duration timeout) {
        ProviderSettings s = settings("openai", timeout);
        return new RetryingProvider(new OpenAiProvider(s, http, time, clock), s, time, null);
    }

    LlmProvider ollama() {
        ProviderSettings s = settings("ollama", Duration.ofSeconds(20));
        return new RetryingProvider(new OllamaProvider(s, http, time, clock), s, time, null);
    }

    static ChatRequest request(boolean stream) {
        return new ChatRequest("gpt-4o", List.of(ChatMessage.system("be brief"), ChatMessage.user("hi")), 0.2, 50,
                List.of(), stream);
    }

    static final String OK = """
            {"id": "c1", "model": "gpt-4o-2024", "choices": [{"index": 0, "message": {"role": "assistant",
            "content": "Hello there"}, "finish_reason": "stop"}], "usage": {"prompt_tokens": 12, "completion_tokens": 3,
            "total_tokens": 15}}""";

    static LlmException failure(CompletableFuture<?> f) {
        try {
            f.join();
        } catch (CompletionException e) {
            assertThat(e.getCause()).isInstanceOf(LlmException.class);
            return (LlmException) e.getCause();
        }
        throw new AssertionError("expected a failure");
    }

    @Test
    void openAiReplyWithUsageAndTheKeyAsBearer() {
        server.enqueue("/v1/chat/completions", json(200, OK));
        ChatResponse r = openai().chat(request(false), tokens::add).join();
        assertThat(r.text()).isEqualTo("Hello there");
        assertThat(r.model()).isEqualTo("gpt-4o-2024");
        assertThat(r.usage()).isEqualTo(new TokenUsage(12, 3, 15));
        LoopbackServer.Recorded req = server.requests.get(0);
        assertThat(req.header("Authorization")).isEqualTo("Bearer " + KEY);
        assertThat(req.body()).contains("\"model\":\"gpt-4o\"", "\"stream\":false", "\"max_tokens\":50", "\"role\":\"system\"");
    }

    @Test
    void openAiStreamForwardsTokensInOrder() {
        server.enqueue("/v1/chat/completions", lines("text/event-stream", List.of(
                ": keep-alive",
                "data: {\"model\":\"gpt-4o\",\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\"}}]}",
                "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hel\"}}]}", "",
                "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"lo\"},\"finish_reason\":\"stop\"}]}",
                "data: {\"choices\":[],\"usage\":{\"prompt_tokens\":5,\"completion_tokens\":2,\"total_tokens\":7}}",
                "data: [DONE]"), false));
        ChatResponse r = openai().chat(request(true), tokens::add).join();
        assertThat(tokens).containsExactly("Hel", "lo");
        assertThat(r.text()).isEqualTo("Hello");
        assertThat(r.usage().totalTokens()).isEqualTo(7);
        assertThat(server.requests.get(0).body()).contains("\"stream\":true", "include_usage");
    }

    @Test
    void rateLimitWaitsWhatRetryAfterSays() {
        server.enqueue("/v1/chat/completions", json(429, "{\"error\": {\"message\": \"slow down\"}}",
                Map.of("Retry-After", "7")), json(200, OK));
        CompletableFuture<ChatResponse> f = openai().chat(request(false), tokens::add);
        await().until(() -> time.requestedDelays().contains(Duration.ofSeconds(7)));
        clock.advance(Duration.ofSeconds(6));
        assertThat(f).isNotDone();
        clock.advance(Duration.ofSeconds(1));
        assertThat(f.join().text()).isEqualTo("Hello there");
        assertThat(server.requests).hasSize(2);
    }

    @Test
    void serverErrorsBackOffExponentiallyThenSucceed() {
        server.enqueue("/v1/chat/completions", json(500, "{}"), json(503, "oops"), json(200, OK));
        CompletableFuture<ChatResponse> f = openai().chat(request(false), tokens::add);
        await().until(() -> time.requestedDelays().contains(Duration.ofSeconds(1)));
        clock.advance(Duration.ofSeconds(1));
        await().until(() -> time.requestedDelays().contains(Duration.ofSeconds(2)));
        clock.advance(Duration.ofSeconds(2));
        assertThat(f.join().text()).isEqualTo("Hello there");
        assertThat(server.requests).hasSize(3);
    }

    @Test
    void serverErrorsGiveUpAfterMaxRetries() {
        server.otherwise("/v1/chat/completions", json(502, "{\"error\": {\"message\": \"bad gateway\"}}"));
        CompletableFuture<ChatResponse> f = openai().chat(request(false), tokens::add);
        for (int i = 0; i < 3; i++) {
            int n = i;
            await().until(() -> time.requestedDelays().size() > n);
            clock.advance(Duration.ofSeconds(60));
        }
        LlmException e = failure(f);
        assertThat(e.kind()).isEqualTo(LlmException.Kind.SERVER_ERROR);
        assertThat(e.getMessage()).contains("HTTP 502", "bad gateway", "gave up after 4 attempts");
        assertThat(server.requests).hasSize(4);
    }

    @Test
    void clientErrorIsNotRetriedAndItsEchoedKeyIsRedacted() {
        server.enqueue("/v1/chat/completions", json(401, "{\"error\": {\"message\": \"Incorrect API key provided: "
                + KEY + ". Or sk-test-9f8***4a\"}}"));
        LlmException e = failure(openai().chat(request(false), tokens::add));
        assertThat(e.kind()).isEqualTo(LlmException.Kind.CLIENT_ERROR);
        assertThat(e.getMessage()).contains("HTTP 401").doesNotContain(KEY).doesNotContain("sk-test-9f8");
        assertThat(server.requests).hasSize(1);
        assertThat(time.requestedDelays()).isEmpty();
    }

    @Test
    void slowProviderTimesOut() {
        server.enqueue("/v1/chat/completions", hang());
        LlmException e = failure(openai(Duration.ofMillis(300)).chat(request(false), tokens::add));
        assertThat(e.kind()).isEqualTo(LlmException.Kind.TIMEOUT);
        assertThat(e.getMessage()).contains("did not answer within 300 ms");
    }

    @Test
    void malformedRepliesAreClearErrors() {
        server.enqueue("/v1/chat/completions", json(200, "<html>proxy error</html>"), json(200, "{\"choices\": []}"),
                json(200, "{\"choices\": [{\"message\": {\"content\": 42}}]}"));
        assertThat(failure(openai().chat(request(false), tokens::add)).getMessage())
                .isEqualTo("provider 'openai' answered a malformed reply: the reply is not JSON");
        assertThat(failure(openai().chat(request(false), tokens::add)).getMessage()).contains("missing choices[0].message");
        assertThat(failure(openai().chat(request(false), tokens::add)).kind()).isEqualTo(LlmException.Kind.MALFORMED);
    }

    @Test
    void streamCutOffMidwayIsIncompleteAndNotRetried() {
        server.enqueue("/v1/chat/completions", lines("text/event-stream", List.of(
                "data: {\"choices\":[{\"delta\":{\"content\":\"Par\"}}]}",
                "data: {\"choices\":[{\"delta\":{\"content\":\"tial\"}}]}"), false));
        LlmException e = failure(openai().chat(request(true), tokens::add));
        assertThat(e.kind()).isEqualTo(LlmException.Kind.INCOMPLETE);
        assertThat(e.getMessage()).contains("after 2 tokens");
        assertThat(tokens).containsExactly("Par", "tial");
        assertThat(server.requests).hasSize(1);
    }

    @Test
    void streamThatStallsTimesOutOnTheSchedulerClock() {
        server.enqueue("/v1/chat/completions", lines("text/event-stream", List.of(
                "data: {\"choices\":[{\"delta\":{\"content\":\"wait\"}}]}"), true));
        CompletableFuture<ChatResponse> f = openai(Duration.ofSeconds(30)).chat(request(true), tokens::add);
        await().until(() -> tokens.size() == 1);
        clock.advance(Duration.ofSeconds(30));
        LlmException e = failure(f);
        assertThat(e.kind()).isEqualTo(LlmException.Kind.TIMEOUT);
        assertThat(e.getMessage()).contains("sent no token for 30000 ms after 1 tokens");
    }

    @Test
    void ollamaNativeReplyAndStream() {
        server.enqueue("/api/chat", json(200, """
                {"model": "llama3.2", "message": {"role": "assistant", "content": "Hi!"}, "done": true,
                 "done_reason": "stop", "prompt_eval_count": 9, "eval_count": 2}"""));
        ChatResponse r = ollama().chat(request(false), tokens::add).join();
        assertThat(r.text()).isEqualTo("Hi!");
        assertThat(r.usage()).isEqualTo(new TokenUsage(9, 2, 11));
        assertThat(server.requests.get(0).body()).contains("\"options\":{\"temperature\":0.2,\"num_predict\":50}");

        server.enqueue("/api/chat", lines("application/x-ndjson", List.of(
                "{\"model\":\"llama3.2\",\"message\":{\"role\":\"assistant\",\"content\":\"One\"},\"done\":false}",
                "{\"model\":\"llama3.2\",\"message\":{\"role\":\"assistant\",\"content\":\" two\"},\"done\":false}",
                "{\"model\":\"llama3.2\",\"message\":{\"role\":\"assistant\",\"content\":\"\"},\"done\":true,"
                        + "\"prompt_eval_count\":4,\"eval_count\":2}"), false));
        ChatResponse s = ollama().chat(request(true), tokens::add).join();
        assertThat(tokens).containsExactly("One", " two");
        assertThat(s.text()).isEqualTo("One two");
        assertThat(s.usage().totalTokens()).isEqualTo(6);
    }

    @Test
    void ollamaCutOffAndMalformedLines() {
        server.enqueue("/api/chat", lines("application/x-ndjson", List.of(
                "{\"message\":{\"content\":\"a\"},\"done\":false}"), false),
                lines("application/x-ndjson", List.of("{\"message\":{\"content\":\"a\"},\"done\":false}", "garbage"), false),
                json(500, "{\"error\": \"model not loaded\"}"), json(404, "{\"error\": \"model 'x' not found\"}"));
        assertThat(failure(ollama().chat(request(true), tokens::add)).kind()).isEqualTo(LlmException.Kind.INCOMPLETE);
        assertThat(failure(ollama().chat(request(true), tokens::add)).kind()).isEqualTo(LlmException.Kind.MALFORMED);
        CompletableFuture<ChatResponse> f = ollama().chat(request(false), tokens::add);
        await().until(() -> time.requestedDelays().contains(Duration.ofSeconds(1)));
        clock.advance(Duration.ofSeconds(1));
        LlmException e = failure(f);
        assertThat(e.kind()).isEqualTo(LlmException.Kind.CLIENT_ERROR);
        assertThat(e.getMessage()).contains("model 'x' not found");
    }
}
