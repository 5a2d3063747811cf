package dev.alexos.chainbot.internal.remote;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.alexos.core.Agent;
import dev.alexos.core.AgentDescriptor;
import dev.alexos.core.Health;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * An agent of the remote ChainBot, mirrored into our registry as {@code remote:<id>} with
 * source {@code remote}. Its descriptor follows each sync; its health is degraded while the
 * remote is unreachable (the copy is then stale). The remote contract has no per-agent
 * messaging, so it handles no tasks.
 */
public final class RemoteAgent implements Agent {
    public static final String PREFIX = "remote:";
    private final String remoteId;
    private final String kind;
    private final Supplier<Health> connection;
    private volatile AgentDescriptor descriptor;
    private volatile ObjectNode data;

    RemoteAgent(String remoteId, String kind, ObjectNode data, String remoteUrl, Supplier<Health> connection) {
        this.remoteId = remoteId;
        this.kind = kind;
        this.connection = connection;
        update(data, remoteUrl);
    }

    /** Takes a newer copy from the remote. */
    void update(ObjectNode newData, String remoteUrl) {
        this.data = newData.deepCopy();
        String type = text(newData, "agent_type", text(newData, "type", kind.equals("ai") ? "ai" : "alex_os_framework_agent"));
        AgentDescriptor.Builder b = AgentDescriptor.builder(PREFIX + remoteId, text(newData, "name", remoteId), type)
                .source("remote").metadata("remote_id", remoteId).metadata("remote_kind", kind)
                .metadata("remote_url", remoteUrl).metadata("remote_status", text(newData, "status", "unknown"));
        if (newData.hasNonNull("provider")) {
            b.metadata("provider", newData.get("provider").asText());
        }
        if (newData.hasNonNull("model")) {
            b.metadata("model", newData.get("model").asText());
        }
        List<String> caps = new ArrayList<>();
        newData.path("capabilities").forEach(c -> {
            if (c.isTextual()) {
                caps.add(c.asText());
            }
        });
        b.capabilities(caps);
        this.descriptor = b.build();
    }

    private static String text(JsonNode n, String field, String dflt) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() || !v.isValueNode() ? dflt : v.asText();
    }

    public String remoteId() {
        return remoteId;
    }

    /** {@code alex} or {@code ai}. */
    public String kind() {
        return kind;
    }

    /** The remote's own fields, as last synced. */
    public ObjectNode data() {
        return data.deepCopy();
    }

    @Override
    public AgentDescriptor descriptor() {
        return descriptor;
    }

    @Override
    public Health health() {
        return connection.get();
    }
}
