package dev.alexos.testkit;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.alexos.core.Agent;
import dev.alexos.core.AgentContext;
import dev.alexos.core.AgentDescriptor;
import dev.alexos.core.Task;
import dev.alexos.core.TaskResult;
import dev.alexos.core.json.Json;
import dev.alexos.testkit.internal.CompatibilityChecks;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** Each check catches the misbehaviour it is about, with a message that says what to fix. */
class CompatibilityChecksTest {

    private static CompatibilityChecks.Subject subject(Supplier<Agent> agent, Map<String, ?> config, Task longTask,
            Duration busDeadline) {
        return new CompatibilityChecks.Subject(agent, "good", config, kit -> kit.advance(Duration.ofMinutes(1)),
                longTask, busDeadline);
    }

    private static CompatibilityChecks.Subject subject(Supplier<Agent> agent) {
        return subject(agent, Map.of(), null, Duration.ofSeconds(5));
    }

    /** Base for misbehaving agents. */
    private abstract static class Base implements Agent {
        AgentContext ctx;

        @Override
        public AgentDescriptor descriptor() {
            return AgentDescriptor.builder("bad-1", "Bad", "custom").build();
        }

        @Override
        public void start(AgentContext context) {
            ctx = context;
        }
    }

    @Test
    void timerLeftRunningAfterStopIsCaught() {
        Supplier<Agent> leaky = () -> new Base() {
            @Override
            public void start(AgentContext context) {
                super.start(context);
                context.scheduler().scheduleWithFixedDelay(Duration.ofSeconds(10), Duration.ofSeconds(10),
                        () -> context.publish("tick", Json.object()));
            }
        };
        assertThatThrownBy(() -> CompatibilityChecks.startsAndStopsCleanly(subject(leaky)))
                .isInstanceOf(AssertionError.class).hasMessageContaining("left 1 scheduled task(s)")
                .hasMessageContaining("cancel them in stop()");
    }

    @Test
    void subscriptionLeftAfterStopIsCaught() {
        Supplier<Agent> leaky = () -> new Base() {
            @Override
            public void start(AgentContext context) {
                super.start(context);
                context.eventBus().subscribe("*", e -> { });
            }
        };
        assertThatThrownBy(() -> CompatibilityChecks.startsAndStopsRepeatedly(subject(leaky)))
                .isInstanceOf(AssertionError.class).hasMessageContaining("still subscribed to [*]");
    }

    @Test
    void eventsOutsideTheModuleAreCaught() {
        Supplier<Agent> stray = () -> new Base() {
            @Override
            public void start(AgentContext context) {
                super.start(context);
                context.eventBus().publish("watchtower.container_registered", "bad-1", Json.object());
            }
        };
        assertThatThrownBy(() -> CompatibilityChecks.emitsUnderOwnPrefix(subject(stray)))
                .isInstanceOf(AssertionError.class).hasMessageContaining("published outside 'good.*'")
                .hasMessageContaining("watchtower.container_registered");
    }

    @Test
    void aBlockingListenerIsCaught() {
        CountDownLatch never = new CountDownLatch(1);
        Supplier<Agent> blocking = () -> new Base() {
            @Override
            public void start(AgentContext context) {
                super.start(context);
                context.eventBus().subscribe("chainbot.*", e -> never.await());
            }

            @Override
            public void stop() {
                never.countDown();
            }
        };
        try {
            assertThatThrownBy(() -> CompatibilityChecks.neverBlocksTheBus(subject(blocking, Map.of(), null,
                    Duration.ofMillis(300)))).isInstanceOf(AssertionError.class)
                    .hasMessageContaining("held the publisher of 'chainbot.alexos_compat_probe'");
        } finally {
            never.countDown();
        }
    }

    @Test
    void unknownActionThatThrowsOrSucceedsIsCaught() {
        Supplier<Agent> throwing = () -> new Base() {
            @Override
            public CompletableFuture<TaskResult> handle(Task task) {
                throw new IllegalArgumentException("no");
            }
        };
        assertThatThrownBy(() -> CompatibilityChecks.rejectsUnknownActions(subject(throwing)))
                .hasMessageContaining("return a failed future");
        Supplier<Agent> succeeding = () -> new Base() {
            @Override
            public CompletableFuture<TaskResult> handle(Task task) {
                return CompletableFuture.completedFuture(TaskResult.success(null));
            }
        };
        assertThatThrownBy(() -> CompatibilityChecks.rejectsUnknownActions(subject(succeeding)))
                .hasMessageContaining("instead of failing with UnsupportedTaskException");
    }

    @Test
    void cancellationThatDoesNotReachTheWorkIsCaught() {
        Supplier<Agent> deaf = () -> new Base() {
            @Override
            public CompletableFuture<TaskResult> handle(Task task) {
                return ctx.scheduler().delay(Duration.ofHours(1)).thenApply(v -> TaskResult.success(null));
            }
        };
        assertThatThrownBy(() -> CompatibilityChecks.honoursCancellation(subject(deaf, Map.of(),
                Task.of("slow", null), Duration.ofSeconds(5)))).hasMessageContaining("did not reach the work");
    }

    @Test
    void aConfiguredSecretInAnEventIsCaught() {
        Supplier<Agent> leaking = () -> new Base() {
            @Override
            public void start(AgentContext context) {
                super.start(context);
                String key = context.config().string("api_key", "");
                context.publish("configured", Json.object().put("auth", "Bearer " + key));
            }
        };
        assertThatThrownBy(() -> CompatibilityChecks.neverLeaksConfiguredSecrets(subject(leaking,
                Map.of("api_key", "sk-live-123"), null, Duration.ofSeconds(5))))
                .hasMessageContaining("a configured secret appears in event good.configured")
                .message().doesNotContain("sk-live-123");
    }
}
