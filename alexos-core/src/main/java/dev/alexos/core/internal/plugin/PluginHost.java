package dev.alexos.core.internal.plugin;

import dev.alexos.core.plugin.AlexOsModule;
import dev.alexos.core.plugin.PluginInfo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.pf4j.PluginManager;
import org.pf4j.PluginWrapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds {@link AlexOsModule}s with PF4J: in drop-in plugin jars of a plugins directory, and as
 * extensions on the classpath (modules used as plain Maven dependencies, indexed in
 * {@code META-INF/extensions.idx} by PF4J's annotation processor).
 *
 * <p>Each host has its own PF4J plugin manager and so its own class loaders: two runtimes in
 * one JVM do not share plugins, and {@link #close()} stops and unloads this host's plugins
 * (closing their class loaders). {@link #discover()} is not thread-safe (the runtime calls it
 * from start); {@link #extensions} may be called from module threads.
 */
public final class PluginHost implements AutoCloseable {
    /** Source of modules found in plugin jars. */
    public static final String SOURCE_PLUGINS_DIR = "plugins-dir";
    /** Source of modules found on the classpath. */
    public static final String SOURCE_CLASSPATH = "classpath";

    private static final Logger LOG = LoggerFactory.getLogger(PluginHost.class);

    private final Path pluginsDirectory;
    private final boolean classpath;
    private final Path managerRoot;
    private PluginManager manager;
    private List<PluginInfo> rejected = List.of();

    /**
     * A module found by the host.
     *
     * @param module a new instance of the module
     * @param source {@link #SOURCE_PLUGINS_DIR} or {@link #SOURCE_CLASSPATH}
     * @param pluginId the PF4J plugin id, or {@code null} for classpath modules
     * @param version the plugin's version, or {@code null}
     */
    public record Discovered(AlexOsModule module, String source, String pluginId, String version) {
    }

    /**
     * @param pluginsDirectory where drop-in plugins are, or {@code null} for none
     * @param classpath whether to look for modules on the classpath
     * @param scratchRoot PF4J's root when there is no plugins directory (PF4J wants one; it is
     *     never scanned)
     */
    public PluginHost(Path pluginsDirectory, boolean classpath, Path scratchRoot) {
        this.pluginsDirectory = pluginsDirectory;
        this.classpath = classpath;
        this.managerRoot = pluginsDirectory != null ? pluginsDirectory : scratchRoot;
    }

    /**
     * Loads and starts the plugins of the directory and collects every module: the plugins'
     * first (in load order), then the classpath's. A plugin that fails to load or start is
     * logged by PF4J and listed by {@link #plugins()} with its state; it contributes nothing.
     */
    public List<Discovered> discover() {
        if (pluginsDirectory == null && !classpath) {
            return List.of();
        }
        if (manager != null) {
            throw new IllegalStateException("plugins already discovered");
        }
        manager = new AlexOsPluginManager(managerRoot);
        List<Discovered> found = new ArrayList<>();
        if (pluginsDirectory != null && Files.isDirectory(pluginsDirectory)) {
            manager.loadPlugins();
            rejected = RejectedPlugins.find(pluginsDirectory,
                    manager.getPlugins().stream().map(p -> p.getPluginPath().toAbsolutePath().normalize())
                            .collect(java.util.stream.Collectors.toSet()),
                    manager.getPlugins().stream().map(PluginWrapper::getPluginId)
                            .collect(java.util.stream.Collectors.toSet()));
            rejected.forEach(r -> LOG.warn("plugin file {} not loaded: {}", r.id(), r.error()));
            manager.startPlugins();
            for (PluginWrapper p : manager.getStartedPlugins()) {
                for (AlexOsModule m : manager.getExtensions(AlexOsModule.class, p.getPluginId())) {
                    found.add(new Discovered(m, SOURCE_PLUGINS_DIR, p.getPluginId(), p.getDescriptor().getVersion()));
                }
            }
        } else if (pluginsDirectory != null) {
            LOG.warn("plugins directory {} does not exist: no drop-in plugins loaded", pluginsDirectory);
        }
        if (classpath) {
            // A null plugin id asks PF4J for the extensions of the application class path only.
            for (AlexOsModule m : manager.getExtensions(AlexOsModule.class, null)) {
                found.add(new Discovered(m, SOURCE_CLASSPATH, null, null));
            }
        }
        return found;
    }

    /**
     * PF4J plugins of the directory with their state (modules are filled in by the runtime),
     * then the jars PF4J could not load, as {@code failed} with the reason.
     */
    public List<PluginInfo> plugins() {
        if (manager == null) {
            return List.of();
        }
        List<PluginInfo> out = new ArrayList<>();
        for (PluginWrapper p : manager.getPlugins()) {
            Throwable failure = p.getFailedException();
            out.add(new PluginInfo(p.getPluginId(), p.getDescriptor().getVersion(), SOURCE_PLUGINS_DIR,
                    p.getPluginState().toString().toLowerCase(Locale.ROOT), List.of(),
                    failure == null ? null : Objects.toString(failure.getMessage(), failure.getClass().getSimpleName())));
        }
        out.addAll(rejected);
        return out;
    }

    /**
     * New instances of the extensions of {@code type}: those of each started plugin (in load
     * order), then, if this host scans the classpath, the classpath's. Empty before
     * {@link #discover()} or when the host looks nowhere.
     */
    public synchronized <T> List<T> extensions(Class<T> type) {
        Objects.requireNonNull(type, "type");
        if (manager == null) {
            return List.of();
        }
        List<T> out = new ArrayList<>();
        for (PluginWrapper p : manager.getStartedPlugins()) {
            out.addAll(manager.getExtensions(type, p.getPluginId()));
        }
        if (classpath) {
            out.addAll(manager.getExtensions(type, null));
        }
        return out;
    }

    /** The class loader of a loaded plugin, or {@code null}. */
    public ClassLoader classLoader(String pluginId) {
        return manager == null || manager.getPlugin(pluginId) == null ? null : manager.getPluginClassLoader(pluginId);
    }

    /** Stops and unloads every plugin (their class loaders are closed). Idempotent. */
    @Override
    public synchronized void close() {
        if (manager == null) {
            return;
        }
        // One by one, newest first: PF4J 3.15's stopPlugins() trips over its own list
        // (ConcurrentModificationException) and would leave class loaders open.
        List<PluginWrapper> loaded = new ArrayList<>(manager.getPlugins());
        java.util.Collections.reverse(loaded);
        for (PluginWrapper p : loaded) {
            try {
                manager.unloadPlugin(p.getPluginId());
            } catch (RuntimeException e) {
                LOG.warn("unloading plugin '{}' failed", p.getPluginId(), e);
            }
        }
        manager = null;
        rejected = List.of();
    }
}
