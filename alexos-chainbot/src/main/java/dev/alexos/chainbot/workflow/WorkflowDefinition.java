package dev.alexos.chainbot.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A validated workflow definition. Built by parsing JSON or YAML (see
 * {@link WorkflowEngine#saveDefinition}); {@link #source()} keeps the document as given so that
 * it can be shown and stored unchanged.
 *
 * @param id unique id, e.g. {@code container-health}
 * @param name display name
 * @param description free text
 * @param mode how the top-level steps run: {@code sequential}, {@code parallel},
 *     {@code conditional} (sequential, each step's condition decides) or {@code graph}
 * @param inputs declared inputs (empty: any inputs accepted)
 * @param steps top-level steps (in the graph form: the nodes, with {@code dependsOn})
 * @param output a template for the run's result, or {@code null} for each top-level step's output by id
 * @param timeout per-run timeout, or {@code null}
 * @param maxConcurrency top-level concurrency for {@code parallel} and {@code graph}
 * @param source the definition document as given (JSON)
 */
public record WorkflowDefinition(
        String id, String name, String description, Mode mode, Map<String, InputSpec> inputs,
        List<StepDefinition> steps, JsonNode output, Duration timeout, int maxConcurrency, ObjectNode source) {

    /** How top-level steps are run. */
    public enum Mode {
        SEQUENTIAL, PARALLEL, CONDITIONAL, GRAPH;

        public String wireName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public WorkflowDefinition {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(source, "source");
        name = name == null ? id : name;
        description = description == null ? "" : description;
        inputs = inputs == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(inputs));
        steps = List.copyOf(steps);
        maxConcurrency = Math.max(1, maxConcurrency);
    }
}
