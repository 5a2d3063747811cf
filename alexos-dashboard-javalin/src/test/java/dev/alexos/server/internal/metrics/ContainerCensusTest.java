package dev.alexos.server.internal.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.alexos.core.AgentDescriptor;
import dev.alexos.core.AgentInfo;
import dev.alexos.core.AgentState;
import dev.alexos.core.Health;
import dev.alexos.core.TaskResult;
import dev.alexos.core.json.Json;
import dev.alexos.testkit.VirtualClock;
import dev.alexos.watchtower.ContainerInfo;
import dev.alexos.watchtower.internal.monitor.EndpointMonitor.EndpointHealth;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The containers gauge asks the Watchtower agent at scrape time, caches, and is absent when it cannot tell. */
class ContainerCensusTest {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final StubAgents agents = new StubAgents();
    private final VirtualClock clock = VirtualClock.create();
    private final List<ContainerInfo> containers = new ArrayList<>();
    private final ContainerCensus census = new ContainerCensus(registry, agents, clock, Duration.ofSeconds(5),
            Duration.ofSeconds(5));

    @AfterEach
    void tearDown() {
        registry.close();
    }

    @Test
    void countsContainersByEndpointAndStateWithZerosForAReachableEndpoint() {
        watchtower(true, true);
        containers.add(container("a", "running", "local"));
        containers.add(container("b", "running", "local"));
        containers.add(container("c", "exited", "local"));
        containers.add(container("d", "running", "edge"));

        census.refresh();

        assertThat(gauge("local", "running")).isEqualTo(2);
        assertThat(gauge("local", "exited")).isEqualTo(1);
        assertThat(gauge("local", "paused")).isZero();
        assertThat(gauge("edge", "running")).isEqualTo(1);
        assertThat(gauge("edge", "dead")).isZero();
        assertThat(registry.scrape()).contains("alexos_containers{endpoint=\"local\",state=\"running\"} 2.0");
    }

    @Test
    void anUnreachableEndpointHasNoSeriesNotZero() {
        watchtower(true, false);
        containers.add(container("a", "running", "local"));
        containers.add(container("d", "running", "edge"));

        census.refresh();

        assertThat(gauge("local", "running")).isEqualTo(1);
        assertThat(registry.find("alexos_containers").tag("endpoint", "edge").gauges()).isEmpty();
    }

    @Test
    void theCensusIsCachedForTheTtlThenReadAgain() {
        watchtower(true, true);
        containers.add(container("a", "running", "local"));
        census.refresh();
        census.refresh();
        census.refresh();
        assertThat(agents.sent.get()).isEqualTo(1);

        containers.add(container("b", "running", "local"));
        clock.advance(Duration.ofSeconds(4));
        census.refresh();
        assertThat(gauge("local", "running")).isEqualTo(1);

        clock.advance(Duration.ofSeconds(1));
        census.refresh();
        assertThat(agents.sent.get()).isEqualTo(2);
        assertThat(gauge("local", "running")).isEqualTo(2);
    }

    @Test
    void seriesDisappearWhenDockerBecomesUnreachableOrTheAgentStops() {
        watchtower(true, true);
        containers.add(container("a", "running", "local"));
        census.refresh();
        assertThat(gauge("local", "running")).isEqualTo(1);

        watchtower(false, false);
        clock.advance(Duration.ofSeconds(6));
        census.refresh();
        assertThat(registry.find("alexos_containers").gauges()).isEmpty();

        watchtower(true, true);
        clock.advance(Duration.ofSeconds(6));
        census.refresh();
        assertThat(gauge("local", "running")).isEqualTo(1);

        agents.infos.put(ContainerCensus.AGENT, info(AgentState.STOPPED, Health.unhealthy("monitor_stopped")));
        clock.advance(Duration.ofSeconds(6));
        census.refresh();
        assertThat(registry.find("alexos_containers").gauges()).isEmpty();
    }

    @Test
    void noWatchtowerOrAFailedListingMeansNoSeries() {
        census.refresh();
        assertThat(registry.find("alexos_containers").gauges()).isEmpty();

        watchtower(true, true);
        agents.handlers.put(ContainerCensus.AGENT, t -> TaskResult.failure("engine failed"));
        clock.advance(Duration.ofSeconds(6));
        census.refresh();
        assertThat(registry.find("alexos_containers").gauges()).isEmpty();
    }

    private double gauge(String endpoint, String state) {
        Gauge g = registry.get("alexos_containers").tags("endpoint", endpoint, "state", state).gauge();
        return g.value();
    }

    /** Registers the agent with the health shape Watchtower reports (its endpoint records). */
    private void watchtower(boolean localUp, boolean edgeUp) {
        List<EndpointHealth> endpoints = List.of(endpoint("local", localUp), endpoint("edge", edgeUp));
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("monitor_running", true);
        details.put("endpoints", endpoints);
        Health.Status status = localUp && edgeUp ? Health.Status.HEALTHY
                : localUp || edgeUp ? Health.Status.DEGRADED : Health.Status.UNHEALTHY;
        agents.infos.put(ContainerCensus.AGENT, info(AgentState.RUNNING, new Health(status, "", details)));
        agents.handlers.put(ContainerCensus.AGENT, task -> {
            assertThat(task.action()).isEqualTo("containers.list");
            ObjectNode out = Json.object();
            out.set("containers", Json.mapper().valueToTree(List.copyOf(containers)));
            out.put("count", containers.size());
            return TaskResult.success(out);
        });
    }

    private static AgentInfo info(AgentState state, Health health) {
        AgentDescriptor d = AgentDescriptor.builder(ContainerCensus.AGENT, "Watchtower", "system").source("system")
                .capability("containers.list").build();
        return new AgentInfo(d, state, health, Instant.EPOCH, Instant.EPOCH, null);
    }

    private static EndpointHealth endpoint(String name, boolean up) {
        return new EndpointHealth(name, "unix:///var/run/docker.sock", up, "docker", "25.0", "1.44", 0, null, null,
                up ? null : "connection refused");
    }

    private static ContainerInfo container(String name, String status, String endpoint) {
        String id = (name + "0".repeat(64)).substring(0, 64);
        return new ContainerInfo(id, name, "nginx:1.25", "sha256:" + "1".repeat(64), status, status, "none",
                Instant.EPOCH, null, null, 0, false, 0, List.of(), Map.of(), List.of("bridge"), List.of(), endpoint,
                List.of("PATH"));
    }
}
