package dev.alexos.chainbot.workflow;

import dev.alexos.chainbot.internal.workflow.DefaultWorkflowEngine;
import dev.alexos.chainbot.internal.workflow.EngineSettings;
import dev.alexos.chainbot.internal.workflow.WorkflowRoutes;
import dev.alexos.core.AgentRegistry;
import dev.alexos.core.Health;
import dev.alexos.core.Scheduler;
import dev.alexos.core.config.ConfigSection;
import dev.alexos.core.event.EventBus;
import dev.alexos.core.http.ApiRoute;
import dev.alexos.core.ledger.Ledger;
import dev.alexos.core.plugin.ModuleContext;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.DoubleSupplier;

/**
 * ChainBot's workflow engine as one component: the engine, its HTTP routes, its life cycle.
 *
 * <pre>{@code
 * // in ChainBotModule.start(ctx):
 * workflows = Workflows.start(ctx);
 * workflows.routes().forEach(ctx::addRoute);
 * // in ChainBotModule.stop():
 * workflows.stop();
 * }</pre>
 *
 * <p>Files live in the module's data directory: definitions in {@code workflows/*.json|yaml}
 * (the shipped examples are installed there on first start), runs in the H2 database
 * {@code workflows-db.mv.db} and the step journal {@code workflows-journal.log}. Runs that were in flight when the engine last stopped are resumed
 * when it starts. Thread-safe.
 */
public final class Workflows implements AutoCloseable {
    private final DefaultWorkflowEngine engine;
    private final List<ApiRoute> routes;

    private Workflows(DefaultWorkflowEngine engine, Clock clock) {
        this.engine = engine;
        this.routes = new WorkflowRoutes(engine, clock).routes();
    }

    /**
     * Starts the engine for a module: the registry, bus, ledger, clock, scheduler and data
     * directory of {@code ctx}, settings from the {@code workflows} subsection of the module's
     * configuration ({@code chainbot.workflows}: {@code max_concurrent_runs}, {@code queue_capacity},
     * {@code install_examples}, {@code retention}, {@code event_source}).
     *
     * @throws dev.alexos.core.config.ConfigException for invalid settings
     * @throws IllegalStateException when the database cannot be opened
     */
    public static Workflows start(ModuleContext ctx) {
        return builder().agents(ctx.agents()).eventBus(ctx.eventBus()).ledger(ctx.ledger()).clock(ctx.clock())
                .scheduler(ctx.scheduler()).dataDirectory(ctx.dataDirectory()).config(ctx.config().section("workflows"))
                .start();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The engine, for other agents (e.g. ChainBot's framework {@code workflow} agent). */
    public WorkflowEngine engine() {
        return engine;
    }

    /** The routes under {@code /api/chainbot/workflows} and {@code /api/chainbot/executions}. */
    public List<ApiRoute> routes() {
        return routes;
    }

    /** Definitions that failed to load make the engine {@code degraded}; details carry the counts. */
    public Health health() {
        var stats = engine.stats();
        @SuppressWarnings("unchecked")
        Map<String, Object> details = dev.alexos.core.json.Json.mapper().convertValue(stats, Map.class);
        Map<String, String> errors = engine.loadErrors();
        return errors.isEmpty() ? Health.healthy(details)
                : new Health(Health.Status.DEGRADED, errors.size() + " workflow file(s) did not load", details);
    }

    /** Stops the engine; runs in flight are left to be resumed at the next start. Idempotent. */
    public void stop() {
        engine.close();
    }

    @Override
    public void close() {
        stop();
    }

    /** Builds {@link Workflows}. Not thread-safe. */
    public static final class Builder {
        private AgentRegistry agents;
        private EventBus eventBus;
        private Ledger ledger;
        private Clock clock = Clock.systemUTC();
        private Scheduler scheduler;
        private Path dataDirectory;
        private int maxConcurrentRuns = 1000;
        private int queueCapacity = 10_000;
        private boolean installExamples = true;
        private Duration retention = Duration.ofDays(30);
        private String eventSource = "chainbot-001";
        private DoubleSupplier random;

        private Builder() {
        }

        public Builder agents(AgentRegistry v) {
            agents = v;
            return this;
        }

        public Builder eventBus(EventBus v) {
            eventBus = v;
            return this;
        }

        public Builder ledger(Ledger v) {
            ledger = v;
            return this;
        }

        public Builder clock(Clock v) {
            clock = v;
            return this;
        }

        public Builder scheduler(Scheduler v) {
            scheduler = v;
            return this;
        }

        /** The module's data directory; the engine uses {@code workflows/}, {@code workflows-db*} and {@code workflows-journal.log} in it. */
        public Builder dataDirectory(Path v) {
            dataDirectory = v;
            return this;
        }

        public Builder maxConcurrentRuns(int v) {
            maxConcurrentRuns = v;
            return this;
        }

        public Builder queueCapacity(int v) {
            queueCapacity = v;
            return this;
        }

        public Builder installExamples(boolean v) {
            installExamples = v;
            return this;
        }

        /** Finished runs older than this are deleted; {@code null} keeps them all. */
        public Builder retention(Duration v) {
            retention = v;
            return this;
        }

        public Builder eventSource(String v) {
            eventSource = v;
            return this;
        }

        /** Random numbers in [0, 1) for retry jitter (tests pass a fixed one). */
        public Builder random(DoubleSupplier v) {
            random = v;
            return this;
        }

        /** Reads the settings of a {@code chainbot.workflows} section (absent keys keep the builder's values). */
        public Builder config(ConfigSection c) {
            maxConcurrentRuns = c.integer("max_concurrent_runs", maxConcurrentRuns, 1, 100_000);
            queueCapacity = c.integer("queue_capacity", queueCapacity, 0, 1_000_000);
            installExamples = c.bool("install_examples", installExamples);
            if (c.has("retention") && c.string("retention", "").equalsIgnoreCase("forever")) {
                retention = null;
            } else {
                retention = c.duration("retention", retention, Duration.ofMinutes(1), Duration.ofDays(3650));
            }
            eventSource = c.string("event_source", eventSource);
            return this;
        }

        /**
         * Opens the database, loads definitions and resumes unfinished runs.
         *
         * @throws NullPointerException when agents, scheduler or data directory is missing
         */
        public Workflows start() {
            Objects.requireNonNull(agents, "agents");
            Objects.requireNonNull(scheduler, "scheduler");
            Objects.requireNonNull(dataDirectory, "dataDirectory");
            DefaultWorkflowEngine e = new DefaultWorkflowEngine(agents, eventBus, ledger, clock, scheduler, dataDirectory,
                    new EngineSettings(maxConcurrentRuns, queueCapacity, installExamples, retention, eventSource), random);
            e.recover();
            return new Workflows(e, clock);
        }
    }
}
