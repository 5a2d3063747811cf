package dev.alexos.server.internal;

import dev.alexos.core.AgentRegistry;
import dev.alexos.core.dashboard.DashboardTab;
import dev.alexos.core.event.EventBus;
import dev.alexos.core.http.ApiRoute;
import dev.alexos.core.ledger.Ledger;
import java.util.List;

/**
 * What the HTTP host needs from a started runtime. Kept to an interface so that the host can be
 * tested on its own and so that it names exactly the runtime parts it depends on.
 */
public interface HostRuntime {

    /** Every route (core and modules), frozen after start. */
    List<ApiRoute> routes();

    /** Every dashboard tab, frozen after start. */
    List<DashboardTab> dashboardTabs();

    EventBus eventBus();

    Ledger ledger();

    AgentRegistry agents();
}
