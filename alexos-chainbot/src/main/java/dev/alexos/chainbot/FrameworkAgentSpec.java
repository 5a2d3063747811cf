package dev.alexos.chainbot;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Objects;

/**
 * What a framework agent is spawned from: its id, name, type and type-specific configuration.
 * Stored so that spawned agents come back after a restart; the configuration must therefore
 * hold no secret values (refer to a secret by name, e.g. {@code auth_secret}).
 *
 * @param id registry id (generated when the caller gives none)
 * @param name display name
 * @param type the framework agent type ({@code assistant}, {@code data_processor}, {@code api},
 *     {@code workflow}, or a plugin's)
 * @param config type-specific settings (never null)
 * @param createdAt when it was first spawned
 */
public record FrameworkAgentSpec(String id, String name, String type, ObjectNode config, Instant createdAt) {

    public FrameworkAgentSpec {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(createdAt, "createdAt");
        name = name == null || name.isBlank() ? id : name;
        config = config == null ? JsonNodeFactory.instance.objectNode() : config.deepCopy();
    }
}
