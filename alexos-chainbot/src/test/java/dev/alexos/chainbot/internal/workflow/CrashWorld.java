package dev.alexos.chainbot.internal.workflow;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.alexos.chainbot.workflow.Workflows;
import dev.alexos.core.Agent;
import dev.alexos.core.AgentContext;
import dev.alexos.core.AgentDescriptor;
import dev.alexos.core.AlexOs;
import dev.alexos.core.Scheduler;
import dev.alexos.core.Task;
import dev.alexos.core.TaskResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * The real runtime (AlexOs: file ledger, event bus, registry, scheduler) with the workflow engine
 * and an agent that answers after 50 ms (reporting each task it starts), as used by
 * {@link WorkflowCrashIT} in both JVMs.
 */
final class CrashWorld implements AutoCloseable {
    static final String WORKFLOW = """
            id: crashy
            inputs: {n: {type: integer}, ms: {type: integer}}
            steps:
              - {id: prep, type: transform, config: {value: "${inputs.n}"}}
              - {id: nap1, type: wait, config: {duration: "${inputs.ms}ms"}}
              - {id: work, type: agent_task, config: {agent: work-1, action: work, params: {n: "${inputs.n}"}, idempotent: true}}
              - {id: nap2, type: wait, config: {duration: 1s}}
              - {id: fragile, type: agent_task, config: {agent: work-1, action: charge, params: {n: "${inputs.n}"}}}
              - {id: done, type: transform, config: {value: "ok ${steps.work.output.n}"}}
            output: "${steps.done.output}"
            """;

    final AlexOs os;
    final Workflows workflows;

    CrashWorld(Path dir) {
        this(dir, effect -> { });
    }

    /** @param effects told "{action} {n}" as the agent starts each task, before anything else */
    CrashWorld(Path dir, Consumer<String> effects) {
        os = AlexOs.builder().dataDirectory(dir).discoverClasspathModules(false).agent(new SlowAgent(effects)).build().start();
        workflows = Workflows.builder().agents(os.agents()).eventBus(os.eventBus()).ledger(os.ledger()).clock(os.clock())
                .scheduler(os.scheduler()).dataDirectory(dir.resolve("chainbot")).installExamples(false).start();
        try {
            workflows.engine().saveDefinition((ObjectNode) DefinitionRepository.readDocument(WORKFLOW, false));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        workflows.stop();
        os.close();
    }

    /** Answers each task after 50 ms on the scheduler, without holding a thread. */
    static final class SlowAgent implements Agent {
        private final Consumer<String> effects;
        private volatile Scheduler scheduler;

        SlowAgent(Consumer<String> effects) {
            this.effects = effects;
        }

        @Override
        public AgentDescriptor descriptor() {
            return AgentDescriptor.builder("work-1", "Worker", "test").capability("work").build();
        }

        @Override
        public void start(AgentContext context) {
            scheduler = context.scheduler();
        }

        @Override
        public CompletableFuture<TaskResult> handle(Task task) {
            effects.accept(task.action() + " " + task.params().path("n").asText());
            return scheduler.delay(Duration.ofMillis(50)).thenApply(v -> TaskResult.success(task.params()));
        }
    }
}
