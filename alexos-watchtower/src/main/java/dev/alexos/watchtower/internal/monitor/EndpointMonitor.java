package dev.alexos.watchtower.internal.monitor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.alexos.core.Cancellable;
import dev.alexos.core.Scheduler;
import dev.alexos.core.json.Json;
import dev.alexos.watchtower.ContainerInfo;
import dev.alexos.watchtower.internal.EndpointSettings;
import dev.alexos.watchtower.internal.WatchtowerSettings;
import dev.alexos.watchtower.internal.engine.ContainerSummary;
import dev.alexos.watchtower.internal.engine.DockerEngine;
import dev.alexos.watchtower.internal.engine.EngineEvent;
import dev.alexos.watchtower.internal.engine.EngineException;
import dev.alexos.watchtower.internal.engine.EngineInfo;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the live picture of one engine's containers. Event driven: the engine's event stream
 * updates the picture and publishes the change at once. On a broken stream or an unreachable
 * engine it reports {@code endpoint_down}, reconnects with exponential backoff, re-lists
 * everything and publishes the differences; a periodic resync guards against silent stalls.
 *
 * <p>All changes to the picture run on one {@link SerialExecutor}, so events, re-lists and
 * reconnects are applied in order; readers see a consistent map of immutable entries.
 * Thread-safe.
 */
public final class EndpointMonitor {
    private static final Logger LOG = LoggerFactory.getLogger(EndpointMonitor.class);
    private static final Duration FIRST_BACKOFF = Duration.ofMillis(500);
    /** Where the monitor's events go: {@code type} without the module prefix. */
    @FunctionalInterface
    public interface Publisher {
        void publish(String type, ObjectNode data);
    }

    /** A container and its redacted inspect document. */
    public record Tracked(ContainerInfo info, JsonNode inspect) {
    }

    /**
     * The endpoint's state for health and status.
     *
     * @param name endpoint name
     * @param host endpoint address
     * @param reachable whether the engine answers and the event stream is open
     * @param engine {@code docker} or {@code podman} once known
     * @param version engine version once known
     * @param apiVersion API version once known
     * @param containers containers in the picture
     * @param lastEventAt when the last engine event arrived
     * @param lastSyncAt when the picture was last fully re-listed
     * @param error why it is unreachable, or {@code null}
     */
    public record EndpointHealth(String name, String host, boolean reachable, String engine, String version,
            String apiVersion, int containers, Instant lastEventAt, Instant lastSyncAt, String error) {
    }

    private final EndpointSettings endpoint;
    private final DockerEngine engine;
    private final WatchtowerSettings settings;
    private final Scheduler scheduler;
    private final Clock clock;
    private final Publisher publisher;
    private final SerialExecutor serial;
    private final RestartLoopDetector loops;
    private final Inventory inventory;
    private final ContainerEvents events;

    private volatile boolean running;
    private volatile boolean up;
    private volatile EngineInfo engineInfo;
    private volatile String lastError;
    private volatile Instant lastEventAt;
    private volatile Instant lastSyncAt;

    // touched on the serial executor only
    private AutoCloseable stream;
    private long generation;
    private Duration backoff = FIRST_BACKOFF;
    private boolean downReported;
    private Cancellable reconnect;
    private Cancellable resync;
    /** The engine's time of the event being applied, for the events it causes; null outside events. */
    private Instant eventTime;

    public EndpointMonitor(EndpointSettings endpoint, DockerEngine engine, WatchtowerSettings settings,
            Scheduler scheduler, Clock clock, Publisher publisher) {
        this.endpoint = endpoint;
        this.engine = engine;
        this.settings = settings;
        this.scheduler = scheduler;
        this.clock = clock;
        this.publisher = publisher;
        this.serial = new SerialExecutor(scheduler.executor());
        this.loops = new RestartLoopDetector(settings.restartLoopThreshold(), settings.restartLoopWindow());
        this.inventory = new Inventory(publisher);
        this.events = new ContainerEvents(endpoint, settings, clock, publisher, inventory, loops, this::refresh,
                this::unregister);
    }

    /** Connects in the background; never blocks and never throws for an unreachable engine. */
    public void start() {
        running = true;
        serial.execute(this::connect);
        Duration every = settings.monitoringInterval();
        resync = scheduler.scheduleWithFixedDelay(every, every, () -> serial.execute(this::resync));
    }

    /** Stops watching and closes the engine client. Idempotent. */
    public void stop() {
        running = false;
        if (resync != null) {
            resync.cancel();
        }
        serial.execute(() -> {
            if (reconnect != null) {
                reconnect.cancel();
            }
            closeStream();
            up = false;
        });
    }

    /** Forces a full re-list now (in the background). */
    public void resyncNow() {
        serial.execute(this::resync);
    }

    public String name() {
        return endpoint.name();
    }

    public DockerEngine engine() {
        return engine;
    }

    public boolean isUp() {
        return up;
    }

    /** The engine's facts once it was reached, else empty. */
    public Optional<EngineInfo> engineInfo() {
        return Optional.ofNullable(engineInfo);
    }

    /** The picture: every known container, in no particular order. */
    public List<Tracked> containers() {
        return inventory.all();
    }

    public Optional<Tracked> container(String id) {
        return inventory.get(id);
    }

    public EndpointHealth health() {
        EngineInfo info = engineInfo;
        return new EndpointHealth(endpoint.name(), endpoint.host(), up, info == null ? null : info.product(),
                info == null ? null : info.version(), info == null ? null : info.apiVersion(), inventory.size(),
                lastEventAt, lastSyncAt, up ? null : lastError);
    }

    /** Re-reads one container after an action, so the answer reflects it even before its event arrives. */
    public void refreshLater(String id, String cause) {
        serial.execute(() -> {
            if (running && up) {
                try {
                    refresh(id, cause);
                } catch (EngineException e) {
                    failed(e);
                }
            }
        });
    }

    private void connect() {
        if (!running) {
            return;
        }
        reconnect = null;
        try {
            EngineInfo info = engine.info();
            closeStream();
            long gen = ++generation;
            // events from the engine's "now" on, taken before the list: nothing between the two is lost
            stream = engine.events(info.systemTime(), new StreamListener(gen));
            engineInfo = info;
            up = true;
            lastError = null;
            backoff = FIRST_BACKOFF;
            downReported = false;
            ObjectNode data = base();
            data.put("engine", info.product()).put("version", info.version()).put("api_version", info.apiVersion());
            publisher.publish("endpoint_up", data);
            LOG.info("watchtower: endpoint '{}' ({}) is up: {} {}", endpoint.name(), endpoint.host(), info.product(),
                    info.version());
            reconcile(engine.list());
        } catch (EngineException e) {
            failed(e);
        }
    }

    private void resync() {
        if (!running || !up) {
            return;
        }
        try {
            reconcile(engine.list());
        } catch (EngineException e) {
            failed(e);
        }
    }

    /** A failed call: when it says the endpoint is gone, report it and reconnect. */
    private void failed(EngineException e) {
        if (!e.endpointDown()) {
            LOG.warn("watchtower: endpoint '{}': {}", endpoint.name(), e.getMessage());
            return;
        }
        down(e.getMessage());
    }

    private void down(String reason) {
        closeStream();
        boolean wasUp = up;
        up = false;
        lastError = reason;
        if (wasUp || !downReported) {
            downReported = true;
            ObjectNode data = base();
            data.put("error", reason);
            publisher.publish("endpoint_down", data);
            LOG.warn("watchtower: endpoint '{}' is down: {} (retrying)", endpoint.name(), reason);
        }
        if (running && reconnect == null) {
            Duration wait = backoff;
            backoff = backoff.multipliedBy(2).compareTo(settings.reconnectMaxBackoff()) > 0
                    ? settings.reconnectMaxBackoff() : backoff.multipliedBy(2);
            reconnect = scheduler.schedule(wait, () -> serial.execute(this::connect));
        }
    }

    private void closeStream() {
        generation++;
        if (stream != null) {
            try {
                stream.close();
            } catch (Exception e) {
                // abandoning the stream either way
            }
            stream = null;
        }
    }

    /** Makes the picture equal to {@code listed}: new ones registered, gone ones unregistered, changed ones re-read. */
    private void reconcile(List<ContainerSummary> listed) {
        boolean podman = engineInfo != null && engineInfo.isPodman();
        Set<String> seen = new HashSet<>();
        for (ContainerSummary s : listed) {
            seen.add(s.id());
            Tracked t = inventory.get(s.id()).orElse(null);
            boolean stale = t == null
                    || !t.info().status().equals(s.state())
                    || !"none".equals(s.health()) && !s.health().equals(t.info().health())
                    // Podman's list and events do not always carry health: re-read containers that have a check
                    || podman && "running".equals(s.state()) && !"none".equals(t.info().health());
            if (stale) {
                refresh(s.id(), t == null ? "listed" : "resync");
            }
        }
        for (String id : inventory.ids()) {
            if (!seen.contains(id)) {
                unregister(id, "gone");
            }
        }
        lastSyncAt = clock.instant();
    }

    private void refresh(String id, String cause) {
        Optional<JsonNode> inspect = engine.inspect(id);
        if (inspect.isEmpty()) {
            if (inventory.contains(id)) {
                unregister(id, "gone");
            }
            return;
        }
        apply(InspectParser.parse(endpoint.name(), inspect.get()), InspectParser.redact(inspect.get()), cause);
    }

    private void apply(ContainerInfo now, JsonNode inspect, String cause) {
        inventory.put(now, inspect, cause, eventTime);
    }

    private void unregister(String id, String reason) {
        loops.forget(id);
        inventory.remove(id, reason);
    }

    private void onEvent(EngineEvent e) {
        lastEventAt = clock.instant();
        if (events.ignores(e.verb())) {
            return;
        }
        eventTime = e.time();
        try {
            events.apply(e);
        } catch (EngineException ex) {
            failed(ex);
        } finally {
            eventTime = null;
        }
    }

    private ObjectNode base() {
        ObjectNode data = Json.object();
        data.put("endpoint", endpoint.name()).put("host", endpoint.host());
        return data;
    }

    /** Hands the engine's callbacks to the serial executor; drops those of an abandoned stream. */
    private final class StreamListener implements DockerEngine.EngineEventListener {
        private final long gen;

        StreamListener(long gen) {
            this.gen = gen;
        }

        @Override
        public void onEvent(EngineEvent event) {
            serial.execute(() -> {
                if (gen == generation && running) {
                    EndpointMonitor.this.onEvent(event);
                }
            });
        }

        @Override
        public void onClosed(Throwable cause) {
            serial.execute(() -> {
                if (gen == generation && running) {
                    String why = cause == null ? "the engine closed the event stream"
                            : "event stream broken: " + (cause.getMessage() == null ? cause.getClass().getSimpleName()
                                    : cause.getMessage());
                    down(why);
                }
            });
        }
    }
}
