package dev.alexos.core.internal.runtime;

import dev.alexos.core.AgentContext;
import dev.alexos.core.AgentRegistry;
import dev.alexos.core.Scheduler;
import dev.alexos.core.compliance.ComplianceCheck;
import dev.alexos.core.config.ConfigSection;
import dev.alexos.core.dashboard.DashboardTab;
import dev.alexos.core.event.EventBus;
import dev.alexos.core.http.ApiRoute;
import dev.alexos.core.internal.plugin.PluginHost;
import dev.alexos.core.ledger.Ledger;
import dev.alexos.core.plugin.ModuleContext;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What one module is given in {@code start}. Contributions are accepted until {@link #freeze()}
 * (called when {@code start} returns); afterwards adding throws {@link IllegalStateException}.
 * Thread-safe.
 */
final class DefaultModuleContext implements ModuleContext {
    private final String moduleId;
    private final RuntimeServices services;
    private final ConfigSection config;
    private final Path dataDirectory;
    private final ModuleAgents agents;
    private final PluginHost plugins;
    private final List<ApiRoute> routes = new ArrayList<>();
    private final List<DashboardTab> tabs = new ArrayList<>();
    private final List<ComplianceCheck> checks = new ArrayList<>();
    private boolean frozen;

    DefaultModuleContext(String moduleId, RuntimeServices services, ConfigSection config, Path dataDirectory,
            ModuleAgents agents, PluginHost plugins) {
        this.moduleId = moduleId;
        this.services = services;
        this.config = config;
        this.dataDirectory = dataDirectory;
        this.agents = agents;
        this.plugins = plugins;
    }

    @Override
    public String moduleId() {
        return moduleId;
    }

    @Override
    public EventBus eventBus() {
        return services.eventBus();
    }

    @Override
    public Ledger ledger() {
        return services.ledger();
    }

    @Override
    public Clock clock() {
        return services.clock();
    }

    @Override
    public ConfigSection config() {
        return config;
    }

    @Override
    public Scheduler scheduler() {
        return services.scheduler();
    }

    @Override
    public Path dataDirectory() {
        return dataDirectory;
    }

    @Override
    public AgentRegistry agents() {
        return agents;
    }

    @Override
    public AgentContext agentContext(String agentId) {
        return services.agentContext(agentId, moduleId);
    }

    @Override
    public synchronized void addRoute(ApiRoute route) {
        checkOpen("route");
        routes.add(Objects.requireNonNull(route, "route"));
    }

    @Override
    public synchronized void addDashboardTab(DashboardTab tab) {
        checkOpen("dashboard tab");
        tabs.add(Objects.requireNonNull(tab, "tab"));
    }

    @Override
    public synchronized void addComplianceCheck(ComplianceCheck check) {
        checkOpen("compliance check");
        checks.add(Objects.requireNonNull(check, "check"));
    }

    @Override
    public <T> List<T> extensions(Class<T> type) {
        return plugins.extensions(Objects.requireNonNull(type, "type"));
    }

    synchronized void freeze() {
        frozen = true;
    }

    synchronized List<ApiRoute> routes() {
        return List.copyOf(routes);
    }

    synchronized List<DashboardTab> tabs() {
        return List.copyOf(tabs);
    }

    synchronized List<ComplianceCheck> checks() {
        return List.copyOf(checks);
    }

    ModuleAgents moduleAgents() {
        return agents;
    }

    private void checkOpen(String what) {
        if (frozen) {
            throw new IllegalStateException("module '" + moduleId + "' can add a " + what + " only during start()");
        }
    }
}
