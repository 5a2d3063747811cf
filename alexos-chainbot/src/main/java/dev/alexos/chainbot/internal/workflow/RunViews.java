package dev.alexos.chainbot.internal.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.alexos.chainbot.workflow.InputSpec;
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
        return o;
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
