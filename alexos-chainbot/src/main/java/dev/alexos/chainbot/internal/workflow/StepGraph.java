package dev.alexos.chainbot.internal.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import dev.alexos.chainbot.workflow.StepDefinition;
import dev.alexos.chainbot.workflow.WorkflowValidationException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The dependency graph of a workflow's steps: edges from the graph form, and the check that it has no cycle. Stateless. */
final class StepGraph {

    private StepGraph() {
    }

    /**
     * The nodes with the dependencies that {@code edges} ({@code [{from, to}]}, may be null)
     * add to their own {@code depends_on}.
     *
     * @throws WorkflowValidationException naming {@code edges[i]} for a malformed edge or an unknown node
     */
    static List<StepDefinition> withEdges(List<StepDefinition> nodes, JsonNode edges) {
        Map<String, List<String>> deps = new LinkedHashMap<>();
        nodes.forEach(s -> deps.put(s.id(), new ArrayList<>(s.dependsOn())));
        if (edges != null && !edges.isNull()) {
            if (!edges.isArray()) {
                throw new WorkflowValidationException("edges", "must be a list of {from, to}");
            }
            for (int i = 0; i < edges.size(); i++) {
                JsonNode e = edges.get(i);
                String f = "edges[" + i + "]";
                String from = DefinitionFields.requiredText(e, "from", f + ".from");
                String to = DefinitionFields.requiredText(e, "to", f + ".to");
                if (!deps.containsKey(from)) {
                    throw new WorkflowValidationException(f + ".from", "no node '" + from + "'");
                }
                if (!deps.containsKey(to)) {
                    throw new WorkflowValidationException(f + ".to", "no node '" + to + "'");
                }
                if (!deps.get(to).contains(from)) {
                    deps.get(to).add(from);
                }
            }
        }
        List<StepDefinition> out = new ArrayList<>();
        for (StepDefinition s : nodes) {
            out.add(new StepDefinition(s.id(), s.type(), s.name(), s.config(), s.condition(), s.outputVariable(),
                    s.onFailure(), s.timeout(), deps.get(s.id()), s.children(), s.branches()));
        }
        return out;
    }

    /** Kahn's algorithm; names a step on the cycle. */
    static void checkAcyclic(List<StepDefinition> steps, String field) {
        Map<String, Integer> indegree = new HashMap<>();
        Map<String, List<String>> next = new HashMap<>();
        for (StepDefinition s : steps) {
            indegree.putIfAbsent(s.id(), 0);
            for (String d : s.dependsOn()) {
                if (steps.stream().noneMatch(x -> x.id().equals(d))) {
                    throw new WorkflowValidationException(field, "step '" + s.id() + "' depends on unknown step '" + d + "'");
                }
                indegree.merge(s.id(), 1, Integer::sum);
                next.computeIfAbsent(d, k -> new ArrayList<>()).add(s.id());
            }
        }
        ArrayDeque<String> ready = new ArrayDeque<>();
        indegree.forEach((k, v) -> {
            if (v == 0) {
                ready.add(k);
            }
        });
        int seen = 0;
        while (!ready.isEmpty()) {
            String n = ready.poll();
            seen++;
            for (String m : next.getOrDefault(n, List.of())) {
                if (indegree.merge(m, -1, Integer::sum) == 0) {
                    ready.add(m);
                }
            }
        }
        if (seen < steps.size()) {
            String onCycle = indegree.entrySet().stream().filter(e -> e.getValue() > 0).map(Map.Entry::getKey)
                    .sorted().findFirst().orElse("?");
            throw new WorkflowValidationException(field, "the graph has a cycle (through step '" + onCycle + "')");
        }
    }

}
