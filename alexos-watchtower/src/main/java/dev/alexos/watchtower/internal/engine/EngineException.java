package dev.alexos.watchtower.internal.engine;

/**
 * A call to an engine failed. {@link #kind()} says how, so callers can answer 404, 409, 502
 * or 504; the message is the engine's own (or the transport's) and is safe to show.
 */
public final class EngineException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** How a call failed. */
    public enum Kind {
        /** The engine does not know the object (404). */
        NOT_FOUND,
        /** Nothing to do: already started or stopped (304). */
        NOT_MODIFIED,
        /** The object is in the wrong state (409). */
        CONFLICT,
        /** The engine answered with an error. */
        FAILED,
        /** The engine could not be reached, or answered something that is not its API. */
        UNAVAILABLE,
        /** The engine did not answer in time. */
        TIMEOUT
    }

    private final Kind kind;

    public EngineException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public EngineException(Kind kind, String message) {
        this(kind, message, null);
    }

    public Kind kind() {
        return kind;
    }

    /** Whether the failure says the endpoint itself is down (not just this call). */
    public boolean endpointDown() {
        return kind == Kind.UNAVAILABLE || kind == Kind.TIMEOUT;
    }
}
