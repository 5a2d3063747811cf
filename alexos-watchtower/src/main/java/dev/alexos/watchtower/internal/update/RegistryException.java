package dev.alexos.watchtower.internal.update;

import java.time.Instant;

/** A registry check that failed: unreachable, refused, rate-limited or an unexpected answer. */
public class RegistryException extends Exception {
    private static final long serialVersionUID = 1L;
    private final Instant retryAfter;

    public RegistryException(String message, Instant retryAfter, Throwable cause) {
        super(message, cause);
        this.retryAfter = retryAfter;
    }

    public RegistryException(String message) {
        this(message, null, null);
    }

    /** When the registry may be asked again (rate limit, back-off), or {@code null}. */
    public Instant retryAfter() {
        return retryAfter;
    }
}
