package dev.alexos.core.internal.http;

import dev.alexos.core.AgentDescriptor;
import dev.alexos.core.AgentInfo;
import dev.alexos.core.Health;
import dev.alexos.core.SystemHealth;
import dev.alexos.core.compliance.ComplianceResult;
import dev.alexos.core.compliance.Evidence;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/** The JSON shapes of the core routes, built explicitly so that wire names never drift. */
final class Views {
    private Views() {
    }

    /** {@code {"<name>": [...], "count": N, "timestamp": "..."}} plus extra fields. */
    static Map<String, Object> envelope(String name, List<?> items, Instant now, Map<String, Object> extra) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put(name, items);
        m.put("count", items.size());
        m.put("timestamp", now);
        m.putAll(extra);
        return m;
    }

    static Map<String, Object> health(Health h) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("status", h.status().wireName());
        m.put("message", h.message());
        m.put("details", h.details());
        return m;
    }

    static Map<String, Object> systemHealth(SystemHealth h) {
        Map<String, Object> components = new LinkedHashMap<>();
        h.components().forEach((k, v) -> components.put(k, health(v)));
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("status", h.status().wireName());
        m.put("timestamp", h.timestamp());
        m.put("components", components);
        return m;
    }

    static Map<String, Object> agent(AgentInfo a, String module) {
        AgentDescriptor d = a.descriptor();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", d.id());
        m.put("name", d.name());
        m.put("type", d.type());
        m.put("source", d.source());
        m.put("module", module);
        m.put("status", a.status());
        m.put("capabilities", new TreeSet<>(d.capabilities()));
        m.put("metadata", d.metadata());
        m.put("health", health(a.health()));
        m.put("registered_at", a.registeredAt());
        m.put("last_active", a.lastActive());
        m.put("error", a.error());
        return m;
    }

    static Map<String, Object> check(ComplianceResult r) {
        List<Map<String, Object>> evidence = new ArrayList<>();
        for (Evidence e : r.evidence()) {
            Map<String, Object> ev = new LinkedHashMap<>();
            ev.put("subject", e.subject());
            ev.put("setting", e.setting());
            ev.put("value", e.value());
            evidence.add(ev);
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", r.checkId());
        m.put("title", r.title());
        m.put("severity", r.severity().wireName());
        m.put("status", r.status().wireName());
        m.put("summary", r.summary());
        m.put("evidence", evidence);
        m.put("remediation", r.remediation());
        return m;
    }
}
