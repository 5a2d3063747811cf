package dev.alexos.chainbot.testing;

import dev.alexos.core.AgentContext;
import dev.alexos.core.AgentRegistry;
import dev.alexos.core.Scheduler;
import dev.alexos.core.compliance.ComplianceCheck;
import dev.alexos.core.config.ConfigSection;
import dev.alexos.core.dashboard.DashboardTab;
import dev.alexos.core.event.EventBus;
import dev.alexos.core.http.ApiRoute;
import dev.alexos.core.ledger.Ledger;
import dev.alexos.core.plugin.ModuleContext;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A test-only module context; agent contexts share the module's topic prefix. */
public final class TestModuleContext implements ModuleContext {
    private final EventBus bus;
    private final Ledger ledger;
    private final Clock clock;
    private final ConfigSection config;
    private final Scheduler scheduler;
    private final Path dataDir;
    private final AgentRegistry registry;
    public final List<ApiRoute> routes = new CopyOnWriteArrayList<>();

    public TestModuleContext(EventBus bus, Ledger ledger, Clock clock, ConfigSection config, Scheduler scheduler,
            Path dataDir, AgentRegistry registry) {
        this.bus = bus;
        this.ledger = ledger;
        this.clock = clock;
        this.config = config;
        this.scheduler = scheduler;
        this.dataDir = dataDir;
        this.registry = registry;
    }

    @Override
    public String moduleId() {
        return "chainbot";
    }

    @Override
    public EventBus eventBus() {
        return bus;
    }

    @Override
    public Ledger ledger() {
        return ledger;
    }

    @Override
    public Clock clock() {
        return clock;
    }

    @Override
    public ConfigSection config() {
        return config;
    }

    @Override
    public Scheduler scheduler() {
        return scheduler;
    }

    @Override
    public Path dataDirectory() {
        return dataDir;
    }

    @Override
    public AgentRegistry agents() {
        return registry;
    }

    @Override
    public AgentContext agentContext(String agentId) {
        TestModuleContext m = this;
        return new AgentContext() {
            @Override
            public String agentId() {
                return agentId;
            }

            @Override
            public String module() {
                return "chainbot";
            }

            @Override
            public EventBus eventBus() {
                return m.bus;
            }

            @Override
            public Ledger ledger() {
                return m.ledger;
            }

            @Override
            public Clock clock() {
                return m.clock;
            }

            @Override
            public ConfigSection config() {
                return m.config;
            }

            @Override
            public Scheduler scheduler() {
                return m.scheduler;
            }

            @Override
            public Path dataDirectory() {
                return m.dataDir;
            }

            @Override
            public AgentRegistry agents() {
                return m.registry;
            }
        };
    }

    @Override
    public void addRoute(ApiRoute route) {
        routes.add(route);
    }

    @Override
    public void addDashboardTab(DashboardTab tab) {
    }

    @Override
    public void addComplianceCheck(ComplianceCheck check) {
    }
}
