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
import java.util.TreeMap;

/**
 * The OpenAI chat-completions protocol ({@code POST <base>/chat/completions}), non-streamed
 * and streamed as server-sent events ({@code data: {...}} lines ending with {@code data: [DONE]}).
 * Spoken by OpenAI, Azure-style gateways, vLLM, llama.cpp's server, LM Studio and Ollama's
 * OpenAI mode; a newer model is only a different {@code model} value.
 */
public final class OpenAiProvider extends HttpChatProvider {

    public OpenAiProvider(ProviderSettings settings, HttpClient http, Scheduler scheduler, Clock clock) {
        super(settings, http, scheduler, clock);
    }

    @Override
    URI endpoint() {
        return URI.create(settings.baseUrl() + "/chat/completions");
    }

    @Override
    ObjectNode body(ChatRequest r) {
        ObjectNode b = MAPPER.createObjectNode();
        b.put("model", r.model());
        ArrayNode msgs = b.putArray("messages");
        for (ChatMessage m : r.messages()) {
            ObjectNode o = msgs.addObject();
            o.put("role", m.role());
            o.put("content", m.content());
            if (m.toolCallId() != null) {
                o.put("tool_call_id", m.toolCallId());
            }
            if (!m.toolCalls().isEmpty()) {
                ArrayNode calls = o.putArray("tool_calls");
                for (ToolCall c : m.toolCalls()) {
                    ObjectNode call = calls.addObject();
                    call.put("id", c.id());
                    call.put("type", "function");
                    call.putObject("function").put("name", c.name()).put("arguments", c.arguments());
                }
            }
        }
        if (r.temperature() != null) {
            b.put("temperature", r.temperature());
        }
        if (r.maxTokens() != null) {
            b.put("max_tokens", r.maxTokens());
        }
        if (!r.tools().isEmpty()) {
            ArrayNode tools = b.putArray("tools");
            for (ToolSpec t : r.tools()) {
                ObjectNode fn = tools.addObject().put("type", "function").putObject("function");
                fn.put("name", t.name()).put("description", t.description()).set("parameters", t.parameters());
            }
        }
        b.put("stream", r.stream());
        if (r.stream()) {
            b.putObject("stream_options").put("include_usage", true);
        }
        return b;
    }

    @Override
    ChatResponse parseReply(JsonNode reply) {
        JsonNode choice = reply.path("choices").path(0);
        JsonNode message = choice.path("message");
        if (!message.isObject()) {
            throw malformed("missing choices[0].message");
        }
        JsonNode content = message.get("content");
        if (content != null && !content.isNull() && !content.isTextual()) {
            throw malformed("choices[0].message.content is not text");
        }
        List<ToolCall> calls = new ArrayList<>();
        for (JsonNode c : message.path("tool_calls")) {
            JsonNode fn = c.path("function");
            if (!fn.hasNonNull("name")) {
                throw malformed("a tool call without function.name");
            }
            calls.add(new ToolCall(c.path("id").asText("call_" + calls.size()), fn.get("name").asText(),
                    fn.path("arguments").asText("{}")));
        }
        if (content == null || content.isNull()) {
            if (calls.isEmpty()) {
                throw malformed("choices[0].message has neither content nor tool_calls");
            }
        }
        return new ChatResponse(text(content), text(reply.get("model")), usage(reply.get("usage")),
                text(choice.get("finish_reason")), calls);
    }

    private static TokenUsage usage(JsonNode u) {
        if (u == null || !u.isObject()) {
            return TokenUsage.NONE;
        }
        long p = u.path("prompt_tokens").asLong();
        long c = u.path("completion_tokens").asLong();
        return new TokenUsage(p, c, u.path("total_tokens").asLong(p + c));
    }

    @Override
    StreamReader streamReader(TokenSink sink) {
        return new StreamReader() {
            private final StringBuilder text = new StringBuilder();
            private final TreeMap<Integer, String[]> calls = new TreeMap<>();
            private int tokens;
            private String model;
            private String finish;
            private TokenUsage usage = TokenUsage.NONE;

            @Override
            public boolean onLine(String line) {
                if (line.startsWith(":") || !line.startsWith("data:")) {
                    return false; // SSE comments, event names and ids carry nothing for us
                }
                String data = line.substring(5).trim();
                if (data.equals("[DONE]")) {
                    return true;
                }
                JsonNode chunk;
                try {
                    chunk = MAPPER.readTree(data);
                } catch (IOException e) {
                    throw malformed("a stream chunk is not JSON");
                }
                if (chunk == null || !chunk.isObject()) {
                    throw malformed("a stream chunk is not a JSON object");
                }
                if (chunk.has("error")) {
                    JsonNode err = chunk.get("error");
                    throw new LlmException(LlmException.Kind.SERVER_ERROR, "provider '" + name()
                            + "' reported an error mid-stream: " + redactor.clean(err.path("message").asText(err.asText())));
                }
                if (chunk.hasNonNull("model")) {
                    model = chunk.get("model").asText();
                }
                if (chunk.has("usage") && chunk.get("usage").isObject()) {
                    usage = usage(chunk.get("usage"));
                }
                JsonNode choice = chunk.path("choices").path(0);
                JsonNode delta = choice.path("delta");
                if (delta.hasNonNull("content")) {
                    String t = delta.get("content").asText();
                    if (!t.isEmpty()) {
                        text.append(t);
                        tokens++;
                        sink.onToken(t);
                    }
                }
                for (JsonNode c : delta.path("tool_calls")) {
                    String[] acc = calls.computeIfAbsent(c.path("index").asInt(calls.size()), i -> new String[] {null, "", ""});
                    if (c.hasNonNull("id")) {
                        acc[0] = c.get("id").asText();
                    }
                    acc[1] += c.path("function").path("name").asText("");
                    acc[2] += c.path("function").path("arguments").asText("");
                }
                if (choice.hasNonNull("finish_reason")) {
                    finish = choice.get("finish_reason").asText();
                }
                return false;
            }

            @Override
            public int tokens() {
                return tokens;
            }

            @Override
            public ChatResponse result(boolean complete) {
                if (!complete && finish == null) {
                    throw new LlmException(LlmException.Kind.INCOMPLETE, "the stream from provider '" + name()
                            + "' ended after " + tokens + " tokens without finishing the reply");
                }
                List<ToolCall> out = new ArrayList<>();
                calls.forEach((i, c) -> out.add(new ToolCall(c[0] == null ? "call_" + i : c[0], c[1],
                        c[2].isEmpty() ? "{}" : c[2])));
                return new ChatResponse(text.toString(), model, usage, finish, out);
            }
        };
    }
}
