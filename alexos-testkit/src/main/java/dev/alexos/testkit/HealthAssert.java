package dev.alexos.testkit;

import dev.alexos.core.Health;
import org.assertj.core.api.AbstractAssert;

/** Assertions on a {@link Health}. */
public final class HealthAssert extends AbstractAssert<HealthAssert, Health> {

    HealthAssert(Health actual) {
        super(actual, HealthAssert.class);
    }

    /** The status is exactly {@code status}. */
    public HealthAssert hasStatus(Health.Status status) {
        isNotNull();
        if (actual.status() != status) {
            failWithMessage("Expected health %s but it was %s (message <%s>, details %s)", status.wireName(),
                    actual.status().wireName(), actual.message(), actual.details());
        }
        return this;
    }

    public HealthAssert isHealthy() {
        return hasStatus(Health.Status.HEALTHY);
    }

    public HealthAssert isDegraded() {
        return hasStatus(Health.Status.DEGRADED);
    }

    public HealthAssert isUnhealthy() {
        return hasStatus(Health.Status.UNHEALTHY);
    }

    public HealthAssert isNotConfigured() {
        return hasStatus(Health.Status.NOT_CONFIGURED);
    }

    /** The message contains {@code text}. */
    public HealthAssert hasMessageContaining(String text) {
        isNotNull();
        if (!actual.message().contains(text)) {
            failWithMessage("Expected the health message to contain <%s> but it was <%s>", text, actual.message());
        }
        return this;
    }
}
