package dev.alexos.watchtower;

import dev.alexos.core.Health;
import dev.alexos.core.dashboard.AssetSource;
import dev.alexos.core.dashboard.DashboardTab;
import dev.alexos.core.http.Role;
import dev.alexos.core.plugin.AlexOsModule;
import dev.alexos.core.plugin.ModuleContext;
import dev.alexos.watchtower.internal.ContainerActions;
import dev.alexos.watchtower.internal.EndpointSettings;
import dev.alexos.watchtower.internal.Watchtower;
import dev.alexos.watchtower.internal.WatchtowerAgent;
import dev.alexos.watchtower.internal.WatchtowerSettings;
import dev.alexos.watchtower.internal.api.WatchtowerRoutes;
import dev.alexos.watchtower.internal.compliance.ContainerChecks;
import dev.alexos.watchtower.internal.engine.DockerEngine;
import dev.alexos.watchtower.internal.engine.DockerJavaEngine;
import dev.alexos.watchtower.internal.update.UpdateFeature;
import java.util.function.Function;
import org.pf4j.Extension;

/**
 * Watchtower: live monitoring and control of Docker (and Podman) containers.
 *
 * <p>On start it reads the {@code watchtower} configuration section, registers the system
 * agent {@code watchtower-001} (which starts monitoring), the {@code /api/watchtower} routes
 * and the container compliance checks. Configuration:
 * <pre>{@code
 * watchtower:
 *   monitoring_enabled: true
 *   monitoring_interval: 30s     # full resync period (events do the live work)
 *   stats_interval: 5s           # rate of hot containers (stats asked for lately); 0 turns sampling off
 *   stats_background_interval: 5m  # rate of all other running containers; 0 = never
 *   stats_hot_for: 5m            # how long a stats request keeps a container hot
 *   stats_history: 120           # samples kept per container
 *   endpoints:                   # default: one endpoint "local" at DOCKER_HOST or /var/run/docker.sock
 *     - name: local
 *       host: unix:///var/run/docker.sock
 *     - name: edge
 *       host: tcp://10.0.0.5:2376
 *       tls_verify: true
 *       cert_path: /etc/alexos/docker-certs
 *       timeout: 10s
 * }</pre>
 * An unreachable engine is not an error: the health says {@code docker_unavailable} and the
 * monitor keeps retrying. Thread-safe; one instance per runtime.
 */
@Extension
public final class WatchtowerModule implements AlexOsModule {
    private final Function<EndpointSettings, DockerEngine> engines;
    private final Function<String, String> environment;
    private volatile Watchtower watchtower;
    private volatile UpdateFeature updates;

    /** The module as PF4J and the runtime create it: real engines, the process environment. */
    public WatchtowerModule() {
        this(DockerJavaEngine::new, System::getenv);
    }

    WatchtowerModule(Function<EndpointSettings, DockerEngine> engines, Function<String, String> environment) {
        this.engines = engines;
        this.environment = environment;
    }

    @Override
    public String id() {
        return "watchtower";
    }

    @Override
    public void start(ModuleContext context) {
        WatchtowerSettings settings = WatchtowerSettings.from(context.config(), environment);
        Watchtower w = new Watchtower(settings, engines);
        ContainerActions actions = new ContainerActions(w);
        watchtower = w;
        new WatchtowerRoutes(w, actions, WatchtowerAgent.ID).routes().forEach(context::addRoute);
        ContainerChecks.all(w).forEach(context::addComplianceCheck);
        UpdateFeature u = UpdateFeature.create(context, settings.endpoints(), WatchtowerAgent.ID);
        updates = u;
        u.routes().forEach(context::addRoute);
        context.addDashboardTab(new DashboardTab("watchtower", "Watchtower", "tab.js", 10, Role.VIEWER,
                AssetSource.classpath(WatchtowerModule.class.getClassLoader(), "alexos/tabs/watchtower/")));
        context.agents().register(new WatchtowerAgent(w, actions, u));
        u.start();
    }

    @Override
    public void stop() {
        Watchtower w = watchtower;
        if (w != null) {
            w.stop();
        }
        UpdateFeature u = updates;
        if (u != null) {
            u.close();
        }
    }

    @Override
    public Health health() {
        Watchtower w = watchtower;
        return w == null ? Health.notConfigured("watchtower is not started") : w.health();
    }
}
