package dev.alexos.chainbot.internal.workflow;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.alexos.core.AgentRegistry;
import dev.alexos.core.Scheduler;
import dev.alexos.core.event.EventBus;
import dev.alexos.core.ledger.Ledger;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.function.DoubleSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** What runs need from the outside world, shared by every run of one engine. Thread-safe. */
final class EngineServices {
    private static final Logger LOG = LoggerFactory.getLogger(EngineServices.class);

    final AgentRegistry agents;
    final EventBus events;
    final Ledger ledger;
    final Clock clock;
    final Scheduler scheduler;
    final RunStore store;
    final String source;
    final DoubleSupplier random;
    private volatile HttpClient http;

    EngineServices(AgentRegistry agents, EventBus events, Ledger ledger, Clock clock, Scheduler scheduler, RunStore store,
            String source, DoubleSupplier random) {
        this.agents = agents;
        this.events = events;
        this.ledger = ledger;
        this.clock = clock;
        this.scheduler = scheduler;
        this.store = store;
        this.source = source;
        this.random = random;
    }

    /** Publishes {@code chainbot.<type>}; a closed bus is logged, never fails a run. */
    void publish(String type, ObjectNode data) {
        if (events == null) {
            return;
        }
        try {
            events.publish("chainbot." + type, source, data);
        } catch (RuntimeException e) {
            LOG.warn("could not publish chainbot.{}: {}", type, e.getMessage());
        }
    }

    /** The HTTP client for api_call steps, built on first use. */
    HttpClient http() {
        HttpClient c = http;
        if (c == null) {
            synchronized (this) {
                if (http == null) {
                    http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
                            .followRedirects(HttpClient.Redirect.NORMAL).build();
                }
                c = http;
            }
        }
        return c;
    }
}
