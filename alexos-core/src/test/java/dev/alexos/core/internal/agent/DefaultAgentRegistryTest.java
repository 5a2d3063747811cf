package dev.alexos.core.internal.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.alexos.core.Agent;
import dev.alexos.core.AgentContext;
import dev.alexos.core.AgentDescriptor;
import dev.alexos.core.AgentInfo;
import dev.alexos.core.AgentState;
import dev.alexos.core.Health;
import dev.alexos.core.Task;
import dev.alexos.core.TaskResult;
import dev.alexos.core.UnknownAgentException;
import dev.alexos.core.UnsupportedTaskException;
import dev.alexos.core.config.AlexOsConfig;
import dev.alexos.core.internal.runtime.DefaultAgentContext;
import dev.alexos.core.internal.scheduler.DefaultScheduler;
import dev.alexos.core.json.Json;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DefaultAgentRegistryTest {

    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final DefaultScheduler scheduler = new DefaultScheduler("test", 1);
    private final List<AgentContext> contexts = new ArrayList<>();
    private final DefaultAgentRegistry registry = new DefaultAgentRegistry(clock, scheduler, (id, module) -> {
        AgentContext c = new DefaultAgentContext(id, module, null, null, clock,
                AlexOsConfig.empty().section(module), scheduler, dir.resolve(module).resolve(id), null);
        contexts.add(c);
        return c;
    });

    @AfterEach
    void tearDown() {
        registry.close();
        scheduler.close();
    }

    @Test
    void registerStartsTheAgentWithAContextOfItsModule() {
        Echo echo = new Echo("echo-1");
        AgentInfo info = registry.register(echo, "chainbot");
        assertThat(info.state()).isEqualTo(AgentState.RUNNING);
        assertThat(info.status()).isEqualTo("running");
        assertThat(echo.started.get()).isEqualTo(1);
        assertThat(contexts).singleElement().satisfies(c -> {
            assertThat(c.agentId()).isEqualTo("echo-1");
            assertThat(c.module()).isEqualTo("chainbot");
        });
        assertThat(registry.moduleOf("echo-1")).contains("chainbot");
        assertThat(registry.register(new Echo("echo-2")).id()).isEqualTo("echo-2");
        assertThat(registry.moduleOf("echo-2")).contains(DefaultAgentRegistry.DEFAULT_MODULE);
        assertThat(registry.list()).extracting(AgentInfo::id).containsExactly("echo-1", "echo-2");
        assertThat(registry.withCapability("echo")).hasSize(2);
        assertThat(registry.withCapability("fly")).isEmpty();
    }

    @Test
    void duplicateIdIsRejected() {
        registry.register(new Echo("a"));
        assertThatThrownBy(() -> registry.register(new Echo("a"))).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("'a' is already registered");
    }

    @Test
    void startFailureIsRecordedAsFailed() {
        Agent broken = new Echo("broken") {
            @Override
            public void start(AgentContext context) throws Exception {
                throw new IllegalStateException("no API key");
            }
        };
        AgentInfo info = registry.register(broken);
        assertThat(info.state()).isEqualTo(AgentState.FAILED);
        assertThat(info.error()).isEqualTo("no API key");
        assertThat(info.health().status()).isEqualTo(Health.Status.UNHEALTHY);
        assertThatThrownBy(() -> registry.send("broken", Task.of("echo", null)).get())
                .hasCauseInstanceOf(IllegalStateException.class).hasMessageContaining("not running (state: failed)");
    }

    @Test
    void sendRoutesTheTaskAndTracksLastActive() throws Exception {
        registry.register(new Echo("e"));
        Instant registered = registry.find("e").orElseThrow().lastActive();
        clock.advance(Duration.ofMinutes(5));
        ObjectNode params = Json.object().put("x", 1);
        TaskResult r = registry.send("e", Task.of("echo", params)).get(5, TimeUnit.SECONDS);
        assertThat(r.succeeded()).isTrue();
        assertThat(r.output().get("x").asInt()).isEqualTo(1);
        assertThat(registry.find("e").orElseThrow().lastActive()).isEqualTo(registered.plus(Duration.ofMinutes(5)));
    }

    @Test
    void unknownAgentAndUnsupportedAction() {
        registry.register(new Echo("e"));
        assertThatThrownBy(() -> registry.send("nobody", Task.of("echo", null)).get())
                .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(UnknownAgentException.class);
        assertThatThrownBy(() -> registry.send("e", Task.of("fly", null)).get())
                .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(UnsupportedTaskException.class);
    }

    @Test
    void timeoutFailsTheFutureAndCancelsTheWork() {
        Hanging hanging = new Hanging("slow");
        registry.register(hanging);
        CompletableFuture<TaskResult> f = registry.send("slow", Task.of("wait", null).withTimeout(Duration.ofMillis(20)));
        await().atMost(Duration.ofSeconds(10)).until(f::isDone);
        assertThatThrownBy(f::get).hasCauseInstanceOf(TimeoutException.class).hasMessageContaining("action 'wait'");
        await().atMost(Duration.ofSeconds(10)).until(() -> hanging.work.get() != null && hanging.work.get().isCancelled());
    }

    @Test
    void cancellingTheFutureCancelsTheWork() {
        Hanging hanging = new Hanging("slow");
        registry.register(hanging);
        CompletableFuture<TaskResult> f = registry.send("slow", Task.of("wait", null));
        assertThat(f.cancel(true)).isTrue();
        assertThat(hanging.work.get().isCancelled()).isTrue();
    }

    @Test
    void unregisterAndCloseStopAgents() {
        Echo a = new Echo("a");
        Echo b = new Echo("b");
        registry.register(a);
        registry.register(b);
        assertThat(registry.unregister("a")).isTrue();
        assertThat(registry.unregister("a")).isFalse();
        assertThat(a.stopped.get()).isEqualTo(1);
        assertThat(registry.find("a")).isEmpty();
        registry.close();
        assertThat(b.stopped.get()).isEqualTo(1);
        assertThat(registry.list()).isEmpty();
    }

    @Test
    void anAgentUnregisteredWhileStartingIsStoppedOnceItHasStarted() throws Exception {
        java.util.concurrent.CountDownLatch inStart = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        Echo slow = new Echo("slow") {
            @Override
            public void start(AgentContext context) throws Exception {
                super.start(context);
                inStart.countDown();
                release.await();
            }
        };
        CompletableFuture<AgentInfo> registering = CompletableFuture.supplyAsync(() -> registry.register(slow));
        assertThat(inStart.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(registry.find("slow").orElseThrow().state()).isEqualTo(AgentState.STARTING);
        assertThat(registry.unregister("slow")).isTrue();
        release.countDown();
        registering.get(10, TimeUnit.SECONDS);
        assertThat(slow.stopped.get()).isEqualTo(1);
        assertThat(registry.find("slow")).isEmpty();
    }

    @Test
    void agentDataDirectoryIsCreatedOnDemand() {
        registry.register(new Echo("e"), "mod");
        Path d = contexts.get(0).dataDirectory();
        assertThat(d).isDirectory().startsWith(dir.resolve("mod"));
    }

    static class Echo implements Agent {
        final String id;
        final AtomicInteger started = new AtomicInteger();
        final AtomicInteger stopped = new AtomicInteger();

        Echo(String id) {
            this.id = id;
        }

        @Override
        public AgentDescriptor descriptor() {
            return AgentDescriptor.builder(id, "Echo " + id, "custom").capability("echo").build();
        }

        @Override
        public void start(AgentContext context) throws Exception {
            started.incrementAndGet();
        }

        @Override
        public void stop() {
            stopped.incrementAndGet();
        }

        @Override
        public CompletableFuture<TaskResult> handle(Task task) {
            if (!task.action().equals("echo")) {
                return Agent.super.handle(task);
            }
            return CompletableFuture.completedFuture(TaskResult.success(task.params()));
        }
    }

    static final class Hanging extends Echo {
        final java.util.concurrent.atomic.AtomicReference<CompletableFuture<TaskResult>> work =
                new java.util.concurrent.atomic.AtomicReference<>();

        Hanging(String id) {
            super(id);
        }

        @Override
        public CompletableFuture<TaskResult> handle(Task task) {
            CompletableFuture<TaskResult> f = new CompletableFuture<>();
            work.set(f);
            return f;
        }
    }

    static final class MutableClock extends Clock {
        private volatile Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
