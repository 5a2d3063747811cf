package dev.alexos.watchtower.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.alexos.core.json.Json;
import dev.alexos.watchtower.LogLine;
import dev.alexos.watchtower.internal.engine.ContainerSummary;
import dev.alexos.watchtower.internal.engine.DockerEngine;
import dev.alexos.watchtower.internal.engine.EngineEvent;
import dev.alexos.watchtower.internal.engine.EngineException;
import dev.alexos.watchtower.internal.engine.EngineInfo;
import dev.alexos.watchtower.internal.engine.ImageSummary;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An in-memory engine for offline tests: containers are inspect documents; actions change
 * them and emit the events a real engine would; the test can also change state silently
 * (as if events were lost), take the engine down and bring it back.
 */
public final class FakeEngine implements DockerEngine {
    private final Clock clock;
    private final Map<String, ObjectNode> containers = new LinkedHashMap<>();
    private EngineEventListener listener;
    private boolean down;
    private String product = "docker";
    private int counter;
    public int listCalls;
    public int inspectCalls;
    /** Stats requests per container id. */
    public final Map<String, Integer> statsCalls = new LinkedHashMap<>();

    public FakeEngine(Clock clock) {
        this.clock = clock;
    }

    public synchronized FakeEngine podman() {
        product = "podman";
        return this;
    }

    /** Creates a container (status created) and emits {@code create}. */
    public synchronized String create(String name, String image) {
        String id = sha256(name + "#" + (++counter));
        ObjectNode c = Json.object();
        c.put("Id", id).put("Name", "/" + name).put("Image", "sha256:" + "e".repeat(64))
                .put("Created", clock.instant().toString()).put("RestartCount", 0);
        c.putObject("State").put("Status", "created").put("ExitCode", 0).put("StartedAt", "0001-01-01T00:00:00Z");
        ObjectNode config = c.putObject("Config");
        config.put("Image", image).put("User", "");
        config.putArray("Env").add("PATH=/bin").add("DB_PASSWORD=hunter2");
        config.putObject("Labels").put("app", name);
        c.putObject("HostConfig").put("Privileged", false).put("Memory", 0).put("NetworkMode", "none");
        c.putObject("NetworkSettings").putObject("Networks").putObject("none");
        c.putArray("Mounts");
        containers.put(id, c);
        emit(id, "create", Map.of());
        return id;
    }

    private static String sha256(String s) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(s.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The raw document, to change settings before a test. */
    public synchronized ObjectNode document(String id) {
        return containers.get(id);
    }

    /** Changes the status without any event (a lost event). */
    public synchronized void setStatusSilently(String id, String status) {
        ((ObjectNode) containers.get(id).get("State")).put("Status", status);
    }

    /** Removes without any event (a lost event). */
    public synchronized void removeSilently(String id) {
        containers.remove(id);
    }

    public synchronized void setHealth(String id, String health) {
        ((ObjectNode) containers.get(id).get("State")).putObject("Health").put("Status", health);
        emit(id, "health_status: " + health, Map.of());
    }

    /** Emits an event as the engine would. */
    public synchronized void emit(String id, String action, Map<String, String> extra) {
        if (listener == null || down) {
            return;
        }
        ObjectNode c = containers.get(id);
        Map<String, String> attrs = new LinkedHashMap<>(extra);
        if (c != null) {
            attrs.put("name", c.get("Name").asText().substring(1));
            attrs.put("image", c.path("Config").path("Image").asText());
        }
        listener.onEvent(new EngineEvent(id, action, attrs, clock.instant()));
    }

    /** The engine dies: calls fail, the stream breaks. */
    public void goDown() {
        EngineEventListener l;
        synchronized (this) {
            down = true;
            l = listener;
            listener = null;
        }
        if (l != null) {
            l.onClosed(new java.io.IOException("connection reset"));
        }
    }

    public synchronized void comeBack() {
        down = false;
    }

    public synchronized boolean streaming() {
        return listener != null;
    }

    private void check() {
        if (down) {
            throw new EngineException(EngineException.Kind.UNAVAILABLE, "fake engine is down");
        }
    }

    @Override
    public synchronized EngineInfo info() {
        check();
        return new EngineInfo(product, "99.0", "1.99", "linux", clock.instant());
    }

    @Override
    public synchronized List<ContainerSummary> list() {
        check();
        listCalls++;
        List<ContainerSummary> out = new ArrayList<>();
        for (ObjectNode c : containers.values()) {
            String health = c.path("State").path("Health").path("Status").asText("none");
            out.add(new ContainerSummary(c.get("Id").asText(), c.get("Name").asText().substring(1),
                    c.path("State").path("Status").asText(), product.equals("podman") ? "none" : health));
        }
        return out;
    }

    @Override
    public synchronized Optional<JsonNode> inspect(String idOrName) {
        check();
        inspectCalls++;
        for (ObjectNode c : containers.values()) {
            if (c.get("Id").asText().equals(idOrName) || c.get("Name").asText().equals("/" + idOrName)) {
                return Optional.of(c.deepCopy());
            }
        }
        return Optional.empty();
    }

    @Override
    public synchronized AutoCloseable events(Instant since, EngineEventListener l) {
        check();
        listener = l;
        return () -> {
            synchronized (FakeEngine.this) {
                if (listener == l) {
                    listener = null;
                }
            }
        };
    }

    @Override
    public synchronized JsonNode stats(String id, boolean oneShot) {
        check();
        ObjectNode c = containers.get(id);
        if (c == null || !"running".equals(c.path("State").path("Status").asText())) {
            throw new EngineException(EngineException.Kind.FAILED, "container " + id + " is not running");
        }
        int n = statsCalls.merge(id, 1, Integer::sum);
        // a container using a tenth of one of two cores: 1e8 ns of CPU per 1e9 ns of system time per reading
        ObjectNode raw = Json.object();
        raw.put("read", clock.instant().toString());
        ObjectNode cpu = raw.putObject("cpu_stats");
        cpu.putObject("cpu_usage").put("total_usage", 100_000_000L * n);
        cpu.put("system_cpu_usage", 1_000_000_000L * n).put("online_cpus", 2);
        ObjectNode pre = raw.putObject("precpu_stats");
        if (!oneShot) { // as the engine: a second reading (taken half a reading's worth earlier here)
            pre.putObject("cpu_usage").put("total_usage", 100_000_000L * n - 50_000_000L);
            pre.put("system_cpu_usage", 1_000_000_000L * n - 500_000_000L);
        }
        raw.putObject("memory_stats").put("usage", 1000).put("limit", 4000);
        return raw;
    }

    @Override
    public synchronized List<LogLine> logs(String id, int tail, Instant since) {
        check();
        return List.of(new LogLine(clock.instant(), "stdout", "hello from " + id.substring(0, 6)));
    }

    private ObjectNode known(String id) {
        check();
        ObjectNode c = containers.get(id);
        if (c == null) {
            throw new EngineException(EngineException.Kind.NOT_FOUND, "No such container: " + id);
        }
        return c;
    }

    private void status(ObjectNode c, String status) {
        ((ObjectNode) c.get("State")).put("Status", status);
    }

    @Override
    public synchronized void start(String id) {
        ObjectNode c = known(id);
        if ("running".equals(c.path("State").path("Status").asText())) {
            throw new EngineException(EngineException.Kind.NOT_MODIFIED, "container already started");
        }
        status(c, "running");
        ((ObjectNode) c.get("State")).put("StartedAt", clock.instant().toString());
        emit(id, "start", Map.of());
    }

    @Override
    public synchronized void stop(String id, int timeoutSeconds) {
        ObjectNode c = known(id);
        if (!"running".equals(c.path("State").path("Status").asText())) {
            throw new EngineException(EngineException.Kind.NOT_MODIFIED, "container already stopped");
        }
        emit(id, "kill", Map.of("signal", "15"));
        status(c, "exited");
        ((ObjectNode) c.get("State")).put("ExitCode", 143);
        emit(id, "die", Map.of("exitCode", "143"));
        emit(id, "stop", Map.of());
    }

    @Override
    public synchronized void restart(String id, int timeoutSeconds) {
        ObjectNode c = known(id);
        status(c, "exited");
        emit(id, "die", Map.of("exitCode", "143"));
        status(c, "running");
        emit(id, "start", Map.of());
        emit(id, "restart", Map.of());
    }

    @Override
    public synchronized void remove(String id, boolean force) {
        ObjectNode c = known(id);
        if ("running".equals(c.path("State").path("Status").asText()) && !force) {
            throw new EngineException(EngineException.Kind.CONFLICT,
                    "You cannot remove a running container " + id + ". Stop the container before attempting removal or force remove");
        }
        containers.remove(id);
        emit(id, "destroy", Map.of());
    }

    @Override
    public synchronized List<ImageSummary> images() {
        check();
        return List.of(new ImageSummary("sha256:" + "e".repeat(64), List.of("local/busybox:1"), List.of(), 1000,
                clock.instant()));
    }

    @Override
    public void close() {
    }
}
