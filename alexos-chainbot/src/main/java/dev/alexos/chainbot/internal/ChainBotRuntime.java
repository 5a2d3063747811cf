package dev.alexos.chainbot.internal;

import dev.alexos.chainbot.FrameworkAgentType;
import dev.alexos.chainbot.internal.ai.AiAgent;
import dev.alexos.chainbot.internal.ai.AiAgentSpec;
import dev.alexos.chainbot.internal.framework.ApiType;
import dev.alexos.chainbot.internal.framework.AssistantType;
import dev.alexos.chainbot.internal.framework.DataProcessorType;
import dev.alexos.chainbot.internal.framework.DefaultAgentSpawner;
import dev.alexos.chainbot.internal.framework.WorkflowType;
import dev.alexos.chainbot.internal.http.AgentRoutes;
import dev.alexos.chainbot.internal.http.StatusRoutes;
import dev.alexos.chainbot.internal.http.ThreadRoutes;
import dev.alexos.chainbot.internal.llm.Providers;
import dev.alexos.chainbot.internal.remote.ConnectorWorkflows;
import dev.alexos.chainbot.internal.remote.RemoteClient;
import dev.alexos.chainbot.internal.remote.RemoteConnector;
import dev.alexos.chainbot.internal.remote.RemoteSettings;
import dev.alexos.chainbot.internal.session.AgentMessenger;
import dev.alexos.chainbot.internal.session.ContextWindow;
import dev.alexos.chainbot.internal.session.EntanglementService;
import dev.alexos.chainbot.internal.session.SessionService;
import dev.alexos.chainbot.internal.store.ChainBotDatabase;
import dev.alexos.chainbot.internal.store.SpawnStore;
import dev.alexos.chainbot.internal.store.ThreadStore;
import dev.alexos.chainbot.internal.workflow.RemoteWorkflows;
import dev.alexos.chainbot.internal.workflow.WorkflowRoutes;
import dev.alexos.chainbot.workflow.WorkflowEngine;
import dev.alexos.chainbot.workflow.Workflows;
import dev.alexos.core.AgentContext;
import dev.alexos.core.AgentRegistry;
import dev.alexos.core.Health;
import dev.alexos.core.config.ConfigSection;
import dev.alexos.core.config.Secret;
import dev.alexos.core.dashboard.AssetSource;
import dev.alexos.core.dashboard.DashboardTab;
import dev.alexos.core.http.ApiRoute;
import dev.alexos.core.http.Role;
import dev.alexos.core.json.Json;
import dev.alexos.core.plugin.ModuleContext;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything ChainBot's agents side runs, wired from one {@link ModuleContext}: providers, AI
 * agents, the spawner and its types, sessions, entanglements, the remote connector, the system
 * agent and the routes. Built and started by {@code ChainBotModule}; not thread-confined after
 * start (each part is thread-safe).
 *
 * <p>Start-up is split so that the server does not wait for H2: {@link #start()} registers the
 * agents and routes and returns, while one background thread ({@code chainbot-start}) opens the
 * ChainBot database, restores the spawned framework agents, then starts the workflow engine
 * (its own store, recovery of unfinished runs). Until that is done {@link #health()} is
 * {@code degraded} with the message {@code starting}; work that needs a store or the engine
 * waits for it meanwhile (the engine's callers up to {@link #STORE_WAIT}, then 503).
 */
public final class ChainBotRuntime {
    private static final Logger LOG = LoggerFactory.getLogger(ChainBotRuntime.class);
    /** How long a request waits for the workflow engine that is still starting. */
    static final Duration STORE_WAIT = Duration.ofSeconds(60);
    private final ModuleContext ctx;
    private final AgentContext self;
    private final ChainBotDatabase db;
    private final Providers providers;
    private final List<AiAgent> aiAgents = new ArrayList<>();
    private final DefaultAgentSpawner spawner;
    private final Optional<RemoteConnector> remote;
    private final Optional<RemoteWorkflows> remoteWorkflows;
    private final SessionService sessions;
    private final EntanglementService entanglements;
    private final Duration messageTimeout;
    private final ExecutorService starter;
    private final CompletableFuture<WorkflowEngine> engineStarted = new CompletableFuture<>();
    private volatile CompletableFuture<Void> started;
    private volatile Throwable startFailure;
    private volatile LocalWorkflows localWorkflows = LocalWorkflows.NONE;
    private volatile Workflows workflows;

    /** Reads the configuration (throwing {@link dev.alexos.core.config.ConfigException} when invalid) and builds. */
    public ChainBotRuntime(ModuleContext ctx, List<FrameworkAgentType> extraTypes) throws Exception {
        this(ctx, extraTypes, Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "chainbot-start");
            t.setDaemon(true);
            return t;
        }));
    }

    /** With the executor the background part of the start runs on (tests hold it back); shut down after start. */
    ChainBotRuntime(ModuleContext ctx, List<FrameworkAgentType> extraTypes, ExecutorService starter) throws Exception {
        this.ctx = ctx;
        this.starter = starter;
        ConfigSection c = ctx.config();
        messageTimeout = c.duration("message_timeout", Duration.ofSeconds(120), Duration.ofMillis(100), Duration.ofHours(1));
        ContextWindow window = new ContextWindow(c.integer("context_messages", 20, 1, 500),
                c.integer("context_chars", 12_000, 500, 2_000_000));
        Optional<RemoteSettings> remoteSettings = RemoteSettings.read(c);
        List<AiAgentSpec> aiSpecs = AiAgentSpec.readAll(c);
        // built on first use: building one initialises TLS, and nothing may ever need it
        HttpClient http = new LazyHttpClient(() -> HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
                .followRedirects(HttpClient.Redirect.NORMAL).build());
        providers = new Providers(c.section("providers"), http, ctx.scheduler(), ctx.clock());
        ConfigSection secrets = c.section("secrets");
        self = ctx.agentContext(ChainBotSystemAgent.ID);
        AgentRegistry registry = ctx.agents();
        Supplier<String> ids = () -> UUID.randomUUID().toString().substring(0, 8);
        for (AiAgentSpec spec : aiSpecs) {
            aiAgents.add(new AiAgent(spec, providers.get(spec.provider()).map(p -> p)));
        }
        remote = remoteSettings.map(s -> new RemoteConnector(s, new RemoteClient(s, http), registry, ctx.scheduler(),
                ctx.clock(), self::publish));
        // the route gives up a little after the HTTP call itself would have timed out (504 either way)
        remoteWorkflows = remote.map(r -> new ConnectorWorkflows(r,
                remoteSettings.orElseThrow().executeTimeout().plusSeconds(5)));
        // H2 opens on the start thread while the rest of the server starts; the stores wait for it
        db = ChainBotDatabase.openIn(ctx.dataDirectory(), starter);
        try {
            spawner = build(registry, secrets, http, extraTypes, ids);
        } catch (RuntimeException | Error e) {
            starter.shutdown();
            db.close();
            throw e;
        }
        AgentMessenger messenger = new AgentMessenger(registry, ctx.scheduler());
        ThreadStore threads = new ThreadStore(db);
        sessions = new SessionService(threads, messenger, self, window, messageTimeout, ids);
        entanglements = new EntanglementService(threads, messenger, self, messageTimeout, ids);
    }

    private DefaultAgentSpawner build(AgentRegistry registry, ConfigSection secrets, HttpClient http,
            List<FrameworkAgentType> extraTypes, Supplier<String> ids) {
        DefaultAgentSpawner spawner = new DefaultAgentSpawner(registry, new SpawnStore(db), ctx.ledger(), ctx.clock(), ids);
        spawner.registerType(new AssistantType(registry, () -> aiAgents.stream().map(a -> a.descriptor().id()).toList()));
        spawner.registerType(new DataProcessorType());
        spawner.registerType(new ApiType(http, name -> secrets.secret(name).filter(s -> !s.isEmpty())));
        spawner.registerType(new WorkflowType(new CompositeWorkflowRunner(() -> localWorkflows, remote)));
        for (FrameworkAgentType t : extraTypes) {
            spawner.registerType(t);
        }
        // types other plugin jars contribute (@Extension): the ones registered above win
        for (FrameworkAgentType t : ctx.extensions(FrameworkAgentType.class)) {
            if (spawner.types().containsKey(t.type())) {
                LOG.warn("framework agent type '{}' from {} ignored: already registered", t.type(), t.getClass().getName());
            } else {
                spawner.registerType(t);
                LOG.info("framework agent type '{}' from plugin class {}", t.type(), t.getClass().getName());
            }
        }
        return spawner;
    }

    /**
     * Registers agents and routes and starts the connector; the stores, the restore of spawned
     * agents and the workflow engine start in the background ({@link #awaitStarted}).
     */
    public void start() {
        AgentRegistry registry = ctx.agents();
        registry.register(new ChainBotSystemAgent(this::health, () -> new StatusRoutes(this).status()));
        aiAgents.forEach(registry::register);
        WorkflowEngine engine = new StartingWorkflowEngine(engineStarted, STORE_WAIT);
        localWorkflows = new EngineWorkflows(engine);
        // the engine's routes, with the remote's workflows beside the local ones as remote:<id>
        for (ApiRoute r : new WorkflowRoutes(engine, ctx.clock(), remoteWorkflows).routes()) {
            ctx.addRoute(r);
        }
        for (ApiRoute r : new StatusRoutes(this).routes()) {
            ctx.addRoute(r);
        }
        for (ApiRoute r : new AgentRoutes(this).routes()) {
            ctx.addRoute(r);
        }
        for (ApiRoute r : new ThreadRoutes(this).routes()) {
            ctx.addRoute(r);
        }
        ctx.addDashboardTab(new DashboardTab("chainbot", "ChainBot", "tab.js", 30, Role.VIEWER,
                AssetSource.classpath(ChainBotRuntime.class.getClassLoader(), "alexos/tabs/chainbot/")));
        remote.ifPresent(RemoteConnector::start);
        started = CompletableFuture.runAsync(this::startStores, starter).whenComplete((v, e) -> {
            if (e != null) {
                Throwable cause = e.getCause() != null ? e.getCause() : e;
                startFailure = cause;
                engineStarted.completeExceptionally(cause);
                LOG.error("ChainBot's stores did not start: {}", cause.getMessage(), cause);
            }
        });
        starter.shutdown(); // the thread ends after the start task
    }

    /** On the start thread: the database, spawned agents, then the engine (runs it resumes may target them). */
    private void startStores() {
        try {
            db.awaitOpen();
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException("ChainBot database did not open: " + e.getMessage(), e);
        }
        int restored = spawner.restore();
        Workflows w = Workflows.start(ctx);
        workflows = w;
        engineStarted.complete(w.engine());
        long notConfigured = aiAgents.stream().filter(a -> a.health().status() == Health.Status.NOT_CONFIGURED).count();
        LOG.info("ChainBot started: {} AI agents ({} not configured), {} framework agents restored, remote {}",
                aiAgents.size(), notConfigured, restored, remote.isPresent() ? "configured" : "not configured");
        self.publish("chainbot_started", Json.object().put("agent_id", ChainBotSystemAgent.ID)
                .put("ai_agents", aiAgents.size()).put("framework_agents", spawner.list().size())
                .put("remote_configured", remote.isPresent()));
    }

    /**
     * Waits until the background part of the start is over.
     *
     * @return whether it finished (successfully or not) within {@code timeout}
     */
    public boolean awaitStarted(Duration timeout) {
        CompletableFuture<Void> s = started;
        if (s == null) {
            return false;
        }
        try {
            s.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            return false;
        } catch (java.util.concurrent.ExecutionException e) {
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
        return true;
    }

    /** Stops the connector, unregisters this module's agents and closes the database. Never throws. */
    public void stop() {
        remote.ifPresent(RemoteConnector::stop);
        // a stop during start-up lets the start thread finish first, so nothing is left half-open
        if (started != null && !awaitStarted(STORE_WAIT)) {
            LOG.warn("ChainBot's background start still running after {} s; stopping anyway", STORE_WAIT.toSeconds());
        }
        starter.shutdown();
        Workflows w = workflows;
        if (w != null) {
            w.stop();
        }
        localWorkflows = LocalWorkflows.NONE;
        spawner.unregisterAll();
        AgentRegistry registry = ctx.agents();
        for (AiAgent a : aiAgents) {
            registry.unregister(a.descriptor().id());
        }
        try {
            self.publish("chainbot_stopped", Json.object().put("agent_id", ChainBotSystemAgent.ID));
        } catch (RuntimeException e) {
            LOG.debug("chainbot_stopped not published: {}", e.getMessage());
        }
        registry.unregister(ChainBotSystemAgent.ID);
        db.close();
    }

    /** The module's health: the remote's state when one is configured, plus facts about the agents. */
    public Health health() {
        Map<String, Object> details = new LinkedHashMap<>();
        long notConfigured = aiAgents.stream().filter(a -> a.health().status() == Health.Status.NOT_CONFIGURED).count();
        details.put("ai_agents", Map.of("total", aiAgents.size(), "not_configured", notConfigured));
        details.put("framework_agents", spawner.list().size());
        details.put("providers", providers.names());
        CompletableFuture<Void> s = started;
        if (s == null || !s.isDone()) {
            details.put("state", "starting");
            return new Health(Health.Status.DEGRADED, "starting", details);
        }
        if (s.isCompletedExceptionally()) {
            details.put("state", "failed");
            Throwable why = startFailure;
            return new Health(Health.Status.UNHEALTHY, "failed to start: "
                    + (why == null ? "unknown error" : String.valueOf(why.getMessage())), details);
        }
        Health.Status status = Health.Status.HEALTHY;
        String message = "";
        if (remote.isPresent()) {
            Health rh = remote.get().health();
            details.put("remote", rh.details());
            status = rh.status();
            message = rh.message();
        }
        Workflows w = workflows;
        if (w != null) {
            Health wh = w.health();
            details.put("workflows", wh.details());
            if (wh.status().worst(status) != status) {
                status = wh.status();
                message = wh.message();
            }
        }
        return new Health(status, message, details);
    }

    public ModuleContext context() {
        return ctx;
    }

    public AgentContext self() {
        return self;
    }

    public DefaultAgentSpawner spawner() {
        return spawner;
    }

    public List<AiAgent> aiAgents() {
        return List.copyOf(aiAgents);
    }

    public Providers providers() {
        return providers;
    }

    public Optional<RemoteConnector> remote() {
        return remote;
    }

    public SessionService sessions() {
        return sessions;
    }

    public EntanglementService entanglements() {
        return entanglements;
    }

    public Duration messageTimeout() {
        return messageTimeout;
    }

    public LocalWorkflows localWorkflows() {
        return localWorkflows;
    }

    /** Plugs in the local workflow engine (when the build has one). */
    public void localWorkflows(LocalWorkflows workflows) {
        this.localWorkflows = workflows;
    }

    /** Secrets known to this module, for redaction of text that came from outside. */
    public List<Secret> secrets() {
        List<Secret> out = new ArrayList<>(providers.secrets());
        ctx.config().secret("api_key").ifPresent(out::add);
        return out;
    }
}
