package dev.alexos.chainbot.internal.llm;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A tool offered to the model.
 *
 * @param name the function name ({@code [a-zA-Z0-9_-]{1,64}})
 * @param description what it does, for the model
 * @param parameters a JSON schema of its arguments
 */
public record ToolSpec(String name, String description, ObjectNode parameters) {
}
