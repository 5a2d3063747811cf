package dev.alexos.core;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Health of an agent, a module or a component.
 *
 * @param status the verdict
 * @param message a short human-readable reason (never a secret), may be empty
 * @param details JSON-serializable facts behind the verdict (e.g. per-endpoint state)
 */
public record Health(Status status, String message, Map<String, Object> details) {

    /** Health verdicts, from best to worst. */
    public enum Status {
        HEALTHY, NOT_CONFIGURED, DEGRADED, UNHEALTHY;

        /** Lower-case name used in JSON ({@code healthy}, {@code not_configured}, ...). */
        @JsonValue
        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** The worse of two statuses; {@code NOT_CONFIGURED} counts as healthy for aggregation. */
        public Status worst(Status other) {
            return effective().ordinal() >= other.effective().ordinal() ? this : other;
        }

        private Status effective() {
            return this == NOT_CONFIGURED ? HEALTHY : this;
        }
    }

    public Health {
        Objects.requireNonNull(status, "status");
        message = message == null ? "" : message;
        details = Map.copyOf(details == null ? Map.of() : details);
    }

    public static Health healthy() {
        return new Health(Status.HEALTHY, "", Map.of());
    }

    public static Health healthy(Map<String, Object> details) {
        return new Health(Status.HEALTHY, "", details);
    }

    public static Health degraded(String message) {
        return new Health(Status.DEGRADED, message, Map.of());
    }

    public static Health unhealthy(String message) {
        return new Health(Status.UNHEALTHY, message, Map.of());
    }

    public static Health notConfigured(String message) {
        return new Health(Status.NOT_CONFIGURED, message, Map.of());
    }

    /** A copy with these details. */
    public Health withDetails(Map<String, Object> newDetails) {
        return new Health(status, message, newDetails);
    }
}
