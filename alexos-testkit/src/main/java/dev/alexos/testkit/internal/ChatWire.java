package dev.alexos.testkit.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import dev.alexos.testkit.ChatReply;
import dev.alexos.testkit.ChatRequest;
import dev.alexos.testkit.RecordedRequest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * The wire formats of the OpenAI chat-completions API and Ollama's {@code /api/chat}: parses
 * requests and writes replies (whole, streamed as SSE or NDJSON, cut off, or errors).
 */
public final class ChatWire {
    // A plain mapper: the wire formats have their own field names, not the project's snake_case records.
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private ChatWire() {
    }

    /** Parses a chat request; throws IllegalArgumentException naming what is wrong. */
    public static ChatRequest parse(ChatRequest.Protocol protocol, RecordedRequest http) {
        JsonNode body;
        try {
            body = MAPPER.readTree(http.body());
        } catch (IOException e) {
            throw new IllegalArgumentException("request body is not JSON: " + e.getMessage());
        }
        if (body == null || !body.isObject()) {
            throw new IllegalArgumentException("request body must be a JSON object");
        }
        JsonNode msgs = body.get("messages");
        if (msgs == null || !msgs.isArray()) {
            throw new IllegalArgumentException("field 'messages' must be an array");
        }
        List<ChatRequest.Message> messages = new ArrayList<>();
        for (JsonNode m : msgs) {
            JsonNode content = m.get("content");
            String text = content == null || content.isNull() ? "" : content.isTextual() ? content.asText()
                    : joinParts(content);
            messages.add(new ChatRequest.Message(m.path("role").asText(""), text));
        }
        boolean stream = protocol == ChatRequest.Protocol.OLLAMA ? body.path("stream").asBoolean(true)
                : body.path("stream").asBoolean(false);
        return new ChatRequest(protocol, body.path("model").asText(""), messages, stream, body, http);
    }

    /** OpenAI content may be an array of parts; the text parts are joined. */
    private static String joinParts(JsonNode parts) {
        StringBuilder sb = new StringBuilder();
        for (JsonNode p : parts) {
            sb.append(p.path("text").asText(""));
        }
        return sb.toString();
    }

    /** Writes a text reply in the request's protocol and mode. */
    public static void writeText(HttpExchange ex, ChatRequest req, ChatReply reply, long seq, Instant now,
            CountDownLatch closed) throws IOException {
        boolean openAi = req.protocol() == ChatRequest.Protocol.OPENAI;
        List<String> chunks = reply.chunks();
        String model = req.model().isEmpty() ? "fake-model" : req.model();
        if (!req.stream()) {
            if (reply.holdAfter() >= 0 && !held(reply, closed)) {
                ReplyWriter.cut(ex);
                return;
            }
            if (reply.cutOffAfter() >= 0) {
                byte[] full = bytes(openAi ? openAiWhole(reply.content(), model, seq, now, req)
                        : ollamaWhole(reply.content(), model, now, req));
                ex.getResponseHeaders().add("Content-Type", "application/json");
                ex.sendResponseHeaders(200, full.length);
                OutputStream out = ex.getResponseBody();
                out.write(full, 0, full.length / 2);
                ReplyWriter.cut(ex);
                return;
            }
            byte[] body = bytes(openAi ? openAiWhole(reply.content(), model, seq, now, req)
                    : ollamaWhole(reply.content(), model, now, req));
            ex.getResponseHeaders().add("Content-Type", "application/json");
            ex.sendResponseHeaders(200, body.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
            return;
        }
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        int written = 0;
        int cutAt = -1;
        int holdAt = -1;
        for (int i = 0; i < chunks.size(); i++) {
            if (i == reply.cutOffAfter()) {
                cutAt = all.size();
            }
            if (i == reply.holdAfter()) {
                holdAt = all.size();
            }
            all.writeBytes(openAi ? sse(openAiChunk(chunks.get(i), i == 0, null, model, seq, now))
                    : line(ollamaChunk(chunks.get(i), false, model, now, req)));
            written++;
        }
        if (reply.cutOffAfter() >= chunks.size()) {
            cutAt = all.size();
        }
        all.writeBytes(openAi ? sse(openAiChunk("", false, "stop", model, seq, now))
                : line(ollamaChunk("", true, model, now, req)));
        if (openAi) {
            all.writeBytes("data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8));
        }
        byte[] body = all.toByteArray();
        ex.getResponseHeaders().add("Content-Type", openAi ? "text/event-stream" : "application/x-ndjson");
        ex.getResponseHeaders().add("Cache-Control", "no-cache");
        // A declared length lets the fake cut the stream: closing before it is reached drops the connection.
        ex.sendResponseHeaders(200, body.length);
        OutputStream out = ex.getResponseBody();
        int from = 0;
        if (holdAt >= 0 && (cutAt < 0 || holdAt < cutAt)) {
            out.write(body, 0, holdAt);
            out.flush();
            if (!held(reply, closed)) {
                ReplyWriter.cut(ex);
                return;
            }
            from = holdAt;
        }
        if (cutAt >= 0) {
            out.write(body, from, cutAt - from);
            ReplyWriter.cut(ex);
            return;
        }
        out.write(body, from, body.length - from);
        out.close();
        assert written == chunks.size();
    }

    /** Waits for a held reply's release; false when the server closed first. */
    private static boolean held(ChatReply reply, CountDownLatch closed) {
        java.util.concurrent.CompletableFuture<?> release = reply.release().toCompletableFuture();
        while (!release.isDone()) {
            if (ReplyWriter.pause(closed, java.time.Duration.ofMillis(20))) {
                return false;
            }
        }
        return true;
    }

    /** Writes an error body of the request's protocol. */
    public static void writeError(HttpExchange ex, ChatRequest.Protocol protocol, ChatReply reply) throws IOException {
        String message = reply.status() == 429 ? "Rate limit reached (fake)" : "The fake model was told to fail with "
                + reply.status();
        ObjectNode body = MAPPER.createObjectNode();
        if (protocol == ChatRequest.Protocol.OPENAI) {
            ObjectNode err = body.putObject("error");
            err.put("message", message);
            err.put("type", reply.errorType());
            err.putNull("param");
            err.put("code", reply.errorType());
        } else {
            body.put("error", message);
        }
        if (reply.retryAfter() != null) {
            long secs = (reply.retryAfter().toMillis() + 999) / 1000;
            ex.getResponseHeaders().add("Retry-After", Long.toString(secs));
        }
        writeJson(ex, reply.status(), body);
    }

    /** Writes a JSON body with a status. */
    public static void writeJson(HttpExchange ex, int status, JsonNode body) throws IOException {
        byte[] b = bytes(body);
        ex.getResponseHeaders().add("Content-Type", "application/json");
        ex.sendResponseHeaders(status, b.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(b);
        }
    }

    private static ObjectNode openAiWhole(String content, String model, long seq, Instant now, ChatRequest req) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("id", "chatcmpl-fake-" + seq);
        o.put("object", "chat.completion");
        o.put("created", now.getEpochSecond());
        o.put("model", model);
        ObjectNode choice = o.putArray("choices").addObject();
        choice.put("index", 0);
        ObjectNode msg = choice.putObject("message");
        msg.put("role", "assistant");
        msg.put("content", content);
        choice.put("finish_reason", "stop");
        ObjectNode usage = o.putObject("usage");
        int prompt = words(req.prompt());
        int completion = words(content);
        usage.put("prompt_tokens", prompt);
        usage.put("completion_tokens", completion);
        usage.put("total_tokens", prompt + completion);
        return o;
    }

    private static ObjectNode openAiChunk(String delta, boolean first, String finish, String model, long seq,
            Instant now) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("id", "chatcmpl-fake-" + seq);
        o.put("object", "chat.completion.chunk");
        o.put("created", now.getEpochSecond());
        o.put("model", model);
        ObjectNode choice = o.putArray("choices").addObject();
        choice.put("index", 0);
        ObjectNode d = choice.putObject("delta");
        if (first) {
            d.put("role", "assistant");
        }
        if (finish == null) {
            d.put("content", delta);
            choice.putNull("finish_reason");
        } else {
            choice.put("finish_reason", finish);
        }
        return o;
    }

    private static ObjectNode ollamaWhole(String content, String model, Instant now, ChatRequest req) {
        ObjectNode o = ollamaChunk(content, true, model, now, req);
        return o;
    }

    private static ObjectNode ollamaChunk(String delta, boolean done, String model, Instant now, ChatRequest req) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("model", model);
        o.put("created_at", now.toString());
        ObjectNode msg = o.putObject("message");
        msg.put("role", "assistant");
        msg.put("content", delta);
        o.put("done", done);
        if (done) {
            o.put("done_reason", "stop");
            o.put("prompt_eval_count", words(req.prompt()));
        }
        return o;
    }

    /** A rough token count (words), so that usage fields are plausible and deterministic. */
    private static int words(String s) {
        String t = s.trim();
        return t.isEmpty() ? 0 : t.split("\\s+").length;
    }

    private static byte[] sse(JsonNode n) {
        return ("data: " + n.toString() + "\n\n").getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] line(JsonNode n) {
        return (n.toString() + "\n").getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] bytes(JsonNode n) {
        return n.toString().getBytes(StandardCharsets.UTF_8);
    }
}
