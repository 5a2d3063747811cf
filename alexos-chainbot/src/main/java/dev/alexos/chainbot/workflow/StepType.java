package dev.alexos.chainbot.workflow;

import java.util.Locale;
import java.util.Optional;

/** The kinds of workflow step. Wire names are lower case ({@code agent_task}, {@code for_each}). */
public enum StepType {
    /** A task to any agent of the registry, by id or capability. */
    AGENT_TASK,
    /** A prompt to an AI agent (task action {@code chat}). */
    LLM,
    /** An HTTP request. */
    API_CALL,
    /** Data shaping: values, templates, path extraction, filter, parse/stringify. */
    TRANSFORM,
    /** if/then/else over nested steps. */
    CONDITION,
    /** A branch per value. */
    SWITCH,
    /** Nested steps run concurrently, joined, with a concurrency limit. */
    PARALLEL,
    /** Nested steps repeated while a condition holds, with a maximum. */
    LOOP,
    /** Nested steps run per item of an array, with a maximum. */
    FOR_EACH,
    /** A pause of a duration, holding no thread. */
    WAIT,
    /** Suspends the run until approved or rejected through the API. */
    APPROVAL,
    /** Runs another workflow as a child run. */
    SUB_WORKFLOW,
    /** Publishes an event on the bus. */
    EMIT_EVENT;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The type for a wire name ({@code agent_task}, also {@code agent}, {@code http}, {@code foreach}). */
    public static Optional<StepType> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String t = text.trim().toLowerCase(Locale.ROOT).replace('-', '_');
        switch (t) {
            case "agent", "task":
                return Optional.of(AGENT_TASK);
            case "http", "api":
                return Optional.of(API_CALL);
            case "foreach", "map":
                return Optional.of(FOR_EACH);
            case "while":
                return Optional.of(LOOP);
            case "if":
                return Optional.of(CONDITION);
            case "delay", "sleep":
                return Optional.of(WAIT);
            case "event":
                return Optional.of(EMIT_EVENT);
            case "workflow", "subworkflow":
                return Optional.of(SUB_WORKFLOW);
            default:
                for (StepType s : values()) {
                    if (s.wireName().equals(t)) {
                        return Optional.of(s);
                    }
                }
                return Optional.empty();
        }
    }

    /** Whether the step has effects outside the engine, so that repeating it after a crash is not safe by default. */
    public boolean hasExternalEffects() {
        return this == AGENT_TASK || this == LLM || this == API_CALL || this == EMIT_EVENT || this == SUB_WORKFLOW;
    }
}
