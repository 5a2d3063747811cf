package dev.alexos.chainbot.internal.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.alexos.chainbot.workflow.InputSpec;
import dev.alexos.chainbot.workflow.StepDefinition;
import dev.alexos.chainbot.workflow.StepRecord;
import dev.alexos.chainbot.workflow.WorkflowDefinition;
import dev.alexos.chainbot.workflow.WorkflowRun;
import dev.alexos.core.json.Json;
import java.time.Instant;

/** JSON shapes of definitions and runs for the HTTP API (wire names lower case, times ISO-8601). */
public final class RunViews {
    private RunViews() {
    }

    public static ObjectNode summary(WorkflowDefinition d) {
        ObjectNode o = Json.object();
        o.put("id", d.id());
        o.put("name", d.name());
        o.put("description", d.description());
        o.put("type", d.mode().wireName());
        o.put("steps_count", d.steps().size());
        ObjectNode in = o.putObject("inputs");
        for (InputSpec s : d.inputs().values()) {
            ObjectNode i = in.putObject(s.name());
            i.put("type", s.type());
            i.put("required", s.required());
            if (s.defaultValue() != null) {
                i.set("default", s.defaultValue());
            }
            if (!s.description().isEmpty()) {
                i.put("description", s.description());
            }
        }
        return o;
    }

    public static ObjectNode definition(WorkflowDefinition d) {
        ObjectNode o = summary(d);
        o.set("definition", d.source());
        o.set("structure", structure(d.steps()));
        return o;
    }

    /**
     * The parsed steps, normalised for drawing: nested steps under {@code children} /
     * {@code branches} wherever the document put them, types by wire name (aliases resolved),
     * graph edges as {@code depends_on}. The dashboard draws the workflow graph from this.
     */
    static ArrayNode structure(java.util.List<StepDefinition> steps) {
        ArrayNode arr = Json.array();
        for (StepDefinition s : steps) {
            ObjectNode n = arr.addObject();
            n.put("id", s.id());
            n.put("type", s.type().wireName());
            if (!s.name().equals(s.id())) {
                n.put("name", s.name());
            }
            if (s.condition() != null) {
                n.put("condition", s.condition());
            }
            if (!s.dependsOn().isEmpty()) {
                ArrayNode deps = n.putArray("depends_on");
                s.dependsOn().forEach(deps::add);
            }
            switch (s.type()) {
                case CONDITION -> n.put("if", s.config().path("if").asText());
                case SWITCH -> n.put("value", s.config().path("value").asText());
                case LOOP -> n.put("while", s.config().path("while").asText());
                case FOR_EACH -> n.put("items", Expressions.text(s.config().get("items")));
                case SUB_WORKFLOW -> n.put("workflow_id", s.config().path("workflow_id").asText());
                case AGENT_TASK, LLM -> n.put("agent", s.config().hasNonNull("agent")
                        ? s.config().get("agent").asText() : "capability " + s.config().path("capability").asText());
                case WAIT -> n.put("duration", s.config().has("duration")
                        ? s.config().get("duration").asText() : s.config().path("seconds").asText() + "s");
                default -> {
                    // nothing more to show on the node
                }
            }
            if (!s.children().isEmpty()) {
                n.set("children", structure(s.children()));
            }
            if (!s.branches().isEmpty()) {
                ObjectNode b = n.putObject("branches");
                s.branches().forEach((k, v) -> b.set(k.startsWith("case:") ? k.substring(5) : k, structure(v)));
            }
        }
        return arr;
    }

    public static ObjectNode run(WorkflowRun r, boolean withSteps) {
        ObjectNode o = Json.object();
        o.put("execution_id", r.id());
        o.put("workflow_id", r.workflowId());
        if (r.parentRunId() != null) {
            o.put("parent_execution_id", r.parentRunId());
        }
        o.put("status", r.status().wireName());
        o.set("inputs", Redaction.redact(r.inputs()));
        o.set("result", r.result());
        o.put("error", r.error());
        o.put("requested_by", r.requestedBy());
        time(o, "created_at", r.createdAt());
        time(o, "started_at", r.startedAt());
        time(o, "completed_at", r.completedAt());
        o.put("resume_count", r.resumeCount());
        if (withSteps) {
            ArrayNode steps = o.putArray("steps");
            for (StepRecord s : r.steps()) {
                steps.add(step(s));
            }
        }
        return o;
    }

    public static ObjectNode step(StepRecord s) {
        ObjectNode o = Json.object();
        o.put("step_key", s.stepKey());
        o.put("step_id", s.stepId());
        o.put("type", s.type());
        o.put("status", s.status().wireName());
        o.set("input", s.input());
        o.set("output", s.output());
        o.put("error", s.error());
        o.put("attempts", s.attempts());
        time(o, "started_at", s.startedAt());
        time(o, "completed_at", s.completedAt());
        JsonNode st = s.state();
        if (st != null && st.has("decision")) {
            o.set("decision", st.get("decision"));
        }
        if (st != null && st.has("child_run_id")) {
            o.set("child_execution_id", st.get("child_run_id"));
        }
        if (st != null && st.has("wake_at")) {
            o.put("wake_at", Instant.ofEpochMilli(st.get("wake_at").asLong()).toString());
        }
        return o;
    }

    private static void time(ObjectNode o, String k, Instant t) {
        if (t == null) {
            o.putNull(k);
        } else {
            o.put(k, t.toString());
        }
    }
}
