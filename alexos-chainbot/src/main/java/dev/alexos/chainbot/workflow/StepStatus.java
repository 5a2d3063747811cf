package dev.alexos.chainbot.workflow;

import java.util.Locale;

/** Status of one step record. Wire names are lower case. */
public enum StepStatus {
    RUNNING,
    /** A wait step's timer or a retry's backoff is pending. */
    WAITING,
    WAITING_APPROVAL,
    COMPLETED,
    /** The step failed; the run went on because of its policy, or the run failed. */
    FAILED,
    /** Its condition was false or its branch was not taken. */
    SKIPPED,
    CANCELLED;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean isTerminal() {
        return this == COMPLETED || this == FAILED || this == SKIPPED || this == CANCELLED;
    }

    public static StepStatus parse(String text) {
        return valueOf(text.trim().toUpperCase(Locale.ROOT));
    }
}
