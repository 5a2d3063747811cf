package dev.alexos.watchtower.it;

import dev.alexos.core.config.AlexOsConfig;
import dev.alexos.core.event.Event;
import dev.alexos.core.internal.scheduler.DefaultScheduler;
import dev.alexos.testkit.CapturingEventBus;
import dev.alexos.testkit.CapturingLedger;
import dev.alexos.testkit.TestAgentContext;
import dev.alexos.testkit.TestApiRequest;
import dev.alexos.testkit.TestRoutes;
import dev.alexos.watchtower.internal.ContainerActions;
import dev.alexos.watchtower.internal.EndpointSettings;
import dev.alexos.watchtower.internal.Watchtower;
import dev.alexos.watchtower.internal.WatchtowerAgent;
import dev.alexos.watchtower.internal.WatchtowerSettings;
import dev.alexos.watchtower.internal.api.WatchtowerRoutes;
import dev.alexos.watchtower.internal.engine.DockerJavaEngine;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Watchtower against real engines, on a wall-clock scheduler. Close it after the test. */
final class ItWatchtower implements AutoCloseable {
    /** The runtime's own wall-clock scheduler. */
    final DefaultScheduler scheduler = new DefaultScheduler("it", 1);
    final CapturingEventBus bus = new CapturingEventBus(Clock.systemUTC());
    final CapturingLedger ledger = new CapturingLedger(Clock.systemUTC());
    final Watchtower watchtower;
    final ContainerActions actions;
    final WatchtowerAgent agent;
    final TestRoutes routes;

    ItWatchtower(Map<String, String> endpoints, Duration timeout, Duration monitoringInterval) {
        List<EndpointSettings> eps = endpoints.entrySet().stream()
                .map(e -> new EndpointSettings(e.getKey(), e.getValue(), false, null, timeout)).toList();
        WatchtowerSettings d = WatchtowerSettings.defaults(eps);
        WatchtowerSettings s = new WatchtowerSettings(eps, true, monitoringInterval, Duration.ofSeconds(1),
                d.statsHistory(), Duration.ofSeconds(2), 2, d.restartLoopThreshold(), d.restartLoopWindow(),
                d.statsBackgroundInterval(), d.statsHotFor());
        watchtower = new Watchtower(s, DockerJavaEngine::new);
        actions = new ContainerActions(watchtower);
        agent = new WatchtowerAgent(watchtower, actions);
        routes = TestRoutes.of(new WatchtowerRoutes(watchtower, actions, WatchtowerAgent.ID).routes());
        agent.start(new TestAgentContext(WatchtowerAgent.ID, "watchtower", bus, ledger, Clock.systemUTC(),
                AlexOsConfig.empty().section("watchtower"), scheduler, null, null));
    }

    /** Events about one container (by full id), oldest first. */
    List<Event> eventsOf(String id) {
        return bus.events().stream().filter(e -> e.data().has("id") && id.equals(e.data().get("id").asText())
                || e.data().has("container_id") && id.equals(e.data().get("container_id").asText())).toList();
    }

    Object call(TestApiRequest request) {
        return routes.handle(request);
    }

    @Override
    public void close() throws Exception {
        agent.stop();
        scheduler.close();
    }
}
