package dev.alexos.chainbot.internal.llm;

/**
 * A model's request to call a tool.
 *
 * @param id the provider's id for the call (generated when the provider gives none)
 * @param name the tool name
 * @param arguments the arguments as JSON text
 */
public record ToolCall(String id, String name, String arguments) {
}
