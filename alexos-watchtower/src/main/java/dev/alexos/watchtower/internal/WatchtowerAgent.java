package dev.alexos.watchtower.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.alexos.core.Agent;
import dev.alexos.core.AgentContext;
import dev.alexos.core.AgentDescriptor;
import dev.alexos.core.Health;
import dev.alexos.core.Task;
import dev.alexos.core.TaskResult;
import dev.alexos.core.UnsupportedTaskException;
import dev.alexos.core.http.ApiException;
import dev.alexos.core.json.Json;
import dev.alexos.watchtower.ContainerInfo;
import dev.alexos.watchtower.internal.update.UpdateFeature;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * The system agent {@code watchtower-001}. Starting it starts monitoring; its tasks are the
 * container actions, so ChainBot workflows can drive Watchtower through the registry:
 * <ul>
 *   <li>{@code container.start|stop|restart|remove} with {@code {"container": "<id or name>",
 *       "endpoint"?: "...", "force"?: true}} → {@code {action, container, outcome, ledger_seq}}</li>
 *   <li>{@code containers.list} with {@code {"status"?: "running", "endpoint"?: "..."}} →
 *       {@code {containers, count}}</li>
 * </ul>
 * A bad parameter, an unknown container or an engine failure is a failed result with the reason.
 */
public final class WatchtowerAgent implements Agent {
    /** The agent's id, as in the seed. */
    public static final String ID = "watchtower-001";
    private static final List<String> CAPABILITIES = List.of("container.start", "container.stop",
            "container.restart", "container.remove", "containers.list", "container.update", "updates.check");

    private final Watchtower watchtower;
    private final ContainerActions actions;
    private final UpdateFeature updates;
    private volatile Executor executor = Runnable::run;

    public WatchtowerAgent(Watchtower watchtower, ContainerActions actions) {
        this(watchtower, actions, null);
    }

    /** With image updates ({@code container.update}, {@code updates.check}) when {@code updates} is not null. */
    public WatchtowerAgent(Watchtower watchtower, ContainerActions actions, UpdateFeature updates) {
        this.watchtower = watchtower;
        this.actions = actions;
        this.updates = updates;
    }

    @Override
    public AgentDescriptor descriptor() {
        return AgentDescriptor.builder(ID, "Watchtower", "system")
                .source("system")
                .capabilities(CAPABILITIES)
                .metadata("module", "watchtower")
                .metadata("endpoints", watchtower.settings().endpoints().stream().map(EndpointSettings::name).toList())
                .build();
    }

    @Override
    public void start(AgentContext context) {
        executor = context.scheduler().executor();
        watchtower.start(context);
    }

    @Override
    public void stop() {
        watchtower.stop();
    }

    @Override
    public Health health() {
        return watchtower.health();
    }

    @Override
    public CompletableFuture<TaskResult> handle(Task task) {
        if (!CAPABILITIES.contains(task.action())) {
            return CompletableFuture.failedFuture(new UnsupportedTaskException(ID, task.action()));
        }
        return CompletableFuture.supplyAsync(() -> run(task), executor);
    }

    private TaskResult run(Task task) {
        try {
            if (UpdateFeature.ACTIONS.contains(task.action())) {
                return updates == null ? TaskResult.failure("image updates are not enabled") : updates.handle(task);
            }
            if (task.action().equals("containers.list")) {
                List<ContainerInfo> list = watchtower.containers(text(task, "status"), text(task, "endpoint"));
                ObjectNode out = Json.object();
                out.set("containers", Json.mapper().valueToTree(list));
                out.put("count", list.size());
                return TaskResult.success(out);
            }
            String container = text(task, "container");
            if (container == null) {
                container = text(task, "id");
            }
            if (container == null) {
                return TaskResult.failure("container: required (a container id or name)");
            }
            String action = task.action().substring("container.".length());
            boolean force = task.params().path("force").asBoolean(false);
            var answer = actions.act(action, container, text(task, "endpoint"), force, task.requestedBy());
            return TaskResult.success(Json.mapper().valueToTree(answer));
        } catch (ApiException e) {
            return TaskResult.failure(e.getMessage());
        }
    }

    private static String text(Task task, String name) {
        String v = task.param(name);
        return v == null || v.isBlank() ? null : v.strip();
    }
}
