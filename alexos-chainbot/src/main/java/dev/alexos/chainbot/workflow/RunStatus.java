package dev.alexos.chainbot.workflow;

import java.util.Locale;

/** Status of a workflow run (an execution). Wire names are lower case. */
public enum RunStatus {
    /** Accepted, waiting for a free slot (the bound on concurrent runs). */
    QUEUED,
    RUNNING,
    /** At least one approval step is waiting for a decision. */
    WAITING_APPROVAL,
    COMPLETED,
    FAILED,
    CANCELLED;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean isTerminal() {
        return this == COMPLETED || this == FAILED || this == CANCELLED;
    }

    /** Parses a wire name. */
    public static RunStatus parse(String text) {
        return valueOf(text.trim().toUpperCase(Locale.ROOT));
    }
}
