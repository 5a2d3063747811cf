package dev.alexos.testkit;

import dev.alexos.core.Agent;
import dev.alexos.core.AgentContext;
import dev.alexos.core.AgentDescriptor;
import dev.alexos.core.Cancellable;
import dev.alexos.core.Health;
import dev.alexos.core.Task;
import dev.alexos.core.TaskResult;
import dev.alexos.core.UnsupportedTaskException;
import dev.alexos.core.event.Subscription;
import dev.alexos.core.json.Json;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** A small well-behaved agent used by the testkit's own tests. */
final class TickerAgent implements Agent {
    private volatile AgentContext ctx;
    private volatile Cancellable timer;
    private volatile Subscription subscription;
    private volatile int ticks;
    private volatile int pings;

    @Override
    public AgentDescriptor descriptor() {
        return AgentDescriptor.builder("ticker-1", "Ticker", "custom").capability("record").capability("wait").build();
    }

    @Override
    public void start(AgentContext context) {
        ctx = context;
        Duration every = context.config().duration("interval", Duration.ofSeconds(10), Duration.ofMillis(1),
                Duration.ofDays(1));
        timer = context.scheduler().scheduleWithFixedDelay(every, every, () -> {
            ticks++;
            var data = Json.object().put("tick", ticks);
            context.publish("tick", data);
        });
        subscription = context.eventBus().subscribe("ping.*", e -> pings++);
    }

    @Override
    public void stop() {
        Cancellable t = timer;
        if (t != null) {
            t.cancel();
        }
        Subscription s = subscription;
        if (s != null) {
            s.cancel();
        }
    }

    @Override
    public Health health() {
        return ctx == null ? Health.notConfigured("not started") : Health.healthy(Map.of("ticks", ticks));
    }

    int pings() {
        return pings;
    }

    @Override
    public CompletableFuture<TaskResult> handle(Task task) {
        return switch (task.action()) {
            case "record" -> ctx.ledger().append("custom.recorded", Map.of("what", task.param("what")))
                    .thenApply(e -> TaskResult.success(Json.object().put("seq", e.seq())));
            case "wait" -> {
                CompletableFuture<Void> delay = ctx.scheduler().delay(Duration.ofSeconds(Long.parseLong(task.param("seconds"))));
                CompletableFuture<TaskResult> result = delay.thenApply(v -> TaskResult.success(Json.object().put("waited", true)));
                // Cancelling the result must reach the timer it waits on.
                result.whenComplete((r, e) -> delay.cancel(true));
                yield result;
            }
            case "fail" -> CompletableFuture.completedFuture(TaskResult.failure("told to fail"));
            default -> CompletableFuture.failedFuture(new UnsupportedTaskException(descriptor().id(), task.action()));
        };
    }
}
