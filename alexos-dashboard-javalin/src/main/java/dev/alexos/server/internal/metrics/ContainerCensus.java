package dev.alexos.server.internal.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import dev.alexos.core.AgentInfo;
import dev.alexos.core.AgentRegistry;
import dev.alexos.core.AgentState;
import dev.alexos.core.Health;
import dev.alexos.core.Task;
import dev.alexos.core.TaskResult;
import dev.alexos.core.json.Json;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code alexos_containers{endpoint,state}} gauge, computed at scrape time by asking the
 * Watchtower agent ({@value #AGENT}, action {@code containers.list}) through the registry, so
 * the host needs no compile-time view of Watchtower's internals.
 *
 * <p>The answer is cached for {@link #ttl} so a scrape storm does not hammer Docker. An endpoint
 * Watchtower reports unreachable has no series at all (absent, not zero: "no containers" and
 * "cannot tell" are different facts); so has everything when the agent is missing, not running,
 * not configured or does not answer in time. Thread-safe.
 */
final class ContainerCensus {
    static final String AGENT = "watchtower-001";
    /** Docker's lifecycle states; a reachable endpoint reports each one, zeros included. */
    static final List<String> STATES = List.of("created", "running", "paused", "restarting", "removing", "exited", "dead");
    private static final Logger LOG = LoggerFactory.getLogger(ContainerCensus.class);

    private final AgentRegistry agents;
    private final Clock clock;
    private final Duration ttl;
    private final Duration timeout;
    private final MultiGauge gauge;
    private Instant refreshedAt;

    ContainerCensus(MeterRegistry registry, AgentRegistry agents, Clock clock, Duration ttl, Duration timeout) {
        this.agents = agents;
        this.clock = clock;
        this.ttl = ttl;
        this.timeout = timeout;
        this.gauge = MultiGauge.builder("alexos_containers")
                .description("Containers by endpoint and state (absent while the endpoint is unreachable)")
                .register(registry);
    }

    /** Re-reads the census unless the cached one is younger than the TTL. */
    synchronized void refresh() {
        Instant now = clock.instant();
        if (refreshedAt != null && Duration.between(refreshedAt, now).compareTo(ttl) < 0) {
            return;
        }
        refreshedAt = now;
        List<MultiGauge.Row<?>> rows = new ArrayList<>();
        count().forEach((key, n) -> rows.add(MultiGauge.Row.of(Tags.of("endpoint", key.get(0), "state", key.get(1)), n)));
        gauge.register(rows, true);
    }

    /** Counts keyed by [endpoint, state]; empty when nothing can be told. */
    private Map<List<String>, Long> count() {
        Map<List<String>, Long> out = new TreeMap<>((a, b) -> (a.get(0) + '\0' + a.get(1)).compareTo(b.get(0) + '\0' + b.get(1)));
        AgentInfo info = agents.find(AGENT).orElse(null);
        if (info == null || info.state() != AgentState.RUNNING) {
            return out;
        }
        Set<String> reachable = reachableEndpoints(info.health());
        if (reachable.isEmpty()) {
            return out;
        }
        JsonNode containers;
        try {
            TaskResult r = agents.send(AGENT, Task.of("containers.list", Json.object()).requestedBy("metrics")
                    .withTimeout(timeout)).get(timeout.toMillis() + 500, TimeUnit.MILLISECONDS);
            if (!r.succeeded()) {
                LOG.debug("containers.list failed: {}", r.error());
                return out;
            }
            containers = r.output().path("containers");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return out;
        } catch (Exception e) {
            LOG.debug("containers.list failed: {}", e.toString());
            return out;
        }
        for (String endpoint : reachable) {
            for (String state : STATES) {
                out.put(List.of(endpoint, state), 0L);
            }
        }
        for (JsonNode c : containers) {
            String endpoint = c.path("endpoint").asText("");
            if (reachable.contains(endpoint)) {
                out.merge(List.of(endpoint, c.path("status").asText("unknown")), 1L, Long::sum);
            }
        }
        return out;
    }

    /** Endpoint names Watchtower's health says it can reach right now. */
    private static Set<String> reachableEndpoints(Health health) {
        Set<String> out = new LinkedHashSet<>();
        if (health.status() == Health.Status.NOT_CONFIGURED) {
            return out;
        }
        Object endpoints = health.details().get("endpoints");
        if (endpoints == null) {
            return out;
        }
        for (JsonNode e : Json.mapper().valueToTree(endpoints)) {
            if (e.path("reachable").asBoolean(false) && e.hasNonNull("name")) {
                out.add(e.get("name").asText());
            }
        }
        return out;
    }
}
