package dev.alexos.testkit;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.sun.net.httpserver.HttpExchange;
import dev.alexos.testkit.internal.ChatWire;
import dev.alexos.testkit.internal.LoopbackServer;
import dev.alexos.testkit.internal.ReplyWriter;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * A fake chat model on loopback, speaking the OpenAI chat-completions protocol
 * ({@code POST /v1/chat/completions}, also without {@code /v1}) and Ollama's
 * ({@code POST /api/chat}), for testing AI agents without a model or a network.
 *
 * <p>Each request is answered by, in order: the next {@link #enqueue scripted reply}; else the
 * first {@link #when rule} that matches; else the {@link #respondWith function}; else a 500
 * saying that nothing was scripted (and the request is listed in {@link #unanswered()}).
 * Replies stream (SSE for OpenAI, NDJSON for Ollama) when the client asks to.
 *
 * <pre>{@code
 * try (FakeChatModel llm = FakeChatModel.start()) {
 *   llm.enqueue(ChatReply.rateLimited(Duration.ofSeconds(1)), ChatReply.text("Paris."));
 *   llm.when(ChatRule.promptContains("weather"), ChatReply.text("Sunny."));
 *   agentConfig.put("base_url", llm.openAiBaseUrl());    // http://127.0.0.1:<port>/v1
 *   ...
 *   assertThat(llm.requests()).hasSize(2);
 *   assertThat(llm.requests().get(1).lastUserMessage()).contains("capital");
 * }
 * }</pre>
 *
 * <p>Thread-safe; each request is handled on its own thread.
 */
public final class FakeChatModel implements AutoCloseable {
    private final LoopbackServer server;
    private final Clock clock;
    private final ArrayDeque<ChatReply> script = new ArrayDeque<>();
    private final List<Rule> rules = new CopyOnWriteArrayList<>();
    private final List<ChatRequest> requests = new CopyOnWriteArrayList<>();
    private final List<ChatRequest> unanswered = new CopyOnWriteArrayList<>();
    private final AtomicLong seq = new AtomicLong();
    private volatile Function<ChatRequest, ChatReply> function;

    private FakeChatModel(Clock clock) {
        this.clock = clock;
        this.server = new LoopbackServer("fake-chat-model", 0, clock, this::handle);
    }

    /** A fake on an ephemeral loopback port. */
    public static FakeChatModel start() {
        return new FakeChatModel(Clock.systemUTC());
    }

    /** A fake whose timestamps come from {@code clock}. */
    public static FakeChatModel start(Clock clock) {
        return new FakeChatModel(Objects.requireNonNull(clock, "clock"));
    }

    /** Queues replies, answered in order, one per request, before rules and the function. */
    public FakeChatModel enqueue(ChatReply... replies) {
        synchronized (script) {
            for (ChatReply r : replies) {
                script.add(Objects.requireNonNull(r, "reply"));
            }
        }
        return this;
    }

    /** Answers requests matching {@code rule} with {@code reply} (every time; rules are tried in order). */
    public FakeChatModel when(ChatRule rule, ChatReply reply) {
        Objects.requireNonNull(reply, "reply");
        return when(rule, r -> reply);
    }

    /** Answers requests matching {@code rule} with what {@code fn} returns. */
    public FakeChatModel when(ChatRule rule, Function<ChatRequest, ChatReply> fn) {
        rules.add(new Rule(Objects.requireNonNull(rule, "rule"), Objects.requireNonNull(fn, "fn")));
        return this;
    }

    /** Answers what neither the script nor a rule answers with what {@code fn} returns. */
    public FakeChatModel respondWith(Function<ChatRequest, ChatReply> fn) {
        this.function = Objects.requireNonNull(fn, "fn");
        return this;
    }

    /** Base URL for OpenAI-compatible clients: {@code http://127.0.0.1:<port>/v1}. */
    public String openAiBaseUrl() {
        return server.baseUrl() + "/v1";
    }

    /** Base URL for Ollama clients: {@code http://127.0.0.1:<port>}. */
    public String ollamaBaseUrl() {
        return server.baseUrl();
    }

    public int port() {
        return server.port();
    }

    /** Every chat request received, in arrival order (malformed ones are not chat requests: see {@link #httpRequests()}). */
    public List<ChatRequest> requests() {
        return List.copyOf(requests);
    }

    /** Every HTTP request received, including malformed ones and other paths. */
    public List<RecordedRequest> httpRequests() {
        return server.requests();
    }

    /** Requests that nothing was scripted for (each got a 500). */
    public List<ChatRequest> unanswered() {
        return List.copyOf(unanswered);
    }

    /** Scripted replies not used yet. */
    public int remainingScripted() {
        synchronized (script) {
            return script.size();
        }
    }

    /** Stops the server; hanging replies are released. Idempotent. */
    @Override
    public void close() {
        server.close();
    }

    private void handle(HttpExchange ex, RecordedRequest http) throws IOException {
        ChatRequest.Protocol protocol;
        String path = http.path();
        if (path.equals("/v1/chat/completions") || path.equals("/chat/completions")) {
            protocol = ChatRequest.Protocol.OPENAI;
        } else if (path.equals("/api/chat")) {
            protocol = ChatRequest.Protocol.OLLAMA;
        } else {
            ReplyWriter.write(ex, HttpReply.json(404, java.util.Map.of("error", "FakeChatModel serves POST"
                    + " /v1/chat/completions and POST /api/chat, not " + http.method() + " " + path)), server.closed());
            return;
        }
        if (!http.method().equals("POST")) {
            ReplyWriter.write(ex, HttpReply.json(405, java.util.Map.of("error", "use POST")), server.closed());
            return;
        }
        ChatRequest req;
        try {
            req = ChatWire.parse(protocol, http);
        } catch (IllegalArgumentException e) {
            ReplyWriter.write(ex, HttpReply.json(400, java.util.Map.of("error", e.getMessage())), server.closed());
            return;
        }
        requests.add(req);
        ChatReply reply = choose(req);
        if (reply == null) {
            unanswered.add(req);
            var body = JsonNodeFactory.instance.objectNode();
            body.putObject("error").put("message", "FakeChatModel: no scripted reply, rule or function for: "
                    + req.lastUserMessage()).put("type", "fake_model_unscripted");
            ChatWire.writeJson(ex, 500, body);
            return;
        }
        if (!reply.delay().isZero() && ReplyWriter.pause(server.closed(), reply.delay())) {
            return;
        }
        switch (reply.kind()) {
            case HANG -> ReplyWriter.write(ex, HttpReply.hang(), server.closed());
            case ERROR -> ChatWire.writeError(ex, protocol, reply);
            case MALFORMED -> ReplyWriter.write(ex, HttpReply.text(200, reply.raw())
                    .withHeader("Content-Type", "application/json"), server.closed());
            case TEXT -> ChatWire.writeText(ex, req, reply, seq.incrementAndGet(), clock.instant(), server.closed());
        }
    }

    private ChatReply choose(ChatRequest req) {
        synchronized (script) {
            if (!script.isEmpty()) {
                return script.poll();
            }
        }
        for (Rule r : rules) {
            if (r.rule.test(req)) {
                return r.fn.apply(req);
            }
        }
        Function<ChatRequest, ChatReply> fn = function;
        return fn == null ? null : fn.apply(req);
    }

    /** Descriptions of the rules, for messages. */
    public List<String> ruleDescriptions() {
        List<String> out = new ArrayList<>();
        rules.forEach(r -> out.add(r.rule.description()));
        return out;
    }

    private record Rule(ChatRule rule, Function<ChatRequest, ChatReply> fn) {
    }
}
