package dev.alexos.chainbot.internal.framework;

import dev.alexos.chainbot.FrameworkAgentSpec;
import dev.alexos.core.Agent;
import dev.alexos.core.AgentContext;
import dev.alexos.core.AgentDescriptor;
import dev.alexos.core.Health;
import dev.alexos.core.Task;
import dev.alexos.core.TaskResult;
import java.util.concurrent.CompletableFuture;

/**
 * A framework agent as registered: the type's agent, under the spec's id and name with source
 * {@code framework} and its framework type and creation time in the metadata.
 */
final class SpawnedAgent implements Agent {
    private final FrameworkAgentSpec spec;
    private final Agent delegate;
    private final AgentDescriptor descriptor;

    SpawnedAgent(FrameworkAgentSpec spec, Agent delegate) {
        this.spec = spec;
        this.delegate = delegate;
        AgentDescriptor inner = delegate.descriptor();
        AgentDescriptor.Builder b = AgentDescriptor.builder(spec.id(), spec.name(), spec.type()).source("framework")
                .capabilities(inner.capabilities());
        inner.metadata().forEach(b::metadata);
        b.metadata("framework_type", spec.type()).metadata("created_at", spec.createdAt().toString());
        this.descriptor = b.build();
    }

    FrameworkAgentSpec spec() {
        return spec;
    }

    @Override
    public AgentDescriptor descriptor() {
        return descriptor;
    }

    @Override
    public void start(AgentContext context) throws Exception {
        delegate.start(context);
    }

    @Override
    public void stop() {
        delegate.stop();
    }

    @Override
    public Health health() {
        return delegate.health();
    }

    @Override
    public CompletableFuture<TaskResult> handle(Task task) {
        return delegate.handle(task);
    }
}
