package dev.alexos.core.internal.runtime;

import dev.alexos.core.Health;
import dev.alexos.core.compliance.ComplianceCheck;
import dev.alexos.core.config.ConfigException;
import dev.alexos.core.dashboard.DashboardTab;
import dev.alexos.core.http.ApiRoute;
import dev.alexos.core.internal.plugin.PluginHost;
import dev.alexos.core.plugin.AlexOsModule;
import dev.alexos.core.plugin.PluginInfo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts and stops the modules of one runtime: programmatic ones, then those of drop-in
 * plugins, then classpath ones. A module whose {@code start} throws {@link ConfigException}
 * stops start-up (the modules already started are stopped again and the exception rethrown);
 * any other failure marks that module failed and the others go on. Not thread-safe: called by
 * the runtime under its own lock; the read methods may be called from any thread after start.
 */
public final class ModuleRunner {
    /** Source of modules passed to the builder. */
    public static final String SOURCE_PROGRAMMATIC = "programmatic";

    private static final Logger LOG = LoggerFactory.getLogger(ModuleRunner.class);
    private static final Pattern MODULE_ID = Pattern.compile("[a-z0-9_]+");
    private static final Set<String> RESERVED = Set.of("core", "app", "ledger", "event_bus");

    private final RuntimeServices services;
    private final PluginHost host;
    private final List<Handle> handles = new ArrayList<>();
    private volatile List<Handle> published = List.of();

    /** One module and how it fares. */
    private static final class Handle {
        final AlexOsModule module;
        final String id;
        final String source;
        final String pluginId;
        final String version;
        DefaultModuleContext context;
        volatile String state = "created";
        volatile String error;

        Handle(AlexOsModule module, String id, String source, String pluginId, String version) {
            this.module = module;
            this.id = id;
            this.source = source;
            this.pluginId = pluginId;
            this.version = version;
        }
    }

    public ModuleRunner(RuntimeServices services, PluginHost host) {
        this.services = services;
        this.host = host;
    }

    /**
     * Finds and starts every module.
     *
     * @throws ConfigException from a module's {@code start}, after stopping what was started
     */
    public void start(List<AlexOsModule> programmatic) {
        for (AlexOsModule m : programmatic) {
            add(m, SOURCE_PROGRAMMATIC, null, null);
        }
        for (PluginHost.Discovered d : host.discover()) {
            add(d.module(), d.source(), d.pluginId(), d.version());
        }
        published = List.copyOf(handles);
        for (Handle h : handles) {
            if (h.state.equals("created")) {
                startOne(h);
            }
        }
    }

    private void add(AlexOsModule module, String source, String pluginId, String version) {
        String id;
        try {
            id = Objects.requireNonNull(module.id(), "module id");
        } catch (RuntimeException | LinkageError e) {
            id = module.getClass().getName();
        }
        Handle h = new Handle(module, id, source, pluginId, version);
        handles.add(h);
        String problem = null;
        if (!MODULE_ID.matcher(id).matches()) {
            problem = "invalid module id '" + id + "': use lower-case letters, digits and '_'";
        } else if (RESERVED.contains(id)) {
            problem = "module id '" + id + "' is reserved by the core";
        } else {
            for (Handle other : handles) {
                if (other != h && other.id.equals(id) && !other.state.equals("failed")) {
                    problem = "module id '" + id + "' is already provided by " + describe(other);
                }
            }
        }
        if (problem != null) {
            h.state = "failed";
            h.error = problem;
            LOG.error("module from {} not started: {}", describe(h), problem);
        }
    }

    private void startOne(Handle h) {
        Path dir = services.dataDirectory().resolve(h.id);
        try {
            Files.createDirectories(dir);
            h.context = new DefaultModuleContext(h.id, services, services.config().section(h.id), dir,
                    new ModuleAgents(services.registry(), h.id), host);
            h.state = "starting";
            h.module.start(h.context);
            h.context.freeze();
            h.state = "started";
            LOG.info("module '{}' started ({})", h.id, describe(h));
        } catch (ConfigException e) {
            h.state = "failed";
            h.error = e.getMessage();
            stop();
            throw e;
        } catch (IOException e) {
            fail(h, "cannot create data directory " + dir + ": " + e.getMessage(), e);
        } catch (Exception | LinkageError e) {
            fail(h, Objects.toString(e.getMessage(), e.getClass().getSimpleName()), e);
        }
    }

    private void fail(Handle h, String error, Throwable e) {
        if (h.context != null) {
            h.context.freeze();
            h.context.moduleAgents().unregisterAll();
        }
        h.state = "failed";
        h.error = error;
        LOG.error("module '{}' ({}) failed to start: {}", h.id, describe(h), error, e);
    }

    /** Stops started modules in reverse order, then their agents. Idempotent. */
    public void stop() {
        for (int i = handles.size() - 1; i >= 0; i--) {
            Handle h = handles.get(i);
            if (h.state.equals("started") || h.state.equals("starting")) {
                try {
                    h.module.stop();
                } catch (RuntimeException | LinkageError e) {
                    LOG.warn("module '{}' threw while stopping", h.id, e);
                }
                h.state = "stopped";
            }
            if (h.context != null) {
                h.context.moduleAgents().unregisterAll();
            }
        }
    }

    /** The modules that started, in start order. */
    public List<AlexOsModule> modules() {
        return started().stream().map(h -> h.module).toList();
    }

    public List<ApiRoute> routes() {
        return started().stream().flatMap(h -> h.context.routes().stream()).toList();
    }

    public List<DashboardTab> dashboardTabs() {
        return started().stream().flatMap(h -> h.context.tabs().stream()).toList();
    }

    public List<ComplianceCheck> complianceChecks() {
        return started().stream().flatMap(h -> h.context.checks().stream()).toList();
    }

    /** Health of every module by id; a failed module is unhealthy with its reason. */
    public Map<String, Health> health() {
        Map<String, Health> out = new LinkedHashMap<>();
        for (Handle h : published) {
            if (out.containsKey(h.id)) {
                continue;
            }
            out.put(h.id, switch (h.state) {
                case "started" -> moduleHealth(h);
                case "failed" -> Health.unhealthy("failed to start: " + h.error);
                default -> Health.unhealthy(h.state);
            });
        }
        return out;
    }

    private static Health moduleHealth(Handle h) {
        try {
            Health health = h.module.health();
            return health == null ? Health.healthy() : health;
        } catch (RuntimeException | LinkageError e) {
            return Health.unhealthy("health check failed: " + e.getMessage());
        }
    }

    /**
     * Plugins and modules: one entry per PF4J plugin (with the modules it contributed), one per
     * classpath or programmatic module.
     */
    public List<PluginInfo> plugins() {
        List<PluginInfo> out = new ArrayList<>();
        for (PluginInfo p : host.plugins()) {
            List<Handle> own = published.stream().filter(h -> p.id().equals(h.pluginId)).toList();
            String error = p.error();
            String state = p.state();
            for (Handle h : own) {
                if (h.state.equals("failed")) {
                    state = "failed";
                    error = error == null ? h.error : error;
                }
            }
            out.add(new PluginInfo(p.id(), p.version(), p.source(), state, own.stream().map(h -> h.id).toList(), error));
        }
        for (Handle h : published) {
            if (h.pluginId == null) {
                out.add(new PluginInfo(h.id, version(h.module), h.source, h.state, List.of(h.id), h.error));
            }
        }
        return out;
    }

    private List<Handle> started() {
        return published.stream().filter(h -> h.state.equals("started") && h.context != null).toList();
    }

    private static String version(AlexOsModule m) {
        return m.getClass().getPackage() == null ? null : m.getClass().getPackage().getImplementationVersion();
    }

    private static String describe(Handle h) {
        return h.pluginId != null ? "plugin " + h.pluginId : h.source + " " + h.module.getClass().getName();
    }
}
