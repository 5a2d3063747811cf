package dev.alexos.core;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.alexos.core.compliance.ComplianceCheck;
import dev.alexos.core.compliance.ComplianceReport;
import dev.alexos.core.compliance.ComplianceResult;
import dev.alexos.core.config.AlexOsConfig;
import dev.alexos.core.config.ConfigException;
import dev.alexos.core.dashboard.DashboardTab;
import dev.alexos.core.event.EventBus;
import dev.alexos.core.http.ApiRoute;
import dev.alexos.core.internal.http.CoreRoutes;
import dev.alexos.core.internal.plugin.PluginHost;
import dev.alexos.core.internal.runtime.DefaultComponents;
import dev.alexos.core.internal.runtime.LedgerIntegrityCheck;
import dev.alexos.core.internal.runtime.ModuleRunner;
import dev.alexos.core.internal.runtime.RuntimeServices;
import dev.alexos.core.internal.runtime.RuntimeState;
import dev.alexos.core.internal.scheduler.DefaultScheduler;
import dev.alexos.core.json.Json;
import dev.alexos.core.ledger.Ledger;
import dev.alexos.core.plugin.AlexOsModule;
import dev.alexos.core.plugin.PluginInfo;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One ALEX OS runtime: configuration, event bus, ledger, agent registry, scheduler, and the
 * modules found in the plugins directory, on the classpath or given to the builder.
 *
 * <pre>{@code
 * try (AlexOs os = AlexOs.builder()
 *         .config(AlexOsConfig.load(Path.of("alexos.yaml"), System.getenv()))
 *         .dataDirectory(Path.of("data"))
 *         .agent(new PingAgent())
 *         .build()
 *         .start()) {
 *     os.agents().send("ping-1", Task.of("ping", Json.object())).join();
 *     for (ApiRoute route : os.routes()) {
 *         // hand them to your HTTP host
 *     }
 * }
 * }</pre>
 *
 * <p>{@link #start()} opens the ledger ({@code <data dir>/ledger}, options from config section
 * {@code ledger}) and the event bus (replay capacity {@code events.replay_capacity}) unless
 * the builder was given them, starts every module with its own {@link
 * dev.alexos.core.plugin.ModuleContext} (data directory {@code <data dir>/<module id>}, config
 * section {@code <module id>}), then registers the builder's agents under module {@code app}.
 * {@link #close()} stops modules and agents, drains the bus, flushes and closes the ledger
 * (those the runtime opened itself), and unloads plugins. Nothing is static: several runtimes
 * can live in one JVM.
 *
 * <p>Thread-safe. Accessors of started components throw {@link IllegalStateException} before
 * {@link #start()}.
 */
public final class AlexOs implements AutoCloseable {
    private final RuntimeServices services;
    private final RuntimeState state;
    private final ModuleRunner modules;
    private final PluginHost plugins;
    private final EventBus givenBus;
    private final Ledger givenLedger;
    private final List<AlexOsModule> programmaticModules;
    private final List<Agent> programmaticAgents;
    private final List<ApiRoute> coreRoutes;
    private final ComplianceCheck ledgerCheck;
    private final DefaultScheduler ownedScheduler;

    private AlexOs(Builder b, Path dataDirectory, Path pluginsDirectory) {
        this.ownedScheduler = b.scheduler == null ? new DefaultScheduler("alexos", 2) : null;
        this.services = new RuntimeServices(b.config, b.clock, b.scheduler == null ? ownedScheduler : b.scheduler,
                dataDirectory);
        this.state = new RuntimeState();
        this.plugins = new PluginHost(pluginsDirectory, b.discoverClasspathModules, dataDirectory.resolve("plugins"));
        this.modules = new ModuleRunner(services, plugins);
        this.givenBus = b.eventBus;
        this.givenLedger = b.ledger;
        this.programmaticModules = List.copyOf(b.modules);
        this.programmaticAgents = List.copyOf(b.agents);
        this.ledgerCheck = new LedgerIntegrityCheck(services::ledger);
        this.coreRoutes = new CoreRoutes(this).routes();
    }

    /** A builder with an empty configuration, the system clock and classpath discovery on. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Starts the runtime. Returns this, for chaining.
     *
     * @throws ConfigException when the configuration (core or a module's) is invalid; everything
     *     started so far is stopped again
     * @throws IllegalStateException when started twice or after {@link #close()}
     */
    public synchronized AlexOs start() {
        state.beginStart();
        try {
            Files.createDirectories(services.dataDirectory());
            int replayCapacity = DefaultComponents.replayCapacity(services.config());
            var ledgerOptions = DefaultComponents.ledgerOptions(services.config());
            Ledger ledger = givenLedger != null ? givenLedger : DefaultComponents.openLedger(
                    services.dataDirectory().resolve("ledger"), ledgerOptions, services.clock());
            state.ledgerOpened(givenLedger == null ? ledger : null);
            EventBus bus = givenBus != null ? givenBus : DefaultComponents.eventBus(replayCapacity, services.clock());
            state.busOpened(givenBus == null ? bus : null);
            services.open(bus, ledger);
            modules.start(programmaticModules);
            for (Agent a : programmaticAgents) {
                services.registry().register(a);
            }
            ObjectNode data = Json.object();
            ArrayNode ids = data.putArray("modules");
            modules.modules().forEach(m -> ids.add(m.id()));
            bus.publish("core.runtime_started", "core", data);
            state.started();
            return this;
        } catch (IOException e) {
            shutdown();
            throw new UncheckedIOException("cannot create data directory " + services.dataDirectory(), e);
        } catch (RuntimeException | Error e) {
            shutdown();
            throw e;
        }
    }

    /** Stops modules and agents, closes what the runtime opened, unloads plugins. Idempotent. */
    @Override
    public synchronized void close() {
        if (state.closeRequested()) {
            shutdown();
        }
    }

    // Order matters: agents and modules stop first; the bus then drains to subscribers (which may
    // still append to the ledger) before the ledger closes; plugin class loaders close last,
    // when nothing can call into plugin code any more.
    private void shutdown() {
        modules.stop();
        services.registry().close();
        state.closeOwned();
        plugins.close();
        if (ownedScheduler != null) {
            ownedScheduler.close();
        }
    }

    /** Whether {@link #start()} completed and {@link #close()} has not been called. */
    public boolean isRunning() {
        return state.isRunning();
    }

    /**
     * The event bus.
     *
     * @throws IllegalStateException before {@link #start()}
     */
    public EventBus eventBus() {
        return state.require(services.eventBus(), "event bus");
    }

    /**
     * The ledger.
     *
     * @throws IllegalStateException before {@link #start()}
     */
    public Ledger ledger() {
        return state.require(services.ledger(), "ledger");
    }

    /** The shared agent registry. Agents registered here directly belong to module {@code app}. */
    public AgentRegistry agents() {
        return services.registry();
    }

    /** The scheduler modules and agents share (stopped by {@link #close()} unless it was given). */
    public Scheduler scheduler() {
        return services.scheduler();
    }

    /** The runtime's time source. */
    public Clock clock() {
        return services.clock();
    }

    /** The configuration the runtime was built with. */
    public AlexOsConfig config() {
        return services.config();
    }

    /** The absolute data directory. */
    public Path dataDirectory() {
        return services.dataDirectory();
    }

    /** The core routes ({@code /api/health}, {@code /api/agents}, ...) followed by the modules'. */
    public List<ApiRoute> routes() {
        List<ApiRoute> all = new ArrayList<>(coreRoutes);
        all.addAll(modules.routes());
        return List.copyOf(all);
    }

    /** The tabs the started modules contributed. */
    public List<DashboardTab> dashboardTabs() {
        return modules.dashboardTabs();
    }

    /** The core's checks (ledger integrity) followed by the modules'. */
    public List<ComplianceCheck> complianceChecks() {
        List<ComplianceCheck> all = new ArrayList<>();
        all.add(ledgerCheck);
        all.addAll(modules.complianceChecks());
        return List.copyOf(all);
    }

    /** Evaluates every check now. A check that throws counts as {@code error}, with the reason. */
    public ComplianceReport compliance() {
        List<ComplianceResult> results = new ArrayList<>();
        for (ComplianceCheck c : complianceChecks()) {
            try {
                results.add(Objects.requireNonNull(c.evaluate(), "evaluate() returned null"));
            } catch (RuntimeException | LinkageError e) {
                results.add(c.result(ComplianceResult.Status.ERROR, "the check failed to run: " + e.getMessage(),
                        List.of(), null));
            }
        }
        return ComplianceReport.of(results, services.clock().instant());
    }

    /** Plugins of the plugins directory, classpath modules and programmatic modules. */
    public List<PluginInfo> plugins() {
        return modules.plugins();
    }

    /** The modules that started. */
    public List<AlexOsModule> modules() {
        return modules.modules();
    }

    /** Health of every module, the ledger and the event bus, computed now. */
    public SystemHealth health() {
        return state.health(modules.health(), services.ledger(), services.eventBus(), services.clock().instant());
    }

    /**
     * Builds {@link AlexOs} runtimes. Not thread-safe.
     */
    public static final class Builder {
        private AlexOsConfig config = AlexOsConfig.empty();
        private Path dataDirectory;
        private Path pluginsDirectory;
        private boolean discoverClasspathModules = true;
        private final List<AlexOsModule> modules = new ArrayList<>();
        private final List<Agent> agents = new ArrayList<>();
        private Clock clock = Clock.systemUTC();
        private EventBus eventBus;
        private Ledger ledger;
        private Scheduler scheduler;

        private Builder() {
        }

        /** The configuration (default: empty). */
        public Builder config(AlexOsConfig value) {
            this.config = Objects.requireNonNull(value, "config");
            return this;
        }

        /** Where the ledger and modules keep data. Default: config {@code data_dir}, else {@code ./data}. */
        public Builder dataDirectory(Path value) {
            this.dataDirectory = value;
            return this;
        }

        /** Where drop-in plugin jars are. Default: config {@code plugins_dir}, else none. */
        public Builder pluginsDirectory(Path value) {
            this.pluginsDirectory = value;
            return this;
        }

        /** Whether to start the {@code @Extension} modules found on the classpath (default true). */
        public Builder discoverClasspathModules(boolean value) {
            this.discoverClasspathModules = value;
            return this;
        }

        /** Adds a module, started before the discovered ones. */
        public Builder module(AlexOsModule value) {
            modules.add(Objects.requireNonNull(value, "module"));
            return this;
        }

        /** Adds an agent, registered under module {@code app} once the modules have started. */
        public Builder agent(Agent value) {
            agents.add(Objects.requireNonNull(value, "agent"));
            return this;
        }

        /** The time source (default: the UTC system clock). */
        public Builder clock(Clock value) {
            this.clock = Objects.requireNonNull(value, "clock");
            return this;
        }

        /** An event bus to use instead of the embedded one; the runtime does not close it. */
        public Builder eventBus(EventBus value) {
            this.eventBus = value;
            return this;
        }

        /**
         * A scheduler to use instead of the runtime's own thread pools (e.g. the testkit's, on a
         * virtual clock); the runtime does not close it.
         */
        public Builder scheduler(Scheduler value) {
            this.scheduler = value;
            return this;
        }

        /** A ledger to use instead of the file ledger; the runtime does not close it. */
        public Builder ledger(Ledger value) {
            this.ledger = value;
            return this;
        }

        /**
         * Builds a runtime that is not started yet.
         *
         * @throws ConfigException when {@code data_dir} or {@code plugins_dir} is invalid
         */
        public AlexOs build() {
            Path data = dataDirectory != null ? dataDirectory
                    : Path.of(config.root().string("data_dir", "data"));
            Path pluginsDir = pluginsDirectory != null ? pluginsDirectory
                    : config.root().string("plugins_dir").map(Path::of).orElse(null);
            return new AlexOs(this, data.toAbsolutePath().normalize(),
                    pluginsDir == null ? null : pluginsDir.toAbsolutePath().normalize());
        }
    }
}
