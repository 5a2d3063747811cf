package dev.alexos.chainbot.internal.workflow;

/** A step that failed for a reason the user should read (agent failure, HTTP status, rejection). */
final class StepFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    StepFailure(String message) {
        super(message, null, false, false);
    }
}
