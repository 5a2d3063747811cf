package dev.alexos.testkit;

import dev.alexos.core.Agent;
import dev.alexos.core.AgentInfo;
import dev.alexos.core.AlexOs;
import dev.alexos.core.config.AlexOsConfig;
import dev.alexos.core.internal.agent.DefaultAgentRegistry;
import dev.alexos.core.plugin.AlexOsModule;
import dev.alexos.core.plugin.PluginInfo;
import dev.alexos.testkit.internal.CompatibilityChecks;
import dev.alexos.testkit.internal.Files2;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.ref.WeakReference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * Loads a plugin jar into a real {@link AlexOs} runtime (its plugins directory, its PF4J class
 * loaders) whose clock, scheduler, bus and ledger are the testkit's, so that a test can check
 * what the plugin contributes, run the {@link AgentCompatibilityKit} checks against its agents,
 * unload it and prove that its class loader can be collected (no leaked threads, statics or
 * caches holding its classes).
 *
 * <pre>{@code
 * try (PluginFixture fx = PluginFixture.load(jar, Map.of("httpcheck", Map.of("interval", "30s")))) {
 *   assertThat(fx.plugins()).extracting(PluginInfo::state).containsOnly("started");
 *   fx.checkAgents();
 *   fx.unloadAndAssertCollected(Duration.ofSeconds(10));
 * }
 * }</pre>
 *
 * <p>Not thread-safe: one test drives it.
 */
public final class PluginFixture implements AutoCloseable {
    private final Path work;
    private final Map<String, ?> config;
    private final VirtualClock clock = VirtualClock.create();
    private final VirtualScheduler scheduler = new VirtualScheduler(clock);
    private final CapturingEventBus bus = new CapturingEventBus(clock);
    private final CapturingLedger ledger = new CapturingLedger(clock);
    private final List<WeakReference<ClassLoader>> loaders = new ArrayList<>();
    private AlexOs runtime;

    private PluginFixture(Path jar, Map<String, ?> config) throws IOException {
        this.config = Map.copyOf(config);
        this.work = Files.createTempDirectory("alexos-pluginfixture-");
        Path plugins = Files.createDirectories(work.resolve("plugins"));
        Files.copy(jar, plugins.resolve(jar.getFileName()));
        @SuppressWarnings("unchecked")
        Map<String, Object> values = (Map<String, Object>) (Map<String, ?>) this.config;
        runtime = AlexOs.builder().config(AlexOsConfig.of(values)).pluginsDirectory(plugins)
                .dataDirectory(work.resolve("data")).discoverClasspathModules(false).clock(clock).scheduler(scheduler)
                .eventBus(bus).ledger(ledger).build().start();
        ClassLoader host = PluginFixture.class.getClassLoader();
        for (AlexOsModule m : runtime.modules()) {
            ClassLoader cl = m.getClass().getClassLoader();
            if (cl != host && loaders.stream().noneMatch(r -> r.get() == cl)) {
                loaders.add(new WeakReference<>(cl));
            }
        }
    }

    /**
     * Copies the jar into a fresh plugins directory and starts a runtime on it.
     *
     * @param config the runtime configuration: module id → that module's section
     * @throws UncheckedIOException when the jar cannot be copied
     */
    public static PluginFixture load(Path jar, Map<String, ?> config) {
        try {
            return new PluginFixture(jar, config);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot set up a plugins directory for " + jar, e);
        }
    }

    /** The runtime's plugins with their state ({@code started}, {@code failed}, ...) and modules. */
    public List<PluginInfo> plugins() {
        return runtime().plugins();
    }

    /** The modules that started from plugin jars. */
    public List<String> moduleIds() {
        ClassLoader host = PluginFixture.class.getClassLoader();
        return runtime().modules().stream().filter(m -> m.getClass().getClassLoader() != host)
                .map(AlexOsModule::id).toList();
    }

    /** The agents registered by the plugin's modules. */
    public List<AgentInfo> agents() {
        return runtime().agents().list();
    }

    /** The running runtime, for anything else (routes, tabs, compliance checks). */
    public AlexOs runtime() {
        if (runtime == null) {
            throw new IllegalStateException("the plugin was unloaded");
        }
        return runtime;
    }

    public VirtualClock clock() {
        return clock;
    }

    public CapturingEventBus events() {
        return bus;
    }

    public CapturingLedger ledger() {
        return ledger;
    }

    /**
     * Takes each agent of the plugin out of the runtime and runs every compatibility check on it
     * (in its own {@link AgentTestKit}, with the module's configuration), advancing virtual time
     * by ten minutes as exercise.
     *
     * @throws AssertionError listing every failed check of every agent
     */
    public void checkAgents() {
        checkAgents(kit -> kit.advance(Duration.ofMinutes(10)));
    }

    /** {@link #checkAgents()} with another way to exercise the agents. */
    public void checkAgents(Consumer<AgentTestKit> exercise) {
        List<String> failures = new ArrayList<>();
        DefaultAgentRegistry registry = runtime().agents() instanceof DefaultAgentRegistry d ? d : null;
        List<AgentInfo> infos = agents();
        if (infos.isEmpty()) {
            throw new AssertionError("the plugin registered no agents; modules: " + moduleIds());
        }
        for (AgentInfo info : infos) {
            String module = registry == null ? moduleIds().get(0) : registry.moduleOf(info.id()).orElse("custom");
            Agent agent = runtime().agents().agent(info.id()).orElseThrow();
            runtime().agents().unregister(info.id());
            Object section = config.get(module);
            Map<String, ?> moduleConfig = section instanceof Map<?, ?> m ? copy(m) : Map.of();
            var subject = new CompatibilityChecks.Subject(() -> agent, module, moduleConfig, exercise, null,
                    Duration.ofSeconds(5));
            Map<String, Runnable> checks = new LinkedHashMap<>();
            checks.put("starts and stops cleanly", () -> CompatibilityChecks.startsAndStopsCleanly(subject));
            checks.put("starts and stops repeatedly", () -> CompatibilityChecks.startsAndStopsRepeatedly(subject));
            checks.put("stop is idempotent", () -> CompatibilityChecks.stopIsIdempotent(subject));
            checks.put("descriptor is stable", () -> CompatibilityChecks.descriptorIsStable(subject));
            checks.put("reports health", () -> CompatibilityChecks.reportsHealth(subject));
            checks.put("rejects unknown actions", () -> CompatibilityChecks.rejectsUnknownActions(subject));
            checks.put("emits under its own prefix", () -> CompatibilityChecks.emitsUnderOwnPrefix(subject));
            checks.put("never blocks the bus", () -> CompatibilityChecks.neverBlocksTheBus(subject));
            checks.put("never leaks configured secrets", () -> CompatibilityChecks.neverLeaksConfiguredSecrets(subject));
            checks.forEach((name, check) -> {
                try {
                    check.run();
                } catch (AssertionError | RuntimeException e) {
                    failures.add(info.id() + ": " + name + ": " + e.getMessage());
                }
            });
        }
        if (!failures.isEmpty()) {
            throw new AssertionError(failures.size() + " compatibility check(s) failed:\n  " + String.join("\n  ", failures));
        }
    }

    private static Map<String, Object> copy(Map<?, ?> m) {
        Map<String, Object> out = new LinkedHashMap<>();
        m.forEach((k, v) -> out.put(String.valueOf(k), v));
        return out;
    }

    /**
     * Closes the runtime (stopping modules and agents, unloading the plugins) and waits until
     * the garbage collector has collected every plugin class loader.
     *
     * @throws AssertionError when a class loader is still reachable after {@code deadline}
     */
    public void unloadAndAssertCollected(Duration deadline) {
        if (loaders.isEmpty()) {
            throw new AssertionError("no plugin class loader was seen: did the plugin load? " + plugins());
        }
        AlexOs os = runtime;
        runtime = null;
        if (os != null) {
            os.close();
        }
        os = null;
        long end = System.nanoTime() + deadline.toNanos();
        while (loaders.stream().anyMatch(r -> r.get() != null)) {
            if (System.nanoTime() > end) {
                throw new AssertionError("a plugin class loader was not collected within " + deadline.toMillis()
                        + " ms of unloading: something still references the plugin's classes (a thread it started,"
                        + " a static or cache of the host, e.g. a Jackson mapper that serialized the plugin's own types)");
            }
            System.gc();
            // Give the collector's reference processing a moment; bounded by the deadline above.
            LockSupport.parkNanos(20_000_000L);
        }
    }

    /** Closes the runtime if still open and deletes the temporary directories. Idempotent. */
    @Override
    public void close() {
        if (runtime != null) {
            runtime.close();
            runtime = null;
        }
        scheduler.close();
        try {
            Files2.deleteTree(work);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + work, e);
        }
    }
}
