package dev.alexos.chainbot.internal.llm;

import java.util.List;
import java.util.Objects;

/**
 * One message of a chat exchange with a model.
 *
 * @param role {@code system}, {@code user}, {@code assistant} or {@code tool}
 * @param content the text (may be empty for an assistant message that only calls tools)
 * @param toolCallId for {@code tool} messages: the call this answers
 * @param toolCalls for {@code assistant} messages: the tools the model asked to call
 */
public record ChatMessage(String role, String content, String toolCallId, List<ToolCall> toolCalls) {

    public ChatMessage {
        Objects.requireNonNull(role, "role");
        content = content == null ? "" : content;
        toolCalls = List.copyOf(toolCalls == null ? List.of() : toolCalls);
    }

    public static ChatMessage system(String content) {
        return new ChatMessage("system", content, null, null);
    }

    public static ChatMessage user(String content) {
        return new ChatMessage("user", content, null, null);
    }

    public static ChatMessage assistant(String content) {
        return new ChatMessage("assistant", content, null, null);
    }

    public static ChatMessage tool(String callId, String content) {
        return new ChatMessage("tool", content, callId, null);
    }
}
