package dev.alexos.chainbot.internal.llm;

import java.util.List;

/**
 * A model's reply.
 *
 * @param text the reply text (empty when the model only called tools)
 * @param model the model that answered, as the provider names it
 * @param usage tokens spent
 * @param finishReason why the model stopped ({@code stop}, {@code length}, {@code tool_calls}, ...), may be null
 * @param toolCalls tools the model asked to call
 */
public record ChatResponse(String text, String model, TokenUsage usage, String finishReason, List<ToolCall> toolCalls) {

    public ChatResponse {
        text = text == null ? "" : text;
        usage = usage == null ? TokenUsage.NONE : usage;
        toolCalls = List.copyOf(toolCalls == null ? List.of() : toolCalls);
    }
}
