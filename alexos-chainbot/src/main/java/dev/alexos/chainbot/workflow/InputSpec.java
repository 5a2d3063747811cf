package dev.alexos.chainbot.workflow;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One declared input of a workflow. Execution checks the given inputs against these: a missing
 * required input or a value of the wrong type is a 400 naming {@code inputs.<name>}.
 *
 * @param name input name
 * @param type {@code string}, {@code number}, {@code integer}, {@code boolean}, {@code object},
 *     {@code array} or {@code any}
 * @param required whether it must be given (when there is no default)
 * @param defaultValue used when absent, or {@code null}
 * @param description shown in the API, may be empty
 */
public record InputSpec(String name, String type, boolean required, JsonNode defaultValue, String description) {
    public InputSpec {
        type = type == null ? "any" : type;
        description = description == null ? "" : description;
    }
}
