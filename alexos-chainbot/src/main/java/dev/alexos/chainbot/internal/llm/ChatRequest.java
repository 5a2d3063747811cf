package dev.alexos.chainbot.internal.llm;

import java.util.List;
import java.util.Objects;

/**
 * A request to a chat model.
 *
 * @param model the model name, e.g. {@code gpt-4o}, {@code llama3.2}
 * @param messages the conversation, oldest first
 * @param temperature sampling temperature, or {@code null} for the provider's default
 * @param maxTokens completion limit, or {@code null}
 * @param tools tools the model may call (empty for none)
 * @param stream whether to stream the reply token by token
 */
public record ChatRequest(String model, List<ChatMessage> messages, Double temperature, Integer maxTokens,
        List<ToolSpec> tools, boolean stream) {

    public ChatRequest {
        Objects.requireNonNull(model, "model");
        messages = List.copyOf(messages);
        tools = List.copyOf(tools == null ? List.of() : tools);
    }

    /** A copy with more messages appended. */
    public ChatRequest withMessages(List<ChatMessage> newMessages) {
        return new ChatRequest(model, newMessages, temperature, maxTokens, tools, stream);
    }
}
