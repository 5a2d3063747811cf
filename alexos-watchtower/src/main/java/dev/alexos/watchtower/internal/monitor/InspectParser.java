package dev.alexos.watchtower.internal.monitor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.alexos.watchtower.ContainerInfo;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns an engine's inspect document into a {@link ContainerInfo}, and redacts the document
 * for display: environment values are replaced, so only names leave the module. Works on
 * Docker's and Podman's (compatible) documents. Stateless.
 */
public final class InspectParser {
    /** What replaces an environment value. */
    public static final String REDACTED = "******";
    private static final Instant ZERO_TIME = Instant.parse("0001-01-01T00:00:00Z");

    private InspectParser() {
    }

    /** The inventory entry for {@code inspect}, tagged with {@code endpoint}. */
    public static ContainerInfo parse(String endpoint, JsonNode inspect) {
        JsonNode state = inspect.path("State");
        JsonNode config = inspect.path("Config");
        String status = state.path("Status").asText("unknown");
        String health = state.path("Health").path("Status").asText("");
        if (health.isEmpty()) {
            health = "none";
        }
        int exitCode = state.path("ExitCode").asInt(0);
        String name = inspect.path("Name").asText("");
        if (name.startsWith("/")) {
            name = name.substring(1);
        }
        return new ContainerInfo(
                inspect.path("Id").asText(),
                name,
                config.path("Image").asText(""),
                inspect.path("Image").asText(""),
                status,
                describe(status, health, exitCode),
                health,
                time(inspect.path("Created")),
                time(state.path("StartedAt")),
                time(state.path("FinishedAt")),
                exitCode,
                state.path("OOMKilled").asBoolean(false),
                inspect.path("RestartCount").asInt(0),
                ports(inspect),
                labels(config.path("Labels")),
                networks(inspect.path("NetworkSettings").path("Networks")),
                mounts(inspect.path("Mounts")),
                endpoint,
                envNames(config.path("Env")));
    }

    /** {@code running (healthy)}, {@code exited (137)}, {@code paused}. */
    static String describe(String status, String health, int exitCode) {
        return switch (status) {
            case "running" -> "none".equals(health) ? "running" : "running (" + health + ")";
            case "exited", "dead" -> status + " (" + exitCode + ")";
            default -> status;
        };
    }

    /** A deep copy of {@code inspect} with every environment value replaced by {@link #REDACTED}. */
    public static JsonNode redact(JsonNode inspect) {
        JsonNode copy = inspect.deepCopy();
        JsonNode env = copy.path("Config").path("Env");
        if (env.isArray()) {
            ArrayNode redacted = ((ArrayNode) env).removeAll();
            for (String name : envNames(inspect.path("Config").path("Env"))) {
                redacted.add(name + "=" + REDACTED);
            }
        }
        return copy;
    }

    /** Names of {@code NAME=value} entries. */
    public static List<String> envNames(JsonNode env) {
        List<String> names = new ArrayList<>();
        for (JsonNode e : env) {
            String s = e.asText("");
            int eq = s.indexOf('=');
            names.add(eq < 0 ? s : s.substring(0, eq));
        }
        return names;
    }

    private static Instant time(JsonNode n) {
        if (n.isNumber()) { // Podman's list uses epoch seconds in places
            return Instant.ofEpochSecond(n.asLong());
        }
        String s = n.asText("");
        if (s.isEmpty()) {
            return null;
        }
        try {
            Instant t = Instant.parse(s);
            return t.equals(ZERO_TIME) ? null : t;
        } catch (DateTimeParseException e) {
            try {
                return java.time.OffsetDateTime.parse(s).toInstant();
            } catch (DateTimeParseException again) {
                return null;
            }
        }
    }

    private static List<ContainerInfo.Port> ports(JsonNode inspect) {
        Map<String, ContainerInfo.Port> out = new LinkedHashMap<>();
        JsonNode bound = inspect.path("NetworkSettings").path("Ports");
        for (Map.Entry<String, JsonNode> e : bound.properties()) {
            String[] pp = splitPort(e.getKey());
            if (e.getValue().isArray() && !e.getValue().isEmpty()) {
                for (JsonNode b : e.getValue()) {
                    Integer hostPort = b.path("HostPort").asText("").isEmpty() ? null : b.path("HostPort").asInt();
                    String hostIp = b.path("HostIp").asText(null);
                    out.put(e.getKey() + "/" + hostIp + ":" + hostPort,
                            new ContainerInfo.Port(Integer.parseInt(pp[0]), pp[1], hostIp, hostPort));
                }
            } else {
                out.putIfAbsent(e.getKey(), new ContainerInfo.Port(Integer.parseInt(pp[0]), pp[1], null, null));
            }
        }
        Iterator<String> exposed = inspect.path("Config").path("ExposedPorts").fieldNames();
        while (exposed.hasNext()) {
            String key = exposed.next();
            if (out.keySet().stream().noneMatch(k -> k.equals(key) || k.startsWith(key + "/"))) {
                String[] pp = splitPort(key);
                out.put(key, new ContainerInfo.Port(Integer.parseInt(pp[0]), pp[1], null, null));
            }
        }
        return new ArrayList<>(out.values());
    }

    private static String[] splitPort(String key) {
        int slash = key.indexOf('/');
        String port = slash < 0 ? key : key.substring(0, slash);
        String proto = slash < 0 ? "tcp" : key.substring(slash + 1);
        return new String[] {port.matches("\\d+") ? port : "0", proto};
    }

    private static Map<String, String> labels(JsonNode labels) {
        Map<String, String> out = new LinkedHashMap<>();
        labels.properties().forEach(e -> out.put(e.getKey(), e.getValue().asText("")));
        return out;
    }

    private static List<String> networks(JsonNode networks) {
        List<String> out = new ArrayList<>();
        networks.fieldNames().forEachRemaining(out::add);
        return out;
    }

    private static List<ContainerInfo.Mount> mounts(JsonNode mounts) {
        List<ContainerInfo.Mount> out = new ArrayList<>();
        for (JsonNode m : mounts) {
            String source = m.path("Source").asText("");
            if (source.isEmpty()) {
                source = m.path("Name").asText("");
            }
            out.add(new ContainerInfo.Mount(m.path("Type").asText("bind"), source,
                    m.path("Destination").asText(""), m.path("RW").asBoolean(true)));
        }
        return out;
    }
}
