package dev.alexos.core.plugin;

import dev.alexos.core.Health;
import org.pf4j.ExtensionPoint;

/**
 * A module of ALEX OS: Watchtower, ChainBot, or anyone's own. Found as a PF4J extension in a
 * plugin jar of the plugins directory, as a PF4J extension on the classpath (a module used as
 * a plain Maven dependency), or added programmatically to {@code AlexOs.builder().module(...)}.
 *
 * <p>In {@link #start} a module reads its configuration section, registers its agents, routes,
 * dashboard tabs and compliance checks through the {@link ModuleContext}. It keeps no static
 * state, so that two runtimes can live in one JVM and its plugin can be unloaded.
 *
 * <pre>{@code
 * @Extension
 * public final class HelloModule implements AlexOsModule {
 *   public String id() { return "hello"; }
 *   public void start(ModuleContext ctx) {
 *     ctx.agents().register(new HelloAgent());
 *     ctx.addRoute(ApiRoute.get("/api/hello", Role.VIEWER, "Say hello", req -> Map.of("hello", "world")));
 *   }
 * }
 * }</pre>
 */
public interface AlexOsModule extends ExtensionPoint {

    /**
     * The module id: lower-case, the topic prefix of its events and the name of its
     * configuration section and data directory, e.g. {@code watchtower}.
     */
    String id();

    /**
     * Starts the module.
     *
     * @throws dev.alexos.core.config.ConfigException for invalid configuration (stops start-up)
     * @throws Exception for anything else that prevents the module from running
     */
    void start(ModuleContext context) throws Exception;

    /** Stops the module; its agents are stopped by the registry afterwards. Must not throw. */
    default void stop() {
    }

    /** The module's health, shown under {@code components.<id>} of {@code /api/health}. */
    default Health health() {
        return Health.healthy();
    }
}
