package dev.alexos.chainbot.internal.ai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.alexos.chainbot.internal.llm.ChatMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The parameters of a {@code chat} task: {@code prompt}, optional {@code system} (added to the
 * agent's persona), optional prior {@code messages} ({@code [{role, content}]}), optional
 * {@code stream}, {@code temperature}, {@code max_tokens}.
 */
record ChatInput(String prompt, String system, List<ChatMessage> history, Boolean stream, Double temperature,
        Integer maxTokens, int depth) {

    private static final Set<String> ROLES = Set.of("system", "user", "assistant");

    /** Parses and validates; {@link IllegalArgumentException} messages name the field. */
    static ChatInput parse(ObjectNode p) {
        JsonNode prompt = p.get("prompt");
        if (prompt != null && !prompt.isNull() && !prompt.isTextual()) {
            throw new IllegalArgumentException("prompt: expected text");
        }
        List<ChatMessage> history = new ArrayList<>();
        JsonNode msgs = p.get("messages");
        if (msgs != null && !msgs.isNull()) {
            if (!msgs.isArray()) {
                throw new IllegalArgumentException("messages: expected an array of {role, content}");
            }
            int i = 0;
            for (JsonNode m : msgs) {
                String role = m.path("role").asText("");
                if (!ROLES.contains(role)) {
                    throw new IllegalArgumentException("messages[" + i + "].role: expected system, user or assistant");
                }
                if (!m.path("content").isTextual()) {
                    throw new IllegalArgumentException("messages[" + i + "].content: expected text");
                }
                history.add(new ChatMessage(role, m.get("content").asText(), null, null));
                i++;
            }
        }
        String promptText = prompt == null || prompt.isNull() ? null : prompt.asText();
        if ((promptText == null || promptText.isBlank()) && history.isEmpty()) {
            throw new IllegalArgumentException("prompt: required (or give messages)");
        }
        JsonNode system = p.get("system");
        if (system != null && !system.isNull() && !system.isTextual()) {
            throw new IllegalArgumentException("system: expected text");
        }
        JsonNode stream = p.get("stream");
        if (stream != null && !stream.isNull() && !stream.isBoolean()) {
            throw new IllegalArgumentException("stream: expected true or false");
        }
        JsonNode temp = p.get("temperature");
        if (temp != null && !temp.isNull() && (!temp.isNumber() || temp.asDouble() < 0 || temp.asDouble() > 2)) {
            throw new IllegalArgumentException("temperature: expected a number in [0, 2]");
        }
        JsonNode max = p.get("max_tokens");
        if (max != null && !max.isNull() && (!max.canConvertToInt() || max.asInt() < 1)) {
            throw new IllegalArgumentException("max_tokens: expected a positive integer");
        }
        return new ChatInput(promptText, system == null || system.isNull() ? null : system.asText(), history,
                stream == null || stream.isNull() ? null : stream.asBoolean(),
                temp == null || temp.isNull() ? null : temp.asDouble(),
                max == null || max.isNull() ? null : max.asInt(), p.path("_tool_depth").asInt(0));
    }
}
