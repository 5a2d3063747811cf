package dev.alexos.chainbot.workflow;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * One step of a workflow, validated. Container steps ({@code parallel}, {@code for_each},
 * {@code loop}, {@code condition}, {@code switch}) hold their nested steps in {@link #children()}
 * (and {@link #branches()} for condition/switch branches).
 *
 * @param id unique within its block; the name used in {@code ${steps.<id>...}}
 * @param type the step type, see {@link StepType}
 * @param name display name
 * @param config the step's raw configuration (templates unresolved); read-only by convention
 * @param condition an expression; when it is false the step is skipped; {@code null} = always
 * @param outputVariable also store the output under this name ({@code ${vars.<name>}} or
 *     {@code ${<name>}})
 * @param onFailure the failure policy
 * @param timeout per-attempt timeout, or {@code null}
 * @param dependsOn for the graph form: ids of the steps that must finish first
 * @param children nested steps (parallel branches, loop body)
 * @param branches for condition/switch: branch name to its steps ({@code then}/{@code else}, or
 *     each case value and {@code default})
 */
public record StepDefinition(
        String id, StepType type, String name, ObjectNode config, String condition, String outputVariable,
        FailurePolicy onFailure, Duration timeout, List<String> dependsOn, List<StepDefinition> children,
        java.util.Map<String, List<StepDefinition>> branches) {

    public StepDefinition {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(config, "config");
        name = name == null ? id : name;
        onFailure = onFailure == null ? FailurePolicy.failFast() : onFailure;
        dependsOn = List.copyOf(dependsOn == null ? List.of() : dependsOn);
        children = List.copyOf(children == null ? List.of() : children);
        branches = branches == null ? java.util.Map.of() : java.util.Collections.unmodifiableMap(
                new java.util.LinkedHashMap<>(branches));
    }
}
