package dev.alexos.chainbot.internal.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.alexos.core.json.Json;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The data a run's expressions see: {@code inputs}, {@code steps.<id>} (status, output, error),
 * {@code vars} (output variables), {@code run}, and loop locals ({@code item}, {@code index}).
 * A loop iteration or a branch gets a child scope: its steps shadow the parent's, lookups fall
 * through to the parent. Thread-safe (parallel branches write concurrently).
 */
final class Scope {
    private final Scope parent;
    private final Map<String, JsonNode> locals = new ConcurrentHashMap<>();
    private final Map<String, JsonNode> steps = new ConcurrentHashMap<>();
    private final Map<String, JsonNode> vars;

    private Scope(Scope parent, Map<String, JsonNode> vars) {
        this.parent = parent;
        this.vars = vars;
    }

    /** A root scope: {@code inputs} and {@code run} set; variables shared by the whole run. */
    static Scope root(JsonNode inputs, JsonNode run) {
        Scope s = new Scope(null, new ConcurrentHashMap<>());
        s.locals.put("inputs", inputs);
        s.locals.put("run", run);
        return s;
    }

    /** A child scope for a branch or a loop iteration. */
    Scope child() {
        return new Scope(this, vars);
    }

    Scope local(String name, JsonNode value) {
        locals.put(name, value);
        return this;
    }

    /** Records a step's outcome for {@code ${steps.<id>...}}. */
    void putStep(String id, String status, JsonNode output, String error) {
        ObjectNode n = Json.object();
        n.put("status", status);
        n.set("output", output == null ? Json.mapper().nullNode() : output);
        if (error != null) {
            n.put("error", error);
        }
        steps.put(id, n);
    }

    void putVar(String name, JsonNode value) {
        vars.put(name, value == null ? Json.mapper().nullNode() : value);
    }

    /** The step entry {@code {status, output, error}} visible from here, or null. */
    JsonNode step(String id) {
        for (Scope s = this; s != null; s = s.parent) {
            JsonNode n = s.steps.get(id);
            if (n != null) {
                return n;
            }
        }
        return null;
    }

    /** Outputs of the steps recorded directly in this scope, by id. */
    ObjectNode ownOutputs() {
        ObjectNode o = Json.object();
        steps.forEach((id, n) -> o.set(id, n.get("output")));
        return o;
    }

    /** A root name: a local ({@code inputs}, {@code item}, ...), {@code vars}, or an output variable. */
    JsonNode variable(String name) {
        for (Scope s = this; s != null; s = s.parent) {
            JsonNode n = s.locals.get(name);
            if (n != null) {
                return n;
            }
        }
        if (name.equals("vars")) {
            ObjectNode o = Json.object();
            vars.forEach(o::set);
            return o;
        }
        return vars.get(name);
    }
}
