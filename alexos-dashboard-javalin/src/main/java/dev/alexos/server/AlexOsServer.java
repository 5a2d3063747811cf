package dev.alexos.server;

import dev.alexos.core.AgentRegistry;
import dev.alexos.core.AlexOs;
import dev.alexos.core.compliance.ComplianceCheck;
import dev.alexos.core.config.AlexOsConfig;
import dev.alexos.core.config.ConfigException;
import dev.alexos.core.dashboard.DashboardTab;
import dev.alexos.core.event.EventBus;
import dev.alexos.core.http.ApiRoute;
import dev.alexos.core.ledger.Ledger;
import dev.alexos.core.plugin.AlexOsModule;
import dev.alexos.core.plugin.ModuleContext;
import dev.alexos.server.internal.HostRuntime;
import dev.alexos.server.internal.JavalinHost;
import dev.alexos.server.internal.ServerSettings;
import dev.alexos.server.internal.auth.AuthService;
import dev.alexos.server.internal.auth.LoginRateLimiter;
import dev.alexos.server.internal.auth.ServerComplianceChecks;
import dev.alexos.server.internal.auth.SessionStore;
import dev.alexos.server.internal.auth.TokenStore;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ALEX OS reference server: an {@link AlexOs} runtime (Watchtower, ChainBot and any plugin of
 * the plugins directory) served over HTTP by Javalin — {@code /api/*}, {@code /ws},
 * {@code /metrics}, the dashboard and {@code /login}.
 *
 * <pre>{@code
 * try (AlexOsServer server = AlexOsServer.builder()
 *         .config(AlexOsConfig.load(Path.of("config/alexos.yml"), System.getenv()))
 *         .build()
 *         .start()) {
 *     System.out.println(server.url());
 * }
 * }</pre>
 *
 * <p>Defaults: bind {@code 127.0.0.1} (so a fresh install is not reachable from the network
 * before its admin has the token; set {@code ALEXOS_BIND=0.0.0.0} to expose it), port 8000
 * ({@code WATCHTOWER_PORT}). On first start with no token configured, an admin token is
 * generated, stored hashed in {@code <data>/auth/tokens.json} and printed once.
 *
 * <p>{@link #close()} stops accepting connections, lets in-flight requests finish, closes
 * WebSocket clients, then stops the runtime (modules, agents, bus, ledger flush). Not
 * thread-safe for start/close; serving is concurrent.
 */
public final class AlexOsServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AlexOsServer.class);

    private final Builder b;
    private AlexOs os;
    private JavalinHost host;
    private TokenStore tokens;
    private ServerSettings settings;

    private AlexOsServer(Builder b) {
        this.b = b;
    }

    /** A builder with an empty configuration. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Starts the runtime and the HTTP server; prints the dashboard URL (and a newly generated
     * admin token) to the builder's console.
     *
     * @throws ConfigException for invalid configuration, including {@code ALEXOS_AUTH=open} on a
     *     non-loopback bind
     * @throws IllegalStateException when already started
     */
    public synchronized AlexOsServer start() {
        if (os != null) {
            throw new IllegalStateException("the server is already started");
        }
        ServerSettings base = ServerSettings.from(b.config.section("server"), Path.of("."));
        ServerModule module = new ServerModule();
        AlexOs.Builder rb = AlexOs.builder().config(b.config).module(module);
        if (b.dataDirectory != null) {
            rb.dataDirectory(b.dataDirectory);
        }
        if (b.pluginsDirectory != null) {
            rb.pluginsDirectory(b.pluginsDirectory);
        }
        b.runtime.accept(rb);
        AlexOs runtime = rb.build();
        settings = new ServerSettings(b.bind != null ? b.bind : base.bind(), b.port != null ? b.port : base.port(),
                base.openAuth(), base.debug(), base.maxBodyBytes(), base.sessionTtl(), base.wsQueueCapacity(),
                base.wsMaxInFlight(), base.loginFailuresPerMinute(), runtime.dataDirectory());
        if (settings.openAuth() && !ServerSettings.isLoopback(settings.bind())) {
            throw new ConfigException("server.auth (ALEXOS_AUTH)", "open",
                    "open authentication is only allowed when binding to loopback; the bind address is '" + settings.bind() + "'");
        }
        SecureRandom random = new SecureRandom();
        tokens = TokenStore.load(b.config.section("server"), runtime.dataDirectory(), random, runtime.clock());
        module.checks.addAll(ServerComplianceChecks.of(settings, tokens, b.config.section("server"), b.configFile));
        runtime.start();
        try {
            AuthService auth = new AuthService(tokens, new SessionStore(random, runtime.clock(), settings.sessionTtl()),
                    new LoginRateLimiter(settings.loginFailuresPerMinute(), runtime.clock()), runtime.ledger(),
                    settings.openAuth());
            host = new JavalinHost(settings, adapt(runtime), auth);
            host.start();
        } catch (RuntimeException e) {
            runtime.close();
            throw e;
        }
        os = runtime;
        announce();
        return this;
    }

    private void announce() {
        PrintStream out = b.console;
        out.println();
        out.println("ALEX OS is running. Dashboard: " + url() + "dashboard/");
        if (settings.openAuth()) {
            out.println("Authentication is OFF (ALEXOS_AUTH=open, loopback only).");
        } else if (tokens.generatedToken().isPresent()) {
            // printed to the console only, never logged: the log file outlives the terminal
            out.println("Admin token (shown once; stored hashed in " + tokens.file() + "):");
            out.println("    " + tokens.generatedToken().get());
        } else {
            out.println("Log in with an API token (ALEXOS_API_TOKEN, server.tokens, or the admin token printed at first start).");
        }
        out.println();
        out.flush();
    }

    private static HostRuntime adapt(AlexOs os) {
        return new HostRuntime() {
            public List<ApiRoute> routes() {
                return os.routes();
            }

            public List<DashboardTab> dashboardTabs() {
                return os.dashboardTabs();
            }

            public EventBus eventBus() {
                return os.eventBus();
            }

            public Ledger ledger() {
                return os.ledger();
            }

            public AgentRegistry agents() {
                return os.agents();
            }
        };
    }

    /** The runtime being served. */
    public AlexOs runtime() {
        return Objects.requireNonNull(os, "not started");
    }

    /** The bound port. */
    public int port() {
        return host.port();
    }

    /** {@code http://<host>:<port>/}. */
    public String url() {
        String h = settings.bind().contains(":") ? "[" + settings.bind() + "]" : settings.bind();
        if (h.equals("0.0.0.0") || h.equals("[::]")) {
            h = "127.0.0.1";
        }
        return "http://" + h + ":" + port() + "/";
    }

    /** Every API route served (the runtime's and the server's own), sorted by path. */
    public List<ApiRoute> routes() {
        return host.routes();
    }

    /** Non-API endpoints the server also answers (dashboard, login, WebSocket), as {@code METHOD path}. */
    public static List<String> hostEndpoints() {
        return JavalinHost.HOST_ENDPOINTS;
    }

    /** Stops the HTTP server gracefully, then the runtime. Idempotent. */
    @Override
    public synchronized void close() {
        if (host != null) {
            try {
                host.stop();
            } catch (RuntimeException e) {
                LOG.warn("stopping the HTTP server: {}", e.toString());
            }
            host = null;
        }
        if (os != null) {
            os.close();
            os = null;
            LOG.info("stopped: HTTP server closed, modules and agents stopped, ledger flushed");
        }
    }

    /**
     * Runs the server until the JVM stops. Configuration: {@code ALEXOS_CONFIG}, else
     * {@code ./config/alexos.yml} when present, with the environment on top.
     */
    public static void main(String[] args) {
        String env = System.getenv("ALEXOS_CONFIG");
        Path file = env != null && !env.isBlank() ? Path.of(env)
                : Files.exists(Path.of("config", "alexos.yml")) ? Path.of("config", "alexos.yml") : null;
        AlexOsServer server;
        try {
            AlexOsConfig config = AlexOsConfig.load(file, System.getenv());
            server = builder().config(config).configFile(file).build().start();
        } catch (ConfigException e) {
            System.err.println("ALEX OS cannot start: invalid configuration: " + e.getMessage());
            System.exit(2);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(server::close, "alexos-shutdown"));
    }

    /** The server's own module: contributes its compliance checks. */
    private static final class ServerModule implements AlexOsModule {
        final List<ComplianceCheck> checks = new ArrayList<>();

        public String id() {
            return "server";
        }

        public void start(ModuleContext context) {
            checks.forEach(context::addComplianceCheck);
        }
    }

    /** Builds {@link AlexOsServer}s. Not thread-safe. */
    public static final class Builder {
        private AlexOsConfig config = AlexOsConfig.empty();
        private Path configFile;
        private Path dataDirectory;
        private Path pluginsDirectory;
        private Integer port;
        private String bind;
        private PrintStream console = System.out;
        private Consumer<AlexOs.Builder> runtime = r -> { };

        private Builder() {
        }

        /** The configuration (YAML + environment); default empty. */
        public Builder config(AlexOsConfig value) {
            this.config = Objects.requireNonNull(value, "config");
            return this;
        }

        /** The file the configuration came from, for the secrets-hygiene check; may be null. */
        public Builder configFile(Path value) {
            this.configFile = value;
            return this;
        }

        /** Overrides {@code data_dir}. */
        public Builder dataDirectory(Path value) {
            this.dataDirectory = value;
            return this;
        }

        /** Overrides {@code plugins_dir}. */
        public Builder pluginsDirectory(Path value) {
            this.pluginsDirectory = value;
            return this;
        }

        /** Overrides {@code server.port}; 0 picks a free port. */
        public Builder port(int value) {
            this.port = value;
            return this;
        }

        /** Overrides {@code server.bind}. */
        public Builder bind(String value) {
            this.bind = value;
            return this;
        }

        /** Where the start-up banner (URL, generated token) goes; default {@code System.out}. */
        public Builder console(PrintStream value) {
            this.console = Objects.requireNonNull(value, "console");
            return this;
        }

        /** Further runtime settings (extra modules, agents, clock). */
        public Builder runtime(Consumer<AlexOs.Builder> value) {
            this.runtime = Objects.requireNonNull(value, "runtime");
            return this;
        }

        public AlexOsServer build() {
            return new AlexOsServer(this);
        }
    }
}
