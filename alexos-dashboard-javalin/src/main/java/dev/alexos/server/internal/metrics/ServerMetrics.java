package dev.alexos.server.internal.metrics;

import dev.alexos.core.AgentInfo;
import dev.alexos.core.AgentRegistry;
import dev.alexos.core.AgentState;
import dev.alexos.core.event.EventBus;
import dev.alexos.core.event.OverflowPolicy;
import dev.alexos.core.event.SubscribeOptions;
import dev.alexos.core.event.Subscription;
import dev.alexos.core.ledger.Ledger;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.function.IntSupplier;

/**
 * The server's Prometheus metrics (Micrometer): HTTP requests by route and status, WebSocket
 * clients, event-bus counters (published, per topic), ledger appends and head, agents by state;
 * and module activity derived from the modules' events ({@link ModuleMetrics}: image updates,
 * workflow runs and step durations, LLM calls and tokens) and from the Watchtower agent
 * ({@link ContainerCensus}: containers by endpoint and state, refreshed at scrape time).
 * Thread-safe.
 */
public final class ServerMetrics implements AutoCloseable {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    /** How long one containers census is served before Watchtower is asked again. */
    static final Duration CENSUS_TTL = Duration.ofSeconds(5);
    private static final Duration CENSUS_TIMEOUT = Duration.ofSeconds(2);
    private Subscription topicCounter;
    private ModuleMetrics modules;
    private ContainerCensus census;

    /**
     * Binds the gauges of the runtime's parts. Gauges hold their state strongly: Micrometer's
     * default weak reference would let a lambda such as {@code ws::clientCount} be collected.
     */
    public void bind(EventBus bus, Ledger ledger, AgentRegistry agents, IntSupplier wsClients) {
        Gauge.builder("alexos_ws_clients", wsClients, IntSupplier::getAsInt)
                .description("Connected WebSocket clients").strongReference(true).register(registry);
        FunctionCounter.builder("alexos_events_published", bus, EventBus::publishedCount)
                .description("Events published on the bus").register(registry);
        Gauge.builder("alexos_event_subscriptions", bus, b -> b.subscriptions().size())
                .description("Live event-bus subscriptions").strongReference(true).register(registry);
        Gauge.builder("alexos_event_subscriber_queued", bus,
                b -> b.subscriptions().stream().mapToLong(s -> s.stats().queued()).sum())
                .description("Events queued for subscribers").strongReference(true).register(registry);
        Gauge.builder("alexos_event_last_seq", bus, EventBus::lastSeq)
                .description("Sequence number of the last event").strongReference(true).register(registry);
        FunctionCounter.builder("alexos_ledger_appends", ledger, Ledger::headSeq)
                .description("Durable ledger entries (the head sequence number)").register(registry);
        Gauge.builder("alexos_ledger_head_seq", ledger, Ledger::headSeq)
                .description("Sequence number of the ledger head").strongReference(true).register(registry);
        for (AgentState state : AgentState.values()) {
            Gauge.builder("alexos_agents", agents, a -> count(a, state))
                    .tag("state", state.wireName()).description("Registered agents by state").strongReference(true).register(registry);
        }
        // counts every topic: module activity (container state changes, updates, workflow runs,
        // llm calls) is published as events, so the host needs no metrics SPI in the modules
        topicCounter = bus.subscribe("*", e -> Counter.builder("alexos_events")
                        .tag("topic", e.topic()).tag("module", e.module())
                        .description("Events by topic").register(registry).increment(),
                SubscribeOptions.of("metrics", 4096, OverflowPolicy.DROP_OLDEST));
        modules = new ModuleMetrics(registry, agents);
        modules.bind(bus);
        census = new ContainerCensus(registry, agents, Clock.systemUTC(), CENSUS_TTL, CENSUS_TIMEOUT);
    }

    private static double count(AgentRegistry agents, AgentState state) {
        long n = 0;
        for (AgentInfo i : agents.list()) {
            if (i.state() == state) {
                n++;
            }
        }
        return n;
    }

    /** Records one HTTP request. */
    public void recordRequest(String method, String route, int status, float millis) {
        Timer.builder("alexos_http_requests")
                .tag("method", method).tag("route", route).tag("status", Integer.toString(status))
                .description("HTTP requests by route and status")
                .register(registry).record(Duration.ofNanos((long) (millis * 1_000_000L)));
    }

    /** The Prometheus text exposition. */
    public String scrape() {
        if (census != null) {
            census.refresh();
        }
        return registry.scrape();
    }

    public PrometheusMeterRegistry registry() {
        return registry;
    }

    @Override
    public void close() {
        if (topicCounter != null) {
            topicCounter.cancel();
        }
        if (modules != null) {
            modules.close();
        }
        registry.close();
    }
}
