package dev.alexos.watchtower.internal.update;

/** Why an update step failed; carries the step for the record. */
final class UpdateFailure extends Exception {
    private static final long serialVersionUID = 1L;

    UpdateFailure(String message, Throwable cause) {
        super(message, cause);
    }

    UpdateFailure(String message) {
        super(message);
    }
}
