package dev.alexos.chainbot.internal.llm;

import java.time.Duration;

/**
 * A failed call to a model provider. Messages name the provider and what went wrong and never
 * contain the API key (provider answers are redacted before they are put here).
 */
public final class LlmException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** What kind of failure, which decides whether a retry makes sense. */
    public enum Kind {
        /** 429: retried after {@code Retry-After}. */
        RATE_LIMITED(true),
        /** 5xx: retried with backoff. */
        SERVER_ERROR(true),
        /** Could not connect: retried with backoff. */
        CONNECTION(true),
        /** 4xx other than 429: the request is wrong; never retried. */
        CLIENT_ERROR(false),
        /** No answer (or no more tokens) within the timeout. */
        TIMEOUT(false),
        /** The answer could not be understood. */
        MALFORMED(false),
        /** The stream ended before the reply was complete. */
        INCOMPLETE(false),
        /** The provider is not configured. */
        NOT_CONFIGURED(false);

        private final boolean retryable;

        Kind(boolean retryable) {
            this.retryable = retryable;
        }

        public boolean retryable() {
            return retryable;
        }
    }

    private final Kind kind;
    private final int httpStatus;
    private final transient Duration retryAfter;

    public LlmException(Kind kind, String message, int httpStatus, Duration retryAfter) {
        super(message);
        this.kind = kind;
        this.httpStatus = httpStatus;
        this.retryAfter = retryAfter;
    }

    public LlmException(Kind kind, String message) {
        this(kind, message, 0, null);
    }

    public Kind kind() {
        return kind;
    }

    /** The HTTP status the provider answered, 0 when there was none. */
    public int httpStatus() {
        return httpStatus;
    }

    /** The provider's {@code Retry-After}, or {@code null}. */
    public Duration retryAfter() {
        return retryAfter;
    }
}
