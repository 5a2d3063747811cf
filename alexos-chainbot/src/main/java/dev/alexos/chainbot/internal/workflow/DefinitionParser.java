package dev.alexos.chainbot.internal.workflow;

import static dev.alexos.chainbot.internal.workflow.DefinitionFields.checkSyntax;
import static dev.alexos.chainbot.internal.workflow.DefinitionFields.duration;
import static dev.alexos.chainbot.internal.workflow.DefinitionFields.integer;
import static dev.alexos.chainbot.internal.workflow.DefinitionFields.objectIfPresent;
import static dev.alexos.chainbot.internal.workflow.DefinitionFields.requiredText;
import static dev.alexos.chainbot.internal.workflow.DefinitionFields.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.alexos.chainbot.workflow.FailurePolicy;
import dev.alexos.chainbot.workflow.InputSpec;
import dev.alexos.chainbot.workflow.StepDefinition;
import dev.alexos.chainbot.workflow.StepType;
import dev.alexos.chainbot.workflow.WorkflowDefinition;
import dev.alexos.chainbot.workflow.WorkflowValidationException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Parses and validates definitions: the original format ({@code type}, {@code steps} with
 * {@code on_failure}) and the graph form ({@code nodes}, {@code edges}). Every error names the
 * field, e.g. {@code steps[1] (restart).config.action}. Stateless and thread-safe.
 */
final class DefinitionParser {
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,99}");
    private static final Pattern EVENT = Pattern.compile("[a-z0-9_]+");
    private static final Set<String> INPUT_TYPES = Set.of("string", "number", "integer", "boolean", "object", "array", "any");
    private static final Set<String> METHODS = Set.of("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD");
    /** Hard caps so that one definition cannot ask for unbounded work. */
    static final int MAX_ITERATIONS_CAP = 10_000;

    WorkflowDefinition parse(ObjectNode doc) {
        String id = requiredText(doc, "id", "id");
        if (!ID.matcher(id).matches()) {
            throw new WorkflowValidationException("id", "'" + id + "' must be letters, digits, '_' or '-' (max 100)");
        }
        String modeText = text(doc, "type", text(doc, "mode", doc.has("nodes") ? "graph" : "sequential"));
        WorkflowDefinition.Mode mode;
        try {
            mode = WorkflowDefinition.Mode.valueOf(modeText.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new WorkflowValidationException("type", "'" + modeText + "' is not one of sequential, parallel, conditional, graph");
        }
        Set<String> ids = new HashSet<>();
        List<StepDefinition> steps;
        if (doc.has("nodes")) {
            mode = WorkflowDefinition.Mode.GRAPH;
            steps = parseGraph(doc, ids);
        } else {
            JsonNode s = doc.get("steps");
            if (s == null || !s.isArray() || s.isEmpty()) {
                throw new WorkflowValidationException("steps", "a non-empty list of steps is required (or 'nodes' and 'edges')");
            }
            steps = parseSteps(s, "steps", ids);
            if (mode == WorkflowDefinition.Mode.GRAPH) {
                StepGraph.checkAcyclic(steps, "steps");
            }
        }
        Map<String, InputSpec> inputs = parseInputs(doc.get("inputs"));
        Duration timeout = duration(doc, "timeout", "timeout");
        int maxConcurrency = integer(doc, "max_concurrency", "max_concurrency", 16, 1, 1000);
        JsonNode output = doc.get("output");
        return new WorkflowDefinition(id, text(doc, "name", id), text(doc, "description", ""), mode, inputs, steps,
                output == null || output.isNull() ? null : output, timeout, maxConcurrency, doc.deepCopy());
    }

    private List<StepDefinition> parseGraph(ObjectNode doc, Set<String> ids) {
        JsonNode nodes = doc.get("nodes");
        if (!nodes.isArray() || nodes.isEmpty()) {
            throw new WorkflowValidationException("nodes", "a non-empty list of nodes is required");
        }
        List<StepDefinition> withEdges = StepGraph.withEdges(parseSteps(nodes, "nodes", ids), doc.get("edges"));
        StepGraph.checkAcyclic(withEdges, "edges");
        return withEdges;
    }

    private Map<String, InputSpec> parseInputs(JsonNode n) {
        Map<String, InputSpec> out = new LinkedHashMap<>();
        if (n == null || n.isNull()) {
            return out;
        }
        if (n.isArray()) {
            for (int i = 0; i < n.size(); i++) {
                JsonNode e = n.get(i);
                if (e.isTextual()) {
                    out.put(e.asText(), new InputSpec(e.asText(), "any", true, null, null));
                } else {
                    String name = requiredText(e, "name", "inputs[" + i + "].name");
                    out.put(name, input(name, e, "inputs[" + i + "]"));
                }
            }
            return out;
        }
        if (!n.isObject()) {
            throw new WorkflowValidationException("inputs", "must be an object of name -> {type, required, default}");
        }
        n.properties().forEach(e -> out.put(e.getKey(), input(e.getKey(), e.getValue(), "inputs." + e.getKey())));
        return out;
    }

    private InputSpec input(String name, JsonNode e, String f) {
        if (e.isTextual()) {
            e = Expressions.obj("type", e);
        }
        String type = text(e, "type", "any");
        if (!INPUT_TYPES.contains(type)) {
            throw new WorkflowValidationException(f + ".type", "'" + type + "' is not one of " + INPUT_TYPES);
        }
        JsonNode def = e.get("default");
        boolean required = e.has("required") ? e.get("required").asBoolean() : def == null;
        return new InputSpec(name, type, required, def, text(e, "description", ""));
    }

    List<StepDefinition> parseSteps(JsonNode arr, String field, Set<String> ids) {
        if (!arr.isArray() || arr.isEmpty()) {
            throw new WorkflowValidationException(field, "a non-empty list of steps is required");
        }
        List<StepDefinition> out = new ArrayList<>();
        for (int i = 0; i < arr.size(); i++) {
            out.add(parseStep(arr.get(i), field + "[" + i + "]", ids));
        }
        return out;
    }

    private StepDefinition parseStep(JsonNode s, String at, Set<String> ids) {
        if (!s.isObject()) {
            throw new WorkflowValidationException(at, "a step must be an object");
        }
        String id = requiredText(s, "id", at + ".id");
        if (!ID.matcher(id).matches()) {
            throw new WorkflowValidationException(at + ".id", "'" + id + "' must be letters, digits, '_' or '-'");
        }
        String f = at + " (" + id + ")";
        if (!ids.add(id)) {
            throw new WorkflowValidationException(f + ".id", "duplicate step id '" + id + "' (ids are unique in a workflow)");
        }
        String typeText = requiredText(s, "type", f + ".type");
        StepType type = StepType.parse(typeText).orElseThrow(() -> new WorkflowValidationException(f + ".type",
                "'" + typeText + "' is not a step type (agent_task, llm, api_call, transform, condition, switch, parallel, "
                        + "loop, for_each, wait, approval, sub_workflow, emit_event)"));
        JsonNode c = s.get("config");
        if (c != null && !c.isNull() && !c.isObject()) {
            throw new WorkflowValidationException(f + ".config", "must be an object");
        }
        ObjectNode config = c == null || c.isNull() ? dev.alexos.core.json.Json.object() : ((ObjectNode) c).deepCopy();
        String condition = text(s, "condition", null);
        if (condition != null) {
            checkSyntax(condition, f + ".condition");
        }
        FailurePolicy policy = policy(s.get("on_failure"), f + ".on_failure");
        Duration timeout = duration(s, "timeout", f + ".timeout");
        if (timeout == null) {
            timeout = duration(config, "timeout", f + ".config.timeout");
        }
        List<String> dependsOn = new ArrayList<>();
        JsonNode d = s.get("depends_on");
        if (d != null && d.isArray()) {
            d.forEach(x -> dependsOn.add(x.asText()));
        } else if (d != null && d.isTextual()) {
            dependsOn.add(d.asText());
        }
        List<StepDefinition> children = List.of();
        Map<String, List<StepDefinition>> branches = new LinkedHashMap<>();
        String cf = f + ".config";
        switch (type) {
            case AGENT_TASK -> {
                if (!config.hasNonNull("agent") && !config.hasNonNull("capability")) {
                    throw new WorkflowValidationException(cf + ".agent", "agent_task needs 'agent' (an agent id) or 'capability'");
                }
                requiredText(config, "action", cf + ".action");
                objectIfPresent(config, "params", cf + ".params");
            }
            case LLM -> {
                if (!config.hasNonNull("agent") && !config.hasNonNull("capability")) {
                    throw new WorkflowValidationException(cf + ".agent", "llm needs 'agent' (an AI agent id) or 'capability' (e.g. chat)");
                }
                requiredText(config, "prompt", cf + ".prompt");
            }
            case API_CALL -> {
                String url = requiredText(config, "url", cf + ".url");
                if (!url.contains("${") && !(url.startsWith("http://") || url.startsWith("https://"))) {
                    throw new WorkflowValidationException(cf + ".url", "'" + url + "' must start with http:// or https://");
                }
                String method = text(config, "method", "GET").toUpperCase(Locale.ROOT);
                if (!METHODS.contains(method)) {
                    throw new WorkflowValidationException(cf + ".method", "'" + method + "' is not one of " + METHODS);
                }
                objectIfPresent(config, "headers", cf + ".headers");
            }
            case TRANSFORM -> {
                if (!(config.has("value") || config.has("template") || config.has("from") || config.has("parse")
                        || config.has("stringify"))) {
                    throw new WorkflowValidationException(cf, "transform needs one of value, template, from (with path/filter/map), parse, stringify");
                }
                if (config.has("where")) {
                    checkSyntax(config.get("where").asText(), cf + ".where");
                }
            }
            case CONDITION -> {
                String cond = text(config, "if", text(s, "if", null));
                if (cond == null) {
                    throw new WorkflowValidationException(cf + ".if", "condition needs an 'if' expression");
                }
                checkSyntax(cond, cf + ".if");
                config.put("if", cond);
                branches.put("then", nested(s, config, "then", f, ids, true));
                if (s.has("else") || config.has("else")) {
                    branches.put("else", nested(s, config, "else", f, ids, true));
                }
            }
            case SWITCH -> {
                requiredText(config, "value", cf + ".value");
                JsonNode cases = config.has("cases") ? config.get("cases") : s.get("cases");
                if (cases == null || !cases.isObject() || cases.isEmpty()) {
                    throw new WorkflowValidationException(cf + ".cases", "switch needs 'cases': {value: [steps]}");
                }
                cases.properties().forEach(e -> branches.put("case:" + e.getKey(),
                        parseSteps(e.getValue(), cf + ".cases." + e.getKey(), ids)));
                if (s.has("default") || config.has("default")) {
                    branches.put("default", nested(s, config, "default", f, ids, true));
                }
            }
            case PARALLEL -> {
                children = nested(s, config, "steps", f, ids, true);
                integer(config, "max_concurrency", cf + ".max_concurrency", 16, 1, 1000);
            }
            case FOR_EACH -> {
                if (!config.has("items")) {
                    throw new WorkflowValidationException(cf + ".items", "for_each needs 'items' (an array or a ${path} to one)");
                }
                children = nested(s, config, "steps", f, ids, true);
                integer(config, "max_iterations", cf + ".max_iterations", 1000, 1, MAX_ITERATIONS_CAP);
                integer(config, "concurrency", cf + ".concurrency", 1, 1, 1000);
            }
            case LOOP -> {
                String cond = text(config, "while", null);
                if (cond == null) {
                    throw new WorkflowValidationException(cf + ".while", "loop needs a 'while' expression");
                }
                checkSyntax(cond, cf + ".while");
                children = nested(s, config, "steps", f, ids, true);
                integer(config, "max_iterations", cf + ".max_iterations", 100, 1, MAX_ITERATIONS_CAP);
            }
            case WAIT -> {
                JsonNode dur = config.has("duration") ? config.get("duration") : config.get("seconds");
                if (dur == null) {
                    throw new WorkflowValidationException(cf + ".duration", "wait needs 'duration' (e.g. 30s)");
                }
                if (!(dur.isTextual() && dur.asText().contains("${"))) {
                    try {
                        Durations.parse(dur);
                    } catch (IllegalArgumentException e) {
                        throw new WorkflowValidationException(cf + ".duration", e.getMessage());
                    }
                }
            }
            case APPROVAL -> {
                // message and approvers are optional
            }
            case SUB_WORKFLOW -> {
                requiredText(config, "workflow_id", cf + ".workflow_id");
                objectIfPresent(config, "inputs", cf + ".inputs");
            }
            case EMIT_EVENT -> {
                String ev = requiredText(config, "event", cf + ".event");
                if (!EVENT.matcher(ev).matches()) {
                    throw new WorkflowValidationException(cf + ".event",
                            "'" + ev + "' must be lower-case letters, digits and '_' (published as chainbot.<event>)");
                }
            }
            default -> throw new IllegalStateException(type.toString());
        }
        return new StepDefinition(id, type, text(s, "name", id), config, condition, text(s, "output_variable", null),
                policy, timeout, dependsOn, children, branches);
    }

    /** Nested steps from the step itself or its config (the original format puts them in either). */
    private List<StepDefinition> nested(JsonNode s, ObjectNode config, String key, String f, Set<String> ids, boolean required) {
        JsonNode arr = s.has(key) ? s.get(key) : config.get(key);
        String field = (s.has(key) ? f : f + ".config") + "." + key;
        if (arr == null && !required) {
            return List.of();
        }
        if (arr == null) {
            throw new WorkflowValidationException(field, "a non-empty list of steps is required");
        }
        config.remove(key);
        return parseSteps(arr, field, ids);
    }

    private FailurePolicy policy(JsonNode n, String f) {
        if (n == null || n.isNull()) {
            return FailurePolicy.failFast();
        }
        if (n.isTextual()) {
            n = Expressions.obj("action", n);
        }
        String a = text(n, "action", "fail");
        FailurePolicy.Action action;
        try {
            action = FailurePolicy.Action.valueOf(a.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new WorkflowValidationException(f + ".action", "'" + a + "' is not one of retry, continue, fail");
        }
        int retries = integer(n, "max_retries", f + ".max_retries", action == FailurePolicy.Action.RETRY ? 3 : 0, 0, 100);
        Duration backoff = duration(n, "backoff", f + ".backoff");
        Duration maxBackoff = duration(n, "max_backoff", f + ".max_backoff");
        double jitter = n.has("jitter") ? n.get("jitter").asDouble(-1) : 0.2;
        if (jitter < 0 || jitter > 1) {
            throw new WorkflowValidationException(f + ".jitter", "must be a number in [0, 1]");
        }
        String then = text(n, "then", "fail");
        FailurePolicy.Action thenAction = "continue".equalsIgnoreCase(then) ? FailurePolicy.Action.CONTINUE : FailurePolicy.Action.FAIL;
        return new FailurePolicy(action, retries, backoff, maxBackoff, jitter, thenAction);
    }
}
