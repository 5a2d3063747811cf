package dev.alexos.chainbot.internal.framework;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.alexos.chainbot.AgentSpawner;
import dev.alexos.chainbot.FrameworkAgentSpec;
import dev.alexos.chainbot.FrameworkAgentType;
import dev.alexos.chainbot.internal.store.SpawnStore;
import dev.alexos.core.Agent;
import dev.alexos.core.AgentInfo;
import dev.alexos.core.AgentRegistry;
import dev.alexos.core.json.Json;
import dev.alexos.core.ledger.Ledger;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link AgentSpawner}: validates through the type, registers in the shared registry,
 * remembers the spec in the database and writes a ledger entry for each spawn and stop.
 */
public final class DefaultAgentSpawner implements AgentSpawner {
    private static final Logger LOG = LoggerFactory.getLogger(DefaultAgentSpawner.class);
    private static final java.util.regex.Pattern ID = java.util.regex.Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");
    private final AgentRegistry registry;
    private final SpawnStore store;
    private final Ledger ledger;
    private final Clock clock;
    private final Supplier<String> ids;
    private final Map<String, FrameworkAgentType> types = new ConcurrentHashMap<>();
    private final Map<String, FrameworkAgentSpec> spawned = java.util.Collections.synchronizedMap(new LinkedHashMap<>());

    public DefaultAgentSpawner(AgentRegistry registry, SpawnStore store, Ledger ledger, Clock clock, Supplier<String> ids) {
        this.registry = registry;
        this.store = store;
        this.ledger = ledger;
        this.clock = clock;
        this.ids = ids;
    }

    @Override
    public void registerType(FrameworkAgentType type) {
        if (!type.type().matches("[a-z0-9_]{1,40}")) {
            throw new IllegalArgumentException("framework agent type '" + type.type() + "': use lower-case letters, digits, '_'");
        }
        if (types.putIfAbsent(type.type(), type) != null) {
            throw new IllegalStateException("framework agent type '" + type.type() + "' is already registered");
        }
    }

    @Override
    public Map<String, String> types() {
        Map<String, String> out = new java.util.TreeMap<>();
        types.forEach((k, v) -> out.put(k, v.description()));
        return out;
    }

    @Override
    public AgentInfo spawn(String type, String id, String name, ObjectNode config) {
        if (type == null || type.isBlank()) {
            throw new IllegalArgumentException("type: required, one of " + types.keySet());
        }
        FrameworkAgentType t = types.get(type);
        if (t == null) {
            throw new IllegalArgumentException("type: unknown framework agent type '" + type + "', expected one of "
                    + new java.util.TreeSet<>(types.keySet()));
        }
        String agentId = id == null || id.isBlank() ? type.replace('_', '-') + "-" + ids.get() : id;
        if (!ID.matcher(agentId).matches()) {
            throw new IllegalArgumentException("id: letters, digits, '_', '.', '-' (at most 64), got '" + agentId + "'");
        }
        if (registry.find(agentId).isPresent()) {
            throw new IllegalStateException("an agent with id '" + agentId + "' already exists");
        }
        rejectSecrets(config, "config");
        FrameworkAgentSpec spec = new FrameworkAgentSpec(agentId, name, type, config, clock.instant());
        AgentInfo info = register(spec, t);
        store.save(spec);
        ledger.append("chainbot.agent_spawned", Map.of("agent_id", agentId, "type", type, "name", spec.name()));
        return info;
    }

    private AgentInfo register(FrameworkAgentSpec spec, FrameworkAgentType t) {
        Agent agent = t.create(spec);
        AgentInfo info = registry.register(new SpawnedAgent(spec, agent));
        spawned.put(spec.id(), spec);
        return info;
    }

    /** Spawns again every stored agent whose type is known; logs (once each) those it cannot. */
    public int restore() {
        int n = 0;
        for (FrameworkAgentSpec spec : store.list()) {
            FrameworkAgentType t = types.get(spec.type());
            if (t == null) {
                LOG.warn("framework agent '{}' not restored: its type '{}' is not available", spec.id(), spec.type());
                continue;
            }
            if (registry.find(spec.id()).isPresent()) {
                continue;
            }
            try {
                register(spec, t);
                n++;
            } catch (RuntimeException e) {
                LOG.warn("framework agent '{}' not restored: {}", spec.id(), e.getMessage());
            }
        }
        return n;
    }

    @Override
    public boolean stop(String id) {
        if (spawned.remove(id) == null) {
            return false;
        }
        registry.unregister(id);
        store.delete(id);
        ledger.append("chainbot.agent_stopped", Map.of("agent_id", id));
        return true;
    }

    /** Unregisters every spawned agent without forgetting it (module stop). */
    public void unregisterAll() {
        for (String id : Set.copyOf(spawned.keySet())) {
            registry.unregister(id);
        }
        spawned.clear();
    }

    @Override
    public List<AgentInfo> list() {
        List<AgentInfo> out = new ArrayList<>();
        synchronized (spawned) {
            for (String id : spawned.keySet()) {
                registry.find(id).ifPresent(out::add);
            }
        }
        return out;
    }

    @Override
    public boolean isSpawned(String id) {
        return spawned.containsKey(id);
    }

    @Override
    public Optional<FrameworkAgentSpec> spec(String id) {
        return Optional.ofNullable(spawned.get(id));
    }

    /** The configuration to show, with anything secret-looking redacted. */
    public static ObjectNode redactedConfig(ObjectNode config) {
        ObjectNode copy = config.deepCopy();
        redact(copy);
        return copy;
    }

    private static final java.util.regex.Pattern SECRET_KEY = java.util.regex.Pattern.compile(
            "(?i).*(password|passwd|secret|api_?key|access_?key|private_?key)|(.*_)?token|authorization");

    /** Whether a configuration key names a secret ({@code auth_secret} only names one). */
    static boolean isSecretKey(String key) {
        return !key.equalsIgnoreCase("auth_secret") && SECRET_KEY.matcher(key).matches();
    }

    /** Spawn configurations are stored and shown: secret values belong under {@code chainbot.secrets}. */
    private static void rejectSecrets(com.fasterxml.jackson.databind.JsonNode n, String path) {
        if (n instanceof ObjectNode o) {
            o.fields().forEachRemaining(e -> {
                if (isSecretKey(e.getKey()) && !e.getValue().isNull() && !e.getValue().asText("x").isEmpty()) {
                    throw new IllegalArgumentException(path + "." + e.getKey() + ": secret values are not stored; put it under "
                            + "chainbot.secrets and refer to it by name (e.g. config.auth_secret)");
                }
                rejectSecrets(e.getValue(), path + "." + e.getKey());
            });
        } else if (n != null && n.isArray()) {
            for (int i = 0; i < n.size(); i++) {
                rejectSecrets(n.get(i), path + "[" + i + "]");
            }
        }
    }

    private static void redact(com.fasterxml.jackson.databind.JsonNode n) {
        if (n instanceof ObjectNode o) {
            List<String> names = new ArrayList<>();
            o.fieldNames().forEachRemaining(names::add);
            for (String f : names) {
                if (isSecretKey(f)) {
                    o.put(f, "******");
                } else {
                    redact(o.get(f));
                }
            }
        } else if (n != null && n.isArray()) {
            n.forEach(DefaultAgentSpawner::redact);
        }
    }

    static ObjectNode emptyIfNull(ObjectNode n) {
        return n == null ? Json.object() : n;
    }
}
