package dev.alexos.chainbot.internal.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.alexos.chainbot.FrameworkAgentSpec;
import dev.alexos.chainbot.internal.ChainBotRuntime;
import dev.alexos.chainbot.internal.ai.AiAgent;
import dev.alexos.chainbot.internal.framework.DefaultAgentSpawner;
import dev.alexos.chainbot.internal.remote.RemoteAgent;
import dev.alexos.core.AgentInfo;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The JSON shapes of {@code /api/chainbot/agents/*} (http-api.md), built from registry snapshots. */
final class AgentViews {
    private final ChainBotRuntime rt;

    AgentViews(ChainBotRuntime rt) {
        this.rt = rt;
    }

    /** Local framework agents, then (when a remote is configured) the remote's. */
    List<Map<String, Object>> framework(boolean includeRemote) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (AgentInfo info : rt.spawner().list()) {
            out.add(framework(info));
        }
        if (includeRemote) {
            rt.remote().ifPresent(r -> r.agents("alex").forEach(a -> out.add(remote(a, false))));
        }
        return out;
    }

    Map<String, Object> framework(AgentInfo info) {
        Map<String, Object> m = base(info);
        m.put("agent_type", "alex_os_framework_agent");
        Optional<FrameworkAgentSpec> spec = rt.spawner().spec(info.id());
        m.put("framework_type", info.descriptor().type());
        m.put("created_at", spec.map(s -> s.createdAt().toString()).orElse(info.registeredAt().toString()));
        Map<String, Object> meta = new LinkedHashMap<>(info.descriptor().metadata());
        spec.ifPresent(s -> meta.put("config", DefaultAgentSpawner.redactedConfig(s.config())));
        m.put("metadata", meta);
        return m;
    }

    /** Local AI agents, then the remote's. */
    List<Map<String, Object>> ai(boolean includeRemote) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (AiAgent a : rt.aiAgents()) {
            rt.context().agents().find(a.descriptor().id()).ifPresent(info -> {
                Map<String, Object> m = base(info);
                m.put("agent_type", info.descriptor().type());
                m.put("provider", a.spec().provider());
                m.put("model", a.spec().model());
                m.put("created_at", info.registeredAt().toString());
                m.put("usage", a.usage());
                m.put("metadata", info.descriptor().metadata());
                out.add(m);
            });
        }
        if (includeRemote) {
            rt.remote().ifPresent(r -> r.agents("ai").forEach(a -> out.add(remote(a, true))));
        }
        return out;
    }

    private Map<String, Object> base(AgentInfo info) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", info.id());
        m.put("name", info.descriptor().name());
        m.put("status", info.status());
        m.put("source", info.descriptor().source());
        m.put("capabilities", info.descriptor().capabilities().stream().sorted().toList());
        m.put("last_active", info.lastActive() == null ? null : info.lastActive().toString());
        m.put("health", info.health().status().wireName());
        if (!info.health().message().isEmpty()) {
            m.put("health_message", info.health().message());
        }
        if (info.error() != null) {
            m.put("error", info.error());
        }
        return m;
    }

    private Map<String, Object> remote(RemoteAgent a, boolean ai) {
        ObjectNode d = a.data();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", a.descriptor().id());
        m.put("remote_id", a.remoteId());
        m.put("name", a.descriptor().name());
        m.put("status", text(d, "status", "unknown"));
        m.put("agent_type", ai ? a.descriptor().type() : "alex_os_framework_agent");
        m.put("source", "remote");
        if (ai) {
            m.put("provider", text(d, "provider", null));
            m.put("model", text(d, "model", null));
        }
        m.put("capabilities", a.descriptor().capabilities().stream().sorted().toList());
        m.put("created_at", text(d, "created_at", null));
        m.put("last_active", text(d, "last_active", null));
        m.put("stale", !rt.remote().map(r -> r.reachable()).orElse(false));
        m.put("metadata", a.descriptor().metadata());
        return m;
    }

    private static String text(JsonNode n, String field, String dflt) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() || !v.isValueNode() ? dflt : v.asText();
    }
}
