package dev.alexos.watchtower.internal.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.exception.NotModifiedException;
import com.github.dockerjava.api.model.Event;
import com.github.dockerjava.api.model.EventType;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.StreamType;
import com.github.dockerjava.core.DockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.transport.DockerHttpClient;
import dev.alexos.watchtower.LogLine;
import dev.alexos.watchtower.internal.EndpointSettings;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * {@link DockerEngine} on docker-java with the zerodep transport (unix socket, {@code tcp://}
 * with or without TLS). No API version is pinned: requests go unversioned and the engine
 * answers with its own. Two HTTP clients: one with the endpoint's response timeout for
 * requests, one without it for the event stream, which is legitimately silent for long
 * stretches.
 *
 * <p>Inspect, stats and version are read as raw JSON (the inspect document is shown to users,
 * and stats need {@code one-shot}, which docker-java's command lacks); the rest goes through
 * docker-java's commands. Thread-safe.
 */
public final class DockerJavaEngine implements DockerEngine {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final EndpointSettings endpoint;
    private final DockerHttpClient requests;
    private final DockerHttpClient streams;
    private final DockerClient docker;
    private final DockerClient streamDocker;

    public DockerJavaEngine(EndpointSettings endpoint) {
        this.endpoint = endpoint;
        DockerClientConfig config = DockerClients.config(endpoint);
        this.requests = DockerClients.transport(config, endpoint, 16, endpoint.timeout());
        this.streams = DockerClients.transport(config, endpoint, 4, null);
        this.docker = DockerClientImpl.getInstance(config, requests);
        this.streamDocker = DockerClientImpl.getInstance(config, streams);
    }

    @Override
    public EngineInfo info() {
        JsonNode version = getJson("/version").orElseThrow(() -> unavailable("no answer to /version"));
        JsonNode info = getJson("/info").orElseThrow(() -> unavailable("no answer to /info"));
        if (!version.hasNonNull("ApiVersion") || !info.isObject()) {
            throw unavailable("the answer to /version is not a Docker engine's");
        }
        boolean podman = version.path("Platform").path("Name").asText("").toLowerCase().contains("podman");
        for (JsonNode c : version.path("Components")) {
            podman |= c.path("Name").asText("").toLowerCase().contains("podman");
        }
        Instant systemTime;
        try {
            systemTime = Instant.parse(info.path("SystemTime").asText());
        } catch (DateTimeParseException e) {
            systemTime = null; // an engine that does not say: events are then taken from "now" on our side
        }
        return new EngineInfo(podman ? "podman" : "docker", version.path("Version").asText(),
                version.path("ApiVersion").asText(), version.path("Os").asText(), systemTime);
    }

    @Override
    public List<ContainerSummary> list() {
        // read raw: docker-java's list maps a body that is not the engine's to an empty list, which
        // would make every container look removed
        JsonNode containers = getJson("/containers/json?all=1").orElseThrow(() -> unavailable("no answer to the list"));
        if (!containers.isArray()) {
            throw unavailable("the answer to the container list is not a list");
        }
        List<ContainerSummary> out = new ArrayList<>(containers.size());
        for (JsonNode c : containers) {
            String id = c.path("Id").asText("");
            if (id.isEmpty()) {
                throw unavailable("a listed container has no id");
            }
            JsonNode names = c.path("Names");
            String name = names.isArray() && !names.isEmpty() ? stripSlash(names.get(0).asText()) : id;
            out.add(new ContainerSummary(id, name, c.path("State").asText(""), healthFromStatus(c.path("Status").asText(""))));
        }
        return out;
    }

    /** {@code Up 3 minutes (healthy)} → {@code healthy}; {@code (health: starting)} → {@code starting}. */
    static String healthFromStatus(String status) {
        if (status == null) {
            return "none";
        }
        if (status.contains("(healthy)")) {
            return "healthy";
        }
        if (status.contains("(unhealthy)")) {
            return "unhealthy";
        }
        if (status.contains("(health: starting)")) {
            return "starting";
        }
        return "none";
    }

    @Override
    public Optional<JsonNode> inspect(String idOrName) {
        Optional<JsonNode> doc = getJson("/containers/" + encode(idOrName) + "/json");
        if (doc.isPresent() && !doc.get().path("Id").isTextual()) {
            throw unavailable("the answer to inspect " + idOrName + " is not a container");
        }
        return doc;
    }

    @Override
    public AutoCloseable events(Instant since, EngineEventListener listener) {
        AtomicBoolean closed = new AtomicBoolean();
        AtomicBoolean reported = new AtomicBoolean();
        ResultCallback.Adapter<Event> callback = new ResultCallback.Adapter<>() {
            @Override
            public void onNext(Event e) {
                if (closed.get() || e == null || e.getType() != EventType.CONTAINER || e.getAction() == null) {
                    return;
                }
                String id = e.getActor() != null && e.getActor().getId() != null ? e.getActor().getId() : e.getId();
                Instant time = e.getTimeNano() != null
                        ? Instant.ofEpochSecond(0, e.getTimeNano())
                        : Instant.ofEpochSecond(e.getTime() == null ? 0 : e.getTime());
                listener.onEvent(new EngineEvent(id, e.getAction(),
                        e.getActor() == null ? null : e.getActor().getAttributes(), time));
            }

            @Override
            public void onError(Throwable t) {
                if (!closed.get() && reported.compareAndSet(false, true)) {
                    listener.onClosed(t);
                }
                super.onError(t);
            }

            @Override
            public void onComplete() {
                if (!closed.get() && reported.compareAndSet(false, true)) {
                    listener.onClosed(null);
                }
                super.onComplete();
            }
        };
        var cmd = streamDocker.eventsCmd().withEventTypeFilter(EventType.CONTAINER);
        if (since != null) {
            cmd.withSince(since.getEpochSecond() + "." + String.format("%09d", since.getNano()));
        }
        call(() -> cmd.exec(callback));
        return () -> {
            closed.set(true);
            try {
                callback.close();
            } catch (IOException | RuntimeException e) {
                // the stream is being abandoned; a failure to close it changes nothing
            }
        };
    }

    @Override
    public JsonNode stats(String id, boolean oneShot) {
        String path = "/containers/" + encode(id) + "/stats?stream=false" + (oneShot ? "&one-shot=true" : "");
        return getJson(path).orElseThrow(() -> new EngineException(EngineException.Kind.NOT_FOUND,
                "No such container: " + id));
    }

    @Override
    public List<LogLine> logs(String id, int tail, Instant since) {
        List<LogLine> lines = new ArrayList<>();
        ResultCallback.Adapter<Frame> callback = new ResultCallback.Adapter<>() {
            @Override
            public void onNext(Frame frame) {
                String stream = frame.getStreamType() == StreamType.STDERR ? "stderr" : "stdout";
                String text = new String(frame.getPayload(), StandardCharsets.UTF_8);
                for (String raw : text.split("\n", -1)) {
                    if (raw.isEmpty()) {
                        continue;
                    }
                    synchronized (lines) {
                        lines.add(parseLogLine(stream, raw));
                    }
                }
            }
        };
        call(() -> {
            var cmd = docker.logContainerCmd(id).withStdOut(true).withStdErr(true).withTimestamps(true).withTail(tail);
            if (since != null) {
                cmd.withSince((int) Math.min(Integer.MAX_VALUE, since.getEpochSecond()));
            }
            try {
                if (!cmd.exec(callback).awaitCompletion(endpoint.timeout().toMillis(), TimeUnit.MILLISECONDS)) {
                    throw new EngineException(EngineException.Kind.TIMEOUT,
                            "the engine did not send the logs of " + id + " within " + endpoint.timeout().toSeconds() + "s");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new EngineException(EngineException.Kind.FAILED, "interrupted while reading logs", e);
            } finally {
                try {
                    callback.close();
                } catch (IOException e) {
                    // nothing more to read either way
                }
            }
            return null;
        });
        synchronized (lines) {
            return List.copyOf(lines);
        }
    }

    /** {@code 2026-01-01T10:00:00.123456789Z text} → time and text. */
    static LogLine parseLogLine(String stream, String raw) {
        String line = raw.endsWith("\r") ? raw.substring(0, raw.length() - 1) : raw;
        int space = line.indexOf(' ');
        if (space > 0) {
            try {
                return new LogLine(Instant.parse(line.substring(0, space)), stream, line.substring(space + 1));
            } catch (DateTimeParseException e) {
                // not a timestamped line: keep it whole
            }
        }
        return new LogLine(null, stream, line);
    }

    @Override
    public void start(String id) {
        call(() -> docker.startContainerCmd(id).exec());
    }

    @Override
    public void stop(String id, int timeoutSeconds) {
        call(() -> docker.stopContainerCmd(id).withTimeout(timeoutSeconds).exec());
    }

    @Override
    public void restart(String id, int timeoutSeconds) {
        call(() -> docker.restartContainerCmd(id).withTimeout(timeoutSeconds).exec());
    }

    @Override
    public void remove(String id, boolean force) {
        call(() -> docker.removeContainerCmd(id).withForce(force).exec());
    }

    @Override
    public List<ImageSummary> images() {
        return call(() -> docker.listImagesCmd().exec()).stream()
                .map(i -> new ImageSummary(i.getId(),
                        i.getRepoTags() == null ? List.of()
                                : Arrays.stream(i.getRepoTags()).filter(t -> !t.startsWith("<none>")).toList(),
                        i.getRepoDigests() == null ? List.of()
                                : Arrays.stream(i.getRepoDigests()).filter(t -> !t.startsWith("<none>")).toList(),
                        i.getSize() == null ? 0 : i.getSize(),
                        i.getCreated() == null ? null : Instant.ofEpochSecond(i.getCreated())))
                .toList();
    }

    @Override
    public void close() {
        for (AutoCloseable c : List.<AutoCloseable>of(docker, streamDocker, requests, streams)) {
            try {
                c.close();
            } catch (Exception e) {
                // closing is best effort: the connections go with the process anyway
            }
        }
    }

    private Optional<JsonNode> getJson(String path) {
        return call(() -> {
            DockerHttpClient.Request request = DockerHttpClient.Request.builder()
                    .method(DockerHttpClient.Request.Method.GET).path(path).build();
            try (DockerHttpClient.Response response = requests.execute(request)) {
                int status = response.getStatusCode();
                byte[] body = response.getBody().readAllBytes();
                if (status == 404) {
                    return Optional.<JsonNode>empty();
                }
                if (status >= 400) {
                    throw new EngineException(EngineException.Kind.FAILED,
                            "the engine answered " + status + ": " + engineMessage(body));
                }
                try {
                    return Optional.of(MAPPER.readTree(body));
                } catch (IOException e) {
                    throw unavailable("the engine's answer to " + path.replaceAll("\\?.*", "") + " is not JSON");
                }
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
    }

    private static String engineMessage(byte[] body) {
        try {
            JsonNode n = MAPPER.readTree(body);
            if (n != null && n.hasNonNull("message")) {
                return n.get("message").asText();
            }
        } catch (IOException e) {
            // not JSON: show it as text
        }
        String s = new String(body, StandardCharsets.UTF_8).strip();
        return s.length() > 300 ? s.substring(0, 300) + "..." : s;
    }

    /** Runs a call and turns every failure into an {@link EngineException}. */
    private <T> T call(Supplier<T> work) {
        try {
            return work.get();
        } catch (EngineException e) {
            throw e;
        } catch (NotFoundException e) {
            throw new EngineException(EngineException.Kind.NOT_FOUND, dockerMessage(e), e);
        } catch (NotModifiedException e) {
            throw new EngineException(EngineException.Kind.NOT_MODIFIED, dockerMessage(e), e);
        } catch (ConflictException e) {
            throw new EngineException(EngineException.Kind.CONFLICT, dockerMessage(e), e);
        } catch (DockerException e) {
            throw new EngineException(EngineException.Kind.FAILED, dockerMessage(e), e);
        } catch (RuntimeException e) {
            throw transportFailure(e);
        }
    }

    private EngineException transportFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SocketTimeoutException) {
                return new EngineException(EngineException.Kind.TIMEOUT, "endpoint '" + endpoint.name()
                        + "' (" + endpoint.host() + ") did not answer within " + endpoint.timeout().toSeconds() + "s", e);
            }
        }
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String why = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        return new EngineException(EngineException.Kind.UNAVAILABLE,
                "endpoint '" + endpoint.name() + "' (" + endpoint.host() + ") is unreachable: " + why, e);
    }

    private EngineException unavailable(String why) {
        return new EngineException(EngineException.Kind.UNAVAILABLE,
                "endpoint '" + endpoint.name() + "' (" + endpoint.host() + "): " + why);
    }

    /** docker-java's messages read {@code Status 404: {"message":"..."}}: keep the engine's words. */
    private static String dockerMessage(DockerException e) {
        String m = e.getMessage() == null ? "" : e.getMessage();
        int brace = m.indexOf('{');
        if (brace >= 0) {
            String parsed = engineMessage(m.substring(brace).getBytes(StandardCharsets.UTF_8));
            if (!parsed.isEmpty()) {
                return parsed;
            }
        }
        return m.replaceFirst("^Status \\d+: ", "").strip();
    }

    private static String stripSlash(String name) {
        return name.startsWith("/") ? name.substring(1) : name;
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
