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
}
