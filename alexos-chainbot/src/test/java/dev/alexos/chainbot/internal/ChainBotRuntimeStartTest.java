package dev.alexos.chainbot.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.alexos.chainbot.testing.SimpleRegistry;
import dev.alexos.core.Health;
import dev.alexos.core.http.ApiException;
import dev.alexos.testkit.CapturingEventBus;
import dev.alexos.testkit.TestModuleContext;
import dev.alexos.testkit.VirtualClock;
import dev.alexos.testkit.VirtualScheduler;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ChainBot's start is split: agents and routes at once, stores and engine on a start thread. */
class ChainBotRuntimeStartTest {
    @TempDir
    Path dir;
    final VirtualClock clock = VirtualClock.at(Instant.parse("2026-01-01T00:00:00Z"));
    final CapturingEventBus bus = new CapturingEventBus(clock);
    final SimpleRegistry registry = new SimpleRegistry(clock);

    private TestModuleContext context(Path dataDir) {
        TestModuleContext ctx = TestModuleContext.builder("chainbot").clock(clock).scheduler(new VirtualScheduler(clock))
                .eventBus(bus).dataDirectory(dataDir).agents(registry).build();
        registry.contexts(ctx::agentContext);
        return ctx;
    }

    @Test
    void healthSaysStartingUntilTheStoresAndTheEngineAreUp() throws Exception {
        TestModuleContext ctx = context(dir);
        HeldExecutor held = new HeldExecutor();
        ChainBotRuntime rt = new ChainBotRuntime(ctx, List.of(), held);
        rt.start();
        try {
            // what the host needs from start() is there at once
            assertThat(registry.find("chainbot-001")).isPresent();
            assertThat(ctx.routes()).extracting(r -> r.path()).contains("/api/chainbot/workflows", "/api/chainbot/health");
            // ... but nothing was opened yet, and health does not pretend otherwise
            assertThat(Files.exists(dir.resolve("chainbot-db.mv.db"))).isFalse();
            Health starting = rt.health();
            assertThat(starting.status()).isEqualTo(Health.Status.DEGRADED);
            assertThat(starting.message()).isEqualTo("starting");
            assertThat(starting.details()).containsEntry("state", "starting");
            assertThat(bus.events("chainbot.chainbot_started")).isEmpty();
            assertThat(rt.awaitStarted(Duration.ZERO)).isFalse();

            held.runAll();

            assertThat(rt.awaitStarted(Duration.ofSeconds(30))).isTrue();
            assertThat(Files.exists(dir.resolve("chainbot-db.mv.db"))).isTrue();
            assertThat(rt.health().status()).isEqualTo(Health.Status.HEALTHY);
            assertThat(rt.health().details()).doesNotContainKey("state");
            assertThat(bus.events("chainbot.chainbot_started")).hasSize(1);
            assertThat(rt.localWorkflows().count()).isPositive(); // the shipped examples, through the engine
        } finally {
            rt.stop();
        }
    }

    @Test
    void storesThatCannotOpenMakeItUnhealthyAndWorkflowCalls503() throws Exception {
        // the database file's place is taken by a directory: the data directory exists, the store cannot open
        Files.createDirectories(dir.resolve("chainbot-db.mv.db"));
        HeldExecutor held = new HeldExecutor();
        ChainBotRuntime rt = new ChainBotRuntime(context(dir), List.of(), held);
        rt.start();
        held.runAll();
        assertThat(rt.awaitStarted(Duration.ofSeconds(30))).isTrue();
        Health h = rt.health();
        assertThat(h.status()).isEqualTo(Health.Status.UNHEALTHY);
        assertThat(h.message()).startsWith("failed to start: ChainBot database did not open");
        assertThatThrownBy(() -> rt.localWorkflows().count()).isInstanceOfSatisfying(ApiException.class,
                e -> assertThat(e.status()).isEqualTo(503));
        assertThat(bus.events("chainbot.chainbot_started")).isEmpty();
        rt.stop(); // never throws, also after a failed start
    }

    @Test
    void noHttpClientIsBuiltWhenNothingNeedsOne() {
        LazyHttpClient lazy = new LazyHttpClient(() -> {
            throw new AssertionError("built");
        });
        assertThat(lazy.built()).isFalse();
        LazyHttpClient used = new LazyHttpClient(() -> java.net.http.HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(3)).build());
        assertThat(used.connectTimeout()).contains(Duration.ofSeconds(3));
        assertThat(used.built()).isTrue();
    }

    /** Runs nothing until {@link #runAll()}: the test decides when the start thread's work happens. */
    static final class HeldExecutor extends AbstractExecutorService {
        private final List<Runnable> tasks = new ArrayList<>();
        private boolean shutdown;

        synchronized void runAll() {
            while (!tasks.isEmpty()) {
                tasks.remove(0).run();
            }
        }

        @Override
        public synchronized void execute(Runnable command) {
            tasks.add(command);
        }

        @Override
        public synchronized void shutdown() {
            shutdown = true;
        }

        @Override
        public synchronized List<Runnable> shutdownNow() {
            shutdown = true;
            List<Runnable> left = new ArrayList<>(tasks);
            tasks.clear();
            return left;
        }

        @Override
        public synchronized boolean isShutdown() {
            return shutdown;
        }

        @Override
        public synchronized boolean isTerminated() {
            return shutdown && tasks.isEmpty();
        }

        @Override
        public boolean awaitTermination(long timeout, TimeUnit unit) {
            return isTerminated();
        }
    }
}
