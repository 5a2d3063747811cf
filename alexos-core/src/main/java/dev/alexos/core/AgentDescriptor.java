package dev.alexos.core;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Identity of an agent: who it is, what kind, where it comes from, what it can do.
 *
 * @param id unique id in the registry, e.g. {@code watchtower-001}
 * @param name human-readable name
 * @param type the agent's type, e.g. {@code system}, {@code chatgpt}, {@code data_processor}
 * @param source where it comes from: {@code system}, {@code framework}, {@code ai},
 *     {@code remote}, {@code plugin:<id>}, {@code embedded}
 * @param capabilities actions or skills it offers (for routing by capability)
 * @param metadata free-form, JSON-serializable facts; never secrets
 */
public record AgentDescriptor(
        String id, String name, String type, String source, Set<String> capabilities, Map<String, Object> metadata) {

    public AgentDescriptor {
        Objects.requireNonNull(id, "id");
        if (id.isBlank()) {
            throw new IllegalArgumentException("agent id must not be blank");
        }
        name = name == null ? id : name;
        type = type == null ? "custom" : type;
        source = source == null ? "embedded" : source;
        capabilities = Set.copyOf(capabilities == null ? Set.of() : capabilities);
        metadata = Map.copyOf(metadata == null ? Map.of() : metadata);
    }

    /** Starts a builder with the required fields. */
    public static Builder builder(String id, String name, String type) {
        return new Builder(id, name, type);
    }

    /** A builder initialised from this descriptor. */
    public Builder toBuilder() {
        Builder b = new Builder(id, name, type).source(source);
        capabilities.forEach(b::capability);
        metadata.forEach(b::metadata);
        return b;
    }

    /** Builds {@link AgentDescriptor}s. Not thread-safe. */
    public static final class Builder {
        private final String id;
        private final String name;
        private final String type;
        private String source = "embedded";
        private final Set<String> capabilities = new LinkedHashSet<>();
        private final Map<String, Object> metadata = new LinkedHashMap<>();

        private Builder(String id, String name, String type) {
            this.id = id;
            this.name = name;
            this.type = type;
        }

        public Builder source(String source) {
            this.source = source;
            return this;
        }

        public Builder capability(String capability) {
            capabilities.add(capability);
            return this;
        }

        public Builder capabilities(Iterable<String> values) {
            values.forEach(capabilities::add);
            return this;
        }

        public Builder metadata(String key, Object value) {
            metadata.put(key, value);
            return this;
        }

        public AgentDescriptor build() {
            return new AgentDescriptor(id, name, type, source, capabilities, metadata);
        }
    }
}
