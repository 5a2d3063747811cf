package dev.alexos.testkit;

import dev.alexos.core.AgentContext;
import dev.alexos.core.AgentRegistry;
import dev.alexos.core.Scheduler;
import dev.alexos.core.compliance.ComplianceCheck;
import dev.alexos.core.config.AlexOsConfig;
import dev.alexos.core.config.ConfigSection;
import dev.alexos.core.dashboard.DashboardTab;
import dev.alexos.core.event.EventBus;
import dev.alexos.core.http.ApiRoute;
import dev.alexos.core.ledger.Ledger;
import dev.alexos.core.plugin.AlexOsModule;
import dev.alexos.core.plugin.ModuleContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A {@link ModuleContext} for starting an {@link AlexOsModule} in a test, over parts the test
 * chooses, that keeps what the module contributes: {@link #routes()} (ready to call through
 * {@link #testRoutes()}), {@link #dashboardTabs()} and {@link #complianceChecks()}. Agent
 * contexts it hands out are {@link TestAgentContext}s sharing the module's parts and topic
 * prefix.
 *
 * <pre>{@code
 * VirtualClock clock = VirtualClock.create();
 * TestModuleContext ctx = TestModuleContext.builder("chainbot").clock(clock)
 *         .config(Map.of("max_runs", 10)).dataDirectory(tempDir).agents(registry).build();
 * module.start(ctx);
 * TestResponse r = ctx.testRoutes().get("/api/chainbot/workflows");
 * }</pre>
 *
 * <p>Unlike the runtime it does not freeze contributions after {@code start}. Thread-safe.
 */
public final class TestModuleContext implements ModuleContext {
    private final String moduleId;
    private final EventBus eventBus;
    private final Ledger ledger;
    private final Clock clock;
    private final ConfigSection config;
    private final Scheduler scheduler;
    private final Path dataDirectory;
    private final AgentRegistry agents;
    private final List<ApiRoute> routes = new CopyOnWriteArrayList<>();
    private final List<DashboardTab> tabs = new CopyOnWriteArrayList<>();
    private final List<ComplianceCheck> checks = new CopyOnWriteArrayList<>();

    private TestModuleContext(Builder b) {
        this.moduleId = b.moduleId;
        this.clock = b.clock == null ? VirtualClock.create() : b.clock;
        this.eventBus = b.eventBus == null ? new CapturingEventBus(clock) : b.eventBus;
        this.ledger = b.ledger == null ? new CapturingLedger(clock) : b.ledger;
        this.config = b.config == null ? AlexOsConfig.empty().section(moduleId) : b.config;
        if (b.scheduler != null) {
            this.scheduler = b.scheduler;
        } else if (clock instanceof VirtualClock virtual) {
            this.scheduler = new VirtualScheduler(virtual);
        } else {
            throw new IllegalStateException("a TestModuleContext on a clock other than a VirtualClock needs a scheduler");
        }
        this.dataDirectory = b.dataDirectory;
        this.agents = b.agents;
    }

    /** Starts configuring a context for module {@code moduleId}. */
    public static Builder builder(String moduleId) {
        return new Builder(moduleId);
    }

    @Override
    public String moduleId() {
        return moduleId;
    }

    @Override
    public EventBus eventBus() {
        return eventBus;
    }

    @Override
    public Ledger ledger() {
        return ledger;
    }

    @Override
    public Clock clock() {
        return clock;
    }

    @Override
    public ConfigSection config() {
        return config;
    }

    @Override
    public Scheduler scheduler() {
        return scheduler;
    }

    /**
     * The module's data directory as given to the builder, created.
     *
     * @throws UnsupportedOperationException when none was given
     */
    @Override
    public Path dataDirectory() {
        if (dataDirectory == null) {
            throw new UnsupportedOperationException("module '" + moduleId + "' was given no data directory in this test");
        }
        try {
            return Files.createDirectories(dataDirectory);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the data directory " + dataDirectory, e);
        }
    }

    /**
     * The registry given to the builder.
     *
     * @throws UnsupportedOperationException when none was given
     */
    @Override
    public AgentRegistry agents() {
        if (agents == null) {
            throw new UnsupportedOperationException("module '" + moduleId + "' was given no agent registry in this test");
        }
        return agents;
    }

    /** A {@link TestAgentContext} on this module's parts; its data directory is the module's. */
    @Override
    public AgentContext agentContext(String agentId) {
        return new TestAgentContext(agentId, moduleId, eventBus, ledger, clock, config, scheduler, dataDirectory, agents);
    }

    @Override
    public void addRoute(ApiRoute route) {
        routes.add(Objects.requireNonNull(route, "route"));
    }

    @Override
    public void addDashboardTab(DashboardTab tab) {
        tabs.add(Objects.requireNonNull(tab, "tab"));
    }

    @Override
    public void addComplianceCheck(ComplianceCheck check) {
        checks.add(Objects.requireNonNull(check, "check"));
    }

    /** The routes contributed so far, in order. */
    public List<ApiRoute> routes() {
        return List.copyOf(routes);
    }

    /** The routes contributed so far, to call without a server. */
    public TestRoutes testRoutes() {
        return TestRoutes.of(routes);
    }

    /** The dashboard tabs contributed so far, in order. */
    public List<DashboardTab> dashboardTabs() {
        return List.copyOf(tabs);
    }

    /** The compliance checks contributed so far, in order. */
    public List<ComplianceCheck> complianceChecks() {
        return List.copyOf(checks);
    }

    /** Configures a {@link TestModuleContext}; every part is optional. Not thread-safe. */
    public static final class Builder {
        private final String moduleId;
        private Clock clock;
        private EventBus eventBus;
        private Ledger ledger;
        private ConfigSection config;
        private Scheduler scheduler;
        private Path dataDirectory;
        private AgentRegistry agents;

        private Builder(String moduleId) {
            if (moduleId == null || !moduleId.matches("[a-z0-9_]+")) {
                throw new IllegalArgumentException("module id must be lower-case letters, digits or '_', was '"
                        + moduleId + "'");
            }
            this.moduleId = moduleId;
        }

        /** The time source; default a new {@link VirtualClock}. */
        public Builder clock(Clock value) {
            this.clock = Objects.requireNonNull(value, "clock");
            return this;
        }

        /** The bus; default a {@link CapturingEventBus} on the clock. */
        public Builder eventBus(EventBus value) {
            this.eventBus = Objects.requireNonNull(value, "eventBus");
            return this;
        }

        /** The ledger; default a {@link CapturingLedger} on the clock. */
        public Builder ledger(Ledger value) {
            this.ledger = Objects.requireNonNull(value, "ledger");
            return this;
        }

        /** The module's configuration section; default empty. */
        public Builder config(ConfigSection value) {
            this.config = Objects.requireNonNull(value, "config");
            return this;
        }

        /** The module's configuration section as plain data (nested maps, lists, scalars, as YAML gives). */
        public Builder config(Map<String, ?> values) {
            Objects.requireNonNull(values, "config");
            return config(AlexOsConfig.of(Map.<String, Object>of(moduleId, Map.copyOf(values))).section(moduleId));
        }

        /** The scheduler; default a {@link VirtualScheduler} on the clock, which must then be a {@link VirtualClock}. */
        public Builder scheduler(Scheduler value) {
            this.scheduler = Objects.requireNonNull(value, "scheduler");
            return this;
        }

        /** The module's data directory (created on use); default none. */
        public Builder dataDirectory(Path value) {
            this.dataDirectory = Objects.requireNonNull(value, "dataDirectory");
            return this;
        }

        /** The agent registry; default none. */
        public Builder agents(AgentRegistry value) {
            this.agents = Objects.requireNonNull(value, "agents");
            return this;
        }

        public TestModuleContext build() {
            return new TestModuleContext(this);
        }
    }
}
