package dev.alexos.chainbot.internal.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.alexos.chainbot.workflow.InputSpec;
import dev.alexos.chainbot.workflow.WorkflowDefinition;
import dev.alexos.chainbot.workflow.WorkflowValidationException;
import dev.alexos.core.json.Json;

/** Checks run inputs against a definition's declared inputs and applies defaults. */
final class InputValidation {
    private InputValidation() {
    }

    static ObjectNode apply(WorkflowDefinition d, ObjectNode given) {
        ObjectNode in = given == null ? Json.object() : given.deepCopy();
        for (InputSpec spec : d.inputs().values()) {
            JsonNode v = in.get(spec.name());
            String f = "inputs." + spec.name();
            if (v == null || v.isNull()) {
                if (spec.defaultValue() != null) {
                    in.set(spec.name(), spec.defaultValue().deepCopy());
                    continue;
                }
                if (spec.required()) {
                    throw new WorkflowValidationException(f, "is required by workflow '" + d.id() + "'");
                }
                continue;
            }
            boolean ok = switch (spec.type()) {
                case "string" -> v.isTextual();
                case "number" -> v.isNumber();
                case "integer" -> v.isIntegralNumber();
                case "boolean" -> v.isBoolean();
                case "object" -> v.isObject();
                case "array" -> v.isArray();
                default -> true;
            };
            if (!ok) {
                throw new WorkflowValidationException(f, "expected " + spec.type() + ", got "
                        + v.getNodeType().toString().toLowerCase(java.util.Locale.ROOT));
            }
        }
        return in;
    }
}
