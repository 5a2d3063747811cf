package dev.alexos.watchtower.internal.engine;

import java.time.Instant;
import java.util.Map;

/**
 * A container event from the engine's stream.
 *
 * @param containerId full container id
 * @param action the engine's action, e.g. {@code start}, {@code die},
 *     {@code health_status: unhealthy}, {@code exec_start: ...}
 * @param attributes the actor's attributes ({@code name}, {@code image}, {@code exitCode}, labels)
 * @param time when it happened (engine time)
 */
public record EngineEvent(String containerId, String action, Map<String, String> attributes, Instant time) {

    public EngineEvent {
        attributes = Map.copyOf(attributes == null ? Map.of() : attributes);
    }

    /** The action without its detail: {@code health_status: unhealthy} → {@code health_status}. */
    public String verb() {
        int colon = action.indexOf(':');
        return colon < 0 ? action : action.substring(0, colon);
    }
}
