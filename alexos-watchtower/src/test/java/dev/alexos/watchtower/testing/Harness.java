package dev.alexos.watchtower.testing;

import dev.alexos.core.http.ApiRoute;
import dev.alexos.core.http.HttpMethod;
import dev.alexos.watchtower.internal.ContainerActions;
import dev.alexos.watchtower.internal.EndpointSettings;
import dev.alexos.watchtower.internal.Watchtower;
import dev.alexos.watchtower.internal.WatchtowerAgent;
import dev.alexos.watchtower.internal.WatchtowerSettings;
import dev.alexos.watchtower.internal.api.WatchtowerRoutes;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Watchtower wired to fake engines, a virtual clock and capturing bus and ledger. */
public final class Harness {
    public final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    public final ManualScheduler scheduler = new ManualScheduler(clock);
    public final CapturingEventBus bus = new CapturingEventBus(clock);
    public final MemoryLedger ledger = new MemoryLedger(clock);
    public final Map<String, FakeEngine> engines = new LinkedHashMap<>();
    public final Watchtower watchtower;
    public final ContainerActions actions;
    public final WatchtowerAgent agent;
    public final List<ApiRoute> routes;
    public final TestContext context;

    public Harness(String... endpointNames) {
        this(settings(endpointNames));
    }

    public Harness(WatchtowerSettings settings) {
        for (EndpointSettings e : settings.endpoints()) {
            engines.put(e.name(), new FakeEngine(clock));
        }
        watchtower = new Watchtower(settings, e -> engines.get(e.name()));
        actions = new ContainerActions(watchtower);
        agent = new WatchtowerAgent(watchtower, actions);
        routes = new WatchtowerRoutes(watchtower, actions, WatchtowerAgent.ID).routes();
        context = new TestContext(WatchtowerAgent.ID, bus, ledger, clock, scheduler);
    }

    public static WatchtowerSettings settings(String... endpointNames) {
        String[] names = endpointNames.length == 0 ? new String[] {"local"} : endpointNames;
        List<EndpointSettings> eps = java.util.Arrays.stream(names)
                .map(n -> new EndpointSettings(n, "unix:///fake/" + n + ".sock", false, null, Duration.ofSeconds(5)))
                .toList();
        return WatchtowerSettings.defaults(eps);
    }

    public FakeEngine engine() {
        return engines.values().iterator().next();
    }

    public Harness start() {
        agent.start(context);
        return this;
    }

    /** Calls the route with this method and path template. */
    public Object call(HttpMethod method, String template, FakeRequest request) throws Exception {
        for (ApiRoute r : routes) {
            if (r.method() == method && r.path().equals(template)) {
                return r.handler().handle(request);
            }
        }
        throw new AssertionError("no route " + method + " " + template);
    }
}
