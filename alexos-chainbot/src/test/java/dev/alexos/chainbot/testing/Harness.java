package dev.alexos.chainbot.testing;

import dev.alexos.chainbot.ChainBotModule;
import dev.alexos.chainbot.FrameworkAgentType;
import dev.alexos.core.Scheduler;
import dev.alexos.core.config.AlexOsConfig;
import dev.alexos.core.http.HttpMethod;
import dev.alexos.testkit.CapturingEventBus;
import dev.alexos.testkit.CapturingLedger;
import dev.alexos.testkit.TestApiRequest;
import dev.alexos.testkit.TestModuleContext;
import dev.alexos.testkit.TestResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A test-only host for the ChainBot module: the testkit's capturing bus and ledger, a simple
 * registry, the module started on them, and routes called as the host would (through the
 * testkit's {@code TestRoutes}). Every response body is kept for the secrets test.
 */
public final class Harness implements AutoCloseable {
    public final CapturingEventBus bus;
    public final CapturingLedger ledger;
    public final SimpleRegistry registry;
    public final Clock clock;
    private final Scheduler scheduler;
    private final Map<String, Object> config;
    private final Path dataDir;
    private final List<FrameworkAgentType> types;
    private ChainBotModule module;
    private TestModuleContext ctx;
    public final List<String> responses = new CopyOnWriteArrayList<>();

    public Harness(Map<String, Object> chainbotConfig, Path dataDir, Scheduler scheduler, Clock clock,
            List<FrameworkAgentType> types) throws Exception {
        this.config = chainbotConfig;
        this.dataDir = dataDir;
        this.scheduler = scheduler;
        this.clock = clock;
        this.types = types;
        this.bus = new CapturingEventBus(clock);
        this.ledger = new CapturingLedger(clock);
        this.registry = new SimpleRegistry(clock);
        start();
    }

    private void start() throws Exception {
        ctx = TestModuleContext.builder("chainbot").eventBus(bus).ledger(ledger).clock(clock)
                .config(AlexOsConfig.of(Map.of("chainbot", config)).section("chainbot")).scheduler(scheduler)
                .dataDirectory(dataDir).agents(registry).build();
        registry.contexts(ctx::agentContext);
        module = new ChainBotModule(types);
        module.start(ctx);
        // the stores and the workflow engine start in the background: tests begin once they are up
        org.awaitility.Awaitility.await("ChainBot's background start").atMost(java.time.Duration.ofSeconds(60))
                .until(() -> !module.health().message().equals("starting"));
    }

    /** Stops the module and starts a new one on the same data directory, bus and ledger. */
    public void restart() throws Exception {
        module.stop();
        start();
    }

    public ChainBotModule module() {
        return module;
    }

    public TestResponse get(String path) {
        return call(HttpMethod.GET, path, null);
    }

    public TestResponse post(String path, String body) {
        return call(HttpMethod.POST, path, body);
    }

    public TestResponse delete(String path) {
        return call(HttpMethod.DELETE, path, null);
    }

    /** Calls the route for {@code method fullPath} (with its query) as the host would; keeps the body. */
    public TestResponse call(HttpMethod method, String fullPath, String body) {
        TestResponse r = ctx.testRoutes().call(TestApiRequest.of(method, fullPath).withBody(body));
        responses.add(r.raw());
        return r;
    }

    @Override
    public void close() {
        module.stop();
    }
}
