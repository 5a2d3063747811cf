package dev.alexos.watchtower.it;

import dev.alexos.core.event.Event;
import dev.alexos.core.http.ApiRoute;
import dev.alexos.core.http.HttpMethod;
import dev.alexos.watchtower.internal.ContainerActions;
import dev.alexos.watchtower.internal.EndpointSettings;
import dev.alexos.watchtower.internal.Watchtower;
import dev.alexos.watchtower.internal.WatchtowerAgent;
import dev.alexos.watchtower.internal.WatchtowerSettings;
import dev.alexos.watchtower.internal.api.WatchtowerRoutes;
import dev.alexos.watchtower.internal.engine.DockerJavaEngine;
import dev.alexos.watchtower.testing.CapturingEventBus;
import dev.alexos.watchtower.testing.FakeRequest;
import dev.alexos.watchtower.testing.MemoryLedger;
import dev.alexos.watchtower.testing.RealScheduler;
import dev.alexos.watchtower.testing.TestContext;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Watchtower against real engines, on a wall-clock scheduler. Close it after the test. */
final class ItWatchtower implements AutoCloseable {
    final RealScheduler scheduler = new RealScheduler();
    final CapturingEventBus bus = new CapturingEventBus(Clock.systemUTC());
    final MemoryLedger ledger = new MemoryLedger(Clock.systemUTC());
    final Watchtower watchtower;
    final ContainerActions actions;
    final WatchtowerAgent agent;
    final List<ApiRoute> routes;

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
        routes = new WatchtowerRoutes(watchtower, actions, WatchtowerAgent.ID).routes();
        agent.start(new TestContext(WatchtowerAgent.ID, bus, ledger, Clock.systemUTC(), scheduler));
    }

    /** Events about one container (by full id), oldest first. */
    List<Event> eventsOf(String id) {
        return bus.events().stream().filter(e -> e.data().has("id") && id.equals(e.data().get("id").asText())
                || e.data().has("container_id") && id.equals(e.data().get("container_id").asText())).toList();
    }

    Object call(HttpMethod method, String template, FakeRequest request) throws Exception {
        for (ApiRoute r : routes) {
            if (r.method() == method && r.path().equals(template)) {
                return r.handler().handle(request);
            }
        }
        throw new AssertionError("no route " + method + " " + template);
    }

    @Override
    public void close() throws Exception {
        agent.stop();
        scheduler.close();
    }
}
