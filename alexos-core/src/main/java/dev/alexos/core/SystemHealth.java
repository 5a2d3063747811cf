package dev.alexos.core;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * Health of the whole runtime, as answered by {@code GET /api/health}.
 *
 * @param status the worst of the components' statuses ({@code not_configured} counts as healthy)
 * @param timestamp when it was computed
 * @param components one entry per module (by module id) plus {@code ledger} and {@code event_bus},
 *     each computed from the component's real state at {@code timestamp}
 */
public record SystemHealth(Health.Status status, Instant timestamp, Map<String, Health> components) {

    public SystemHealth {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(timestamp, "timestamp");
        components = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(components));
    }

    /** Aggregates components: the status is the worst of theirs, healthy when there are none. */
    public static SystemHealth of(Instant timestamp, Map<String, Health> components) {
        Health.Status s = Health.Status.HEALTHY;
        for (Health h : components.values()) {
            s = s.worst(h.status());
        }
        // NOT_CONFIGURED only describes a component; the system as a whole is then healthy.
        return new SystemHealth(s == Health.Status.NOT_CONFIGURED ? Health.Status.HEALTHY : s, timestamp, components);
    }
}
