package dev.alexos.core.plugin;

import dev.alexos.core.AgentContext;
import dev.alexos.core.AgentRegistry;
import dev.alexos.core.Scheduler;
import dev.alexos.core.compliance.ComplianceCheck;
import dev.alexos.core.config.ConfigSection;
import dev.alexos.core.dashboard.DashboardTab;
import dev.alexos.core.event.EventBus;
import dev.alexos.core.http.ApiRoute;
import dev.alexos.core.ledger.Ledger;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

/**
 * What the runtime gives a module in {@link AlexOsModule#start}. Contributions (routes, tabs,
 * checks) are accepted only during {@code start}; afterwards the sets are frozen.
 */
public interface ModuleContext {

    /** This module's id. */
    String moduleId();

    EventBus eventBus();

    Ledger ledger();

    Clock clock();

    /** The module's configuration section ({@code <module id>} in the YAML file). */
    ConfigSection config();

    Scheduler scheduler();

    /** {@code <data dir>/<module id>}, created. */
    Path dataDirectory();

    /** The shared agent registry: register this module's agents here. */
    AgentRegistry agents();

    /** A context for one of the module's agents, sharing this module's topic prefix. */
    AgentContext agentContext(String agentId);

    void addRoute(ApiRoute route);

    void addDashboardTab(DashboardTab tab);

    void addComplianceCheck(ComplianceCheck check);

    /**
     * The extensions of {@code type} (a PF4J {@code ExtensionPoint}, e.g. a module's own plugin
     * interface) from every started plugin of the plugins directory and, when the runtime
     * discovers classpath modules, from the classpath: new instances, made by PF4J, plugins'
     * first. Lets a module pick up what other plugin jars contribute to it. Call it during
     * {@link AlexOsModule#start}; thread-safe. Empty when the runtime loads no plugins and does
     * not scan the classpath.
     */
    default <T> List<T> extensions(Class<T> type) {
        return List.of();
    }
}
