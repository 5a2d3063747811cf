package dev.alexos.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import dev.alexos.testkit.internal.DockerEvents;
import dev.alexos.testkit.internal.DockerJson;
import dev.alexos.testkit.internal.LoopbackServer;
import dev.alexos.testkit.internal.ReplyWriter;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A fake of the parts of the Docker Engine API that monitoring agents use, on loopback, so that
 * a real client (docker-java pointed at {@link #dockerHost()}) works against it:
 * {@code GET /_ping}, {@code /version}, {@code /info}, {@code /containers/json} (with
 * {@code all} and the {@code status}, {@code label}, {@code name} and {@code id} filters),
 * {@code /containers/{id}/json}, {@code POST /containers/{id}/start|stop|restart}, and the
 * streaming {@code GET /events} (with {@code since}, {@code until} and the {@code type},
 * {@code event} and {@code container} filters). An optional {@code /v1.NN} prefix is accepted.
 *
 * <pre>{@code
 * try (FakeDockerEngine docker = FakeDockerEngine.start()) {
 *   String web = docker.add(FakeContainer.builder("web").image("nginx:1.25").health("healthy").build());
 *   DockerClient client = DockerClientImpl.getInstance(config(docker.dockerHost()), transport);
 *   ...
 *   docker.die(web, 137);                       // a crash: state exited, event "die"
 *   docker.failNext("GET", "/containers/json", HttpReply.status(500));
 *   docker.endEventStreams();                   // as when the engine restarts
 * }
 * }</pre>
 *
 * <p>Actions change state and publish the events the real engine does ({@code start};
 * {@code kill}, {@code die}, {@code stop}; {@code restart}). Thread-safe.
 */
public final class FakeDockerEngine implements AutoCloseable {
    private static final Pattern VERSION_PREFIX = Pattern.compile("^/v\\d+\\.\\d+(/.*)$");
    private static final Pattern CONTAINER = Pattern.compile("^/containers/([^/]+)(/json|/start|/stop|/restart)$");

    private final Clock clock;
    private final Map<String, FakeContainer> containers = new LinkedHashMap<>();
    private final List<Failure> failures = new ArrayList<>();
    private final DockerEvents events;
    private final LoopbackServer server;

    private FakeDockerEngine(Clock clock) {
        this.clock = clock;
        this.server = new LoopbackServer("fake-docker", 0, clock, this::handle);
        this.events = new DockerEvents(server.closed());
    }

    /** An engine on an ephemeral loopback port, with the system clock for event times. */
    public static FakeDockerEngine start() {
        return new FakeDockerEngine(Clock.systemUTC());
    }

    /** An engine whose event and state times come from {@code clock}. */
    public static FakeDockerEngine start(Clock clock) {
        return new FakeDockerEngine(clock);
    }

    /** {@code tcp://127.0.0.1:<port>}, for {@code DOCKER_HOST} or docker-java's config. */
    public String dockerHost() {
        return "tcp://127.0.0.1:" + server.port();
    }

    /** {@code http://127.0.0.1:<port>}. */
    public String url() {
        return server.baseUrl();
    }

    /** Adds a container as it is (no event). Returns its id. */
    public synchronized String add(FakeContainer c) {
        containers.put(c.id(), c);
        return c.id();
    }

    /** Creates a container with a {@code create} event (and {@code start} when it is running). Returns its id. */
    public synchronized String create(FakeContainer c) {
        add(c);
        events.publish(DockerJson.event("container", "create", c, clock.instant(), Map.of()));
        if (c.running()) {
            events.publish(DockerJson.event("container", "start", c, clock.instant(), Map.of()));
        }
        return c.id();
    }

    /** Removes a container with a {@code destroy} event. */
    public synchronized void remove(String idOrName) {
        FakeContainer c = require(idOrName);
        containers.remove(c.id());
        events.publish(DockerJson.event("container", "destroy", c, clock.instant(), Map.of()));
    }

    /** The container exits by itself with {@code exitCode} (event {@code die}). */
    public synchronized void die(String idOrName, int exitCode) {
        FakeContainer prev = require(idOrName);
        FakeContainer c = prev.withState("exited", exitCode, prev.startedAt(), clock.instant());
        containers.put(c.id(), c);
        events.publish(DockerJson.event("container", "die", c, clock.instant(), Map.of("exitCode", Integer.toString(exitCode))));
    }

    /** The health check result changes (event {@code health_status: <status>}). */
    public synchronized void setHealth(String idOrName, String status) {
        FakeContainer c = require(idOrName).withHealth(status);
        containers.put(c.id(), c);
        events.publish(DockerJson.event("container", "health_status: " + status, c, clock.instant(), Map.of()));
    }

    /** Current state of a container. */
    public synchronized Optional<FakeContainer> container(String idOrName) {
        return find(idOrName);
    }

    /** Every container, in the order added. */
    public synchronized List<FakeContainer> containers() {
        return List.copyOf(containers.values());
    }

    /** The next request with this method whose path (without version prefix) matches the regex gets {@code reply}. */
    public synchronized FakeDockerEngine failNext(String method, String pathRegex, HttpReply reply) {
        failures.add(new Failure(method.toUpperCase(java.util.Locale.ROOT), Pattern.compile(pathRegex), reply));
        return this;
    }

    /** Ends every open {@code /events} stream, as an engine restart does; clients must reconnect. */
    public void endEventStreams() {
        events.endStreams();
    }

    /** Open {@code /events} streams. */
    public int eventStreams() {
        return events.openStreams();
    }

    /** Every request received, in arrival order. */
    public List<RecordedRequest> requests() {
        return server.requests();
    }

    @Override
    public void close() {
        events.endStreams();
        server.close();
    }

    private Optional<FakeContainer> find(String idOrName) {
        String key = idOrName.startsWith("/") ? idOrName.substring(1) : idOrName;
        FakeContainer exact = containers.get(key);
        if (exact != null) {
            return Optional.of(exact);
        }
        for (FakeContainer c : containers.values()) {
            if (c.name().equals(key)) {
                return Optional.of(c);
            }
        }
        List<FakeContainer> prefixed = containers.values().stream().filter(c -> c.id().startsWith(key)).toList();
        return prefixed.size() == 1 && key.length() >= 4 ? Optional.of(prefixed.get(0)) : Optional.empty();
    }

    private FakeContainer require(String idOrName) {
        return find(idOrName).orElseThrow(() -> new IllegalArgumentException("no such container: " + idOrName));
    }

    private void handle(HttpExchange ex, RecordedRequest req) throws IOException {
        Matcher v = VERSION_PREFIX.matcher(req.path());
        String path = v.matches() ? v.group(1) : req.path();
        HttpReply injected = takeFailure(req.method(), path);
        if (injected != null) {
            ReplyWriter.write(ex, injected, server.closed());
            return;
        }
        if (req.method().equals("GET") && path.equals("/events")) {
            events.stream(ex, req, clock);
            return;
        }
        ReplyWriter.write(ex, answer(req.method(), path, req), server.closed());
    }

    private synchronized HttpReply takeFailure(String method, String path) {
        for (int i = 0; i < failures.size(); i++) {
            Failure f = failures.get(i);
            if (f.method.equals(method) && f.path.matcher(path).matches()) {
                failures.remove(i);
                return f.reply;
            }
        }
        return null;
    }

    private synchronized HttpReply answer(String method, String path, RecordedRequest req) {
        if ((method.equals("GET") || method.equals("HEAD")) && path.equals("/_ping")) {
            return HttpReply.text(200, "OK").withHeader("Api-Version", "1.43");
        }
        if (method.equals("GET") && path.equals("/version")) {
            return json(200, DockerJson.MAPPER.createObjectNode().put("Version", "24.0.0-fake").put("ApiVersion", "1.43")
                    .put("MinAPIVersion", "1.12").put("Os", "linux").put("Arch", "amd64"));
        }
        if (method.equals("GET") && path.equals("/info")) {
            long running = containers.values().stream().filter(FakeContainer::running).count();
            return json(200, DockerJson.MAPPER.createObjectNode().put("Name", "fake-docker").put("ServerVersion", "24.0.0-fake")
                    .put("Containers", containers.size()).put("ContainersRunning", running)
                    .put("ContainersStopped", containers.size() - running));
        }
        if (method.equals("GET") && path.equals("/containers/json")) {
            return listContainers(req);
        }
        Matcher m = CONTAINER.matcher(path);
        if (!m.matches()) {
            return error(404, "page not found");
        }
        Optional<FakeContainer> found = find(m.group(1));
        if (found.isEmpty()) {
            return error(404, "No such container: " + m.group(1));
        }
        FakeContainer c = found.get();
        String op = m.group(2);
        if (op.equals("/json")) {
            return method.equals("GET") ? json(200, DockerJson.inspect(c)) : error(405, "method not allowed");
        }
        if (!method.equals("POST")) {
            return error(405, "method not allowed");
        }
        var now = clock.instant();
        switch (op) {
            case "/start" -> {
                if (c.running()) {
                    return HttpReply.status(304);
                }
                startNow(c, now);
            }
            case "/stop" -> {
                if (!c.running()) {
                    return HttpReply.status(304);
                }
                stopNow(c, now);
            }
            default -> {
                if (c.running()) {
                    stopNow(c, now);
                }
                startNow(containers.get(c.id()), now);
                events.publish(DockerJson.event("container", "restart", containers.get(c.id()), now, Map.of()));
            }
        }
        return HttpReply.status(204);
    }

    private void startNow(FakeContainer c, java.time.Instant now) {
        FakeContainer started = c.withState("running", 0, now, c.finishedAt());
        containers.put(c.id(), started);
        events.publish(DockerJson.event("container", "start", started, now, Map.of()));
    }

    private void stopNow(FakeContainer c, java.time.Instant now) {
        FakeContainer stopped = c.withState("exited", 0, c.startedAt(), now);
        containers.put(c.id(), stopped);
        events.publish(DockerJson.event("container", "kill", stopped, now, Map.of("signal", "15")));
        events.publish(DockerJson.event("container", "die", stopped, now, Map.of("exitCode", "0")));
        events.publish(DockerJson.event("container", "stop", stopped, now, Map.of()));
    }

    private HttpReply listContainers(RecordedRequest req) {
        boolean all = List.of("1", "true", "True").contains(req.queryParams().getOrDefault("all", "0"));
        Map<String, List<String>> filters;
        try {
            filters = DockerEvents.filters(req.queryParam("filters"));
        } catch (IllegalArgumentException e) {
            return error(400, e.getMessage());
        }
        ArrayNode out = DockerJson.MAPPER.createArrayNode();
        for (FakeContainer c : containers.values()) {
            boolean statusFilter = filters.containsKey("status");
            if (!all && !statusFilter && !c.running()) {
                continue;
            }
            if (statusFilter && !filters.get("status").contains(c.state())) {
                continue;
            }
            if (filters.containsKey("name") && filters.get("name").stream().noneMatch(n -> c.name().contains(n))) {
                continue;
            }
            if (filters.containsKey("id") && filters.get("id").stream().noneMatch(i -> c.id().startsWith(i))) {
                continue;
            }
            if (filters.containsKey("label") && !filters.get("label").stream().allMatch(l -> hasLabel(c, l))) {
                continue;
            }
            out.add(DockerJson.summary(c));
        }
        return json(200, out);
    }

    private static boolean hasLabel(FakeContainer c, String filter) {
        int eq = filter.indexOf('=');
        return eq < 0 ? c.labels().containsKey(filter) : filter.substring(eq + 1).equals(c.labels().get(filter.substring(0, eq)));
    }

    private static HttpReply json(int status, JsonNode body) {
        return new HttpReply(status, Map.of("Content-Type", "application/json", "Api-Version", "1.43"),
                body.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8), HttpReply.Behaviour.NORMAL, null);
    }

    private static HttpReply error(int status, String message) {
        ObjectNode body = DockerJson.MAPPER.createObjectNode().put("message", message);
        return json(status, body);
    }

    private record Failure(String method, Pattern path, HttpReply reply) {
    }
}
