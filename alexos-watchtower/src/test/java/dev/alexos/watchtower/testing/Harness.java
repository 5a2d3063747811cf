package dev.alexos.watchtower.testing;

import dev.alexos.core.config.AlexOsConfig;
import dev.alexos.core.event.Event;
import dev.alexos.testkit.CapturingEventBus;
import dev.alexos.testkit.CapturingLedger;
import dev.alexos.testkit.TestAgentContext;
import dev.alexos.testkit.TestApiRequest;
import dev.alexos.testkit.TestRoutes;
import dev.alexos.testkit.VirtualClock;
import dev.alexos.testkit.VirtualScheduler;
import dev.alexos.watchtower.internal.ContainerActions;
import dev.alexos.watchtower.internal.EndpointSettings;
import dev.alexos.watchtower.internal.Watchtower;
import dev.alexos.watchtower.internal.WatchtowerAgent;
import dev.alexos.watchtower.internal.WatchtowerSettings;
import dev.alexos.watchtower.internal.api.WatchtowerRoutes;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Watchtower wired to fake engines and the testkit's virtual clock, capturing bus and ledger. */
public final class Harness {
    public final VirtualClock clock = VirtualClock.create();
    public final VirtualScheduler scheduler = new VirtualScheduler(clock);
    public final CapturingEventBus bus = new CapturingEventBus(clock);
    public final CapturingLedger ledger = new CapturingLedger(clock);
    public final Map<String, FakeEngine> engines = new LinkedHashMap<>();
    public final Watchtower watchtower;
    public final ContainerActions actions;
    public final WatchtowerAgent agent;
    public final TestRoutes routes;
    public final TestAgentContext context;

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
        routes = TestRoutes.of(new WatchtowerRoutes(watchtower, actions, WatchtowerAgent.ID).routes());
        // watchtower keeps no files and routes no tasks: no data directory, no registry
        context = new TestAgentContext(WatchtowerAgent.ID, "watchtower", bus, ledger, clock,
                AlexOsConfig.empty().section("watchtower"), scheduler, null, null);
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

    /** Event types (topic without the module) published so far, oldest first. */
    public List<String> types() {
        return bus.events().stream().map(Event::type).toList();
    }

    /** Calls the route the request is for and returns its result; an {@code ApiException} propagates. */
    public Object call(TestApiRequest request) {
        return routes.handle(request);
    }
}
