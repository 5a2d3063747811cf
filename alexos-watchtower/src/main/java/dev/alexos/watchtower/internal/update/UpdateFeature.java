package dev.alexos.watchtower.internal.update;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import dev.alexos.core.AgentContext;
import dev.alexos.core.Task;
import dev.alexos.core.TaskResult;
import dev.alexos.core.config.ConfigException;
import dev.alexos.core.config.ConfigSection;
import dev.alexos.core.config.Secret;
import dev.alexos.core.http.ApiRoute;
import dev.alexos.core.json.Json;
import dev.alexos.core.plugin.ModuleContext;
import dev.alexos.watchtower.internal.EndpointSettings;
import dev.alexos.watchtower.internal.engine.DockerClients;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Image updates, wired into the Watchtower module: the service, its routes, the periodic
 * check (cron {@code schedule}, else {@code update_interval}), crash recovery at start, and the agent actions
 * {@code container.update} and {@code updates.check} (so ChainBot workflows can update).
 *
 * <p>Configuration (section {@code watchtower}, besides {@link UpdateSettings}):
 * {@code registries: [{host, username, password}]}, {@code docker_config} (path of the Docker
 * CLI config with logins, default {@code $DOCKER_CONFIG/config.json} or
 * {@code ~/.docker/config.json}), {@code notify_urls: [...]}, {@code webhook_token}.
 */
public final class UpdateFeature implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(UpdateFeature.class);
    /** Agent actions this feature handles. */
    public static final Set<String> ACTIONS = Set.of("container.update", "updates.check");

    private final UpdateService service;
    private final UpdateRoutes routes;
    private final List<DockerClient> clients;
    private final AgentContext context;
    private volatile UpdateTimer timer;

    private UpdateFeature(UpdateService service, UpdateRoutes routes, List<DockerClient> clients, AgentContext context) {
        this.service = service;
        this.routes = routes;
        this.clients = clients;
        this.context = context;
    }

    /**
     * Reads the configuration and builds the feature.
     *
     * @throws ConfigException for invalid settings
     */
    public static UpdateFeature create(ModuleContext ctx, List<EndpointSettings> endpoints, String agentId) {
        ConfigSection c = ctx.config();
        UpdateSettings settings = UpdateSettings.from(c);
        Map<String, RegistryCredentials.Login> logins = new LinkedHashMap<>();
        for (ConfigSection r : c.sections("registries")) {
            String host = r.string("host").orElseThrow(() -> new ConfigException(r.path() + ".host", null, "a registry host, e.g. ghcr.io"));
            logins.put(host, new RegistryCredentials.Login(r.string("username", ""), r.secret("password").orElse(Secret.of(""))));
        }
        String dockerConfig = c.string("docker_config", defaultDockerConfig());
        RegistryCredentials creds;
        try {
            creds = RegistryCredentials.load(Path.of(dockerConfig), logins);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(c.path() + ".docker_config", dockerConfig, e.getMessage());
        }
        List<URI> notify = new ArrayList<>();
        for (String u : c.list("notify_urls")) {
            try {
                URI uri = URI.create(u);
                if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
                    throw new IllegalArgumentException("scheme");
                }
                notify.add(uri);
            } catch (IllegalArgumentException e) {
                throw new ConfigException(c.path() + ".notify_urls", u, "http:// or https:// URLs");
            }
        }
        AgentContext agentCtx = ctx.agentContext(agentId);
        Path data = ctx.dataDirectory().resolve("updates");
        List<DockerClient> clients = new ArrayList<>();
        List<UpdateService.Endpoint> eps = new ArrayList<>();
        SafeUpdater.Settings safe = new SafeUpdater.Settings(settings.healthTimeout(), settings.healthGrace(),
                Duration.ofSeconds(10), Duration.ofMinutes(10), settings.cleanup());
        for (EndpointSettings e : endpoints) {
            DockerClient docker = DockerClients.client(e, 4);
            clients.add(docker);
            var journal = new UpdateJournal(data.resolve("journal").resolve(e.name()));
            eps.add(new UpdateService.Endpoint(e.name(), docker, new SafeUpdater(docker, journal, ctx.clock(), safe, null)));
        }
        RegistryClient registry = new RegistryClient(creds, ctx.clock(), settings.registryBudget(), Duration.ofHours(1), Duration.ofSeconds(15));
        UpdateService service = new UpdateService(eps, registry, new UpdateHistory(data.resolve("history.jsonl"), 1000), agentCtx,
                settings, notify);
        UpdateRoutes routes = new UpdateRoutes(service, ctx.clock(), c.secret("webhook_token"), () -> agentId);
        return new UpdateFeature(service, routes, clients, agentCtx);
    }

    private static String defaultDockerConfig() {
        String dir = System.getenv("DOCKER_CONFIG");
        return dir != null ? Path.of(dir, "config.json").toString()
                : Path.of(System.getProperty("user.home"), ".docker", "config.json").toString();
    }

    public List<ApiRoute> routes() {
        return routes.routes();
    }

    public UpdateService service() {
        return service;
    }

    /** Recovers interrupted updates, then runs on the cron {@code schedule}, or every {@code update_interval}. */
    public void start() {
        context.scheduler().executor().execute(() -> {
            try {
                service.recover().forEach(r -> LOG.warn("recovered interrupted update of {}: {}", r.containerName(), r.outcome()));
            } catch (RuntimeException e) {
                LOG.warn("update recovery could not run yet (engine unreachable?): {}", e.getMessage());
            }
        });
        timer = new UpdateTimer(context.scheduler(), context.clock(), service::settings, this::scheduledRun);
        timer.start();
    }

    private void scheduledRun() {
        try {
            service.scheduledRun();
        } catch (RuntimeException e) {
            LOG.warn("scheduled update run failed: {}", e.getMessage());
        }
    }

    /** Handles {@code container.update} ({container, force?}) and {@code updates.check}. */
    public TaskResult handle(Task task) {
        try {
            if (task.action().equals("updates.check")) {
                List<UpdateCandidate> list = service.check();
                ObjectNode out = Json.object();
                out.set("updates", Json.mapper().valueToTree(list));
                out.put("out_of_date", list.stream().filter(UpdateCandidate::updateAvailable).count());
                return TaskResult.success(out);
            }
            String container = task.param("container") != null ? task.param("container") : task.param("id");
            if (container == null || container.isBlank()) {
                return TaskResult.failure("container: required (a container id or name)");
            }
            UpdateRecord r = service.update(container, task.requestedBy(), task.params().path("force").asBoolean(false));
            ObjectNode out = Json.mapper().valueToTree(r);
            return r.outcome().equals(UpdateRecord.APPLIED) || r.outcome().equals(UpdateRecord.UP_TO_DATE)
                    ? TaskResult.success(out) : new TaskResult(TaskResult.Status.FAILED, out, r.reason());
        } catch (NotFoundException e) {
            return TaskResult.failure("container '" + task.param("container") + "' does not exist");
        } catch (RuntimeException e) {
            return TaskResult.failure(e.getMessage());
        }
    }

    @Override
    public void close() {
        UpdateTimer t = timer;
        if (t != null) {
            t.close();
        }
        for (DockerClient c : clients) {
            try {
                c.close();
            } catch (IOException e) {
                LOG.debug("closing docker client: {}", e.getMessage());
            }
        }
    }
}
