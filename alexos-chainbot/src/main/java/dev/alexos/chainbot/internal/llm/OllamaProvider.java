package dev.alexos.chainbot.internal.llm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.alexos.core.Scheduler;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * Ollama's native {@code POST <base>/api/chat}: one JSON reply, or newline-delimited JSON
 * chunks ending with {@code "done": true} (which carries the token counts).
 */
public final class OllamaProvider extends HttpChatProvider {

    public OllamaProvider(ProviderSettings settings, HttpClient http, Scheduler scheduler, Clock clock) {
        super(settings, http, scheduler, clock);
    }

    @Override
    URI endpoint() {
        return URI.create(settings.baseUrl() + "/api/chat");
    }

    @Override
    ObjectNode body(ChatRequest r) {
        ObjectNode b = MAPPER.createObjectNode();
        b.put("model", r.model());
        ArrayNode msgs = b.putArray("messages");
        for (ChatMessage m : r.messages()) {
            ObjectNode o = msgs.addObject().put("role", m.role()).put("content", m.content());
            if (!m.toolCalls().isEmpty()) {
                ArrayNode calls = o.putArray("tool_calls");
                for (ToolCall c : m.toolCalls()) {
                    ObjectNode fn = calls.addObject().putObject("function").put("name", c.name());
                    try {
                        fn.set("arguments", MAPPER.readTree(c.arguments()));
                    } catch (IOException e) {
                        fn.putObject("arguments");
                    }
                }
            }
        }
        b.put("stream", r.stream());
        ObjectNode options = MAPPER.createObjectNode();
        if (r.temperature() != null) {
            options.put("temperature", r.temperature());
        }
        if (r.maxTokens() != null) {
            options.put("num_predict", r.maxTokens());
        }
        if (!options.isEmpty()) {
            b.set("options", options);
        }
        if (!r.tools().isEmpty()) {
            ArrayNode tools = b.putArray("tools");
            for (ToolSpec t : r.tools()) {
                ObjectNode fn = tools.addObject().put("type", "function").putObject("function");
                fn.put("name", t.name()).put("description", t.description()).set("parameters", t.parameters());
            }
        }
        return b;
    }

    @Override
    ChatResponse parseReply(JsonNode reply) {
        if (reply.has("error")) {
            throw new LlmException(LlmException.Kind.SERVER_ERROR, "provider '" + name() + "' reported: "
                    + redactor.clean(reply.get("error").asText()));
        }
        JsonNode message = reply.path("message");
        if (!message.isObject() || !message.has("content") || !message.get("content").isTextual()) {
            throw malformed("missing message.content");
        }
        return new ChatResponse(message.get("content").asText(), text(reply.get("model")), usage(reply),
                text(reply.get("done_reason")), toolCalls(message));
    }

    private List<ToolCall> toolCalls(JsonNode message) {
        List<ToolCall> calls = new ArrayList<>();
        for (JsonNode c : message.path("tool_calls")) {
            JsonNode fn = c.path("function");
            if (!fn.hasNonNull("name")) {
                throw malformed("a tool call without function.name");
            }
            JsonNode args = fn.path("arguments");
            calls.add(new ToolCall("call_" + calls.size(), fn.get("name").asText(),
                    args.isTextual() ? args.asText() : args.isMissingNode() ? "{}" : args.toString()));
        }
        return calls;
    }

    private static TokenUsage usage(JsonNode reply) {
        return TokenUsage.of(reply.path("prompt_eval_count").asLong(), reply.path("eval_count").asLong());
    }

    @Override
    StreamReader streamReader(TokenSink sink) {
        return new StreamReader() {
            private final StringBuilder text = new StringBuilder();
            private final List<ToolCall> calls = new ArrayList<>();
            private int tokens;
            private JsonNode last;

            @Override
            public boolean onLine(String line) {
                JsonNode chunk;
                try {
                    chunk = MAPPER.readTree(line);
                } catch (IOException e) {
                    throw malformed("a stream line is not JSON");
                }
                if (chunk == null || !chunk.isObject()) {
                    throw malformed("a stream line is not a JSON object");
                }
                if (chunk.has("error")) {
                    throw new LlmException(LlmException.Kind.SERVER_ERROR, "provider '" + name()
                            + "' reported an error mid-stream: " + redactor.clean(chunk.get("error").asText()));
                }
                JsonNode message = chunk.path("message");
                String t = message.path("content").asText("");
                if (!t.isEmpty()) {
                    text.append(t);
                    tokens++;
                    sink.onToken(t);
                }
                calls.addAll(toolCalls(message));
                last = chunk;
                return chunk.path("done").asBoolean(false);
            }

            @Override
            public int tokens() {
                return tokens;
            }

            @Override
            public ChatResponse result(boolean complete) {
                if (!complete) {
                    throw new LlmException(LlmException.Kind.INCOMPLETE, "the stream from provider '" + name()
                            + "' ended after " + tokens + " tokens without \"done\": true");
                }
                return new ChatResponse(text.toString(), text(last.get("model")), usage(last),
                        text(last.get("done_reason")), calls);
            }
        };
    }
}
