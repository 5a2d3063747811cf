package dev.alexos.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.alexos.core.config.AlexOsConfig;
import dev.alexos.core.internal.event.DefaultEventBus;
import dev.alexos.core.internal.ledger.FileLedger;
import dev.alexos.core.json.Json;
import dev.alexos.core.ledger.LedgerOptions;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Components given to the builder are used, and left open by close(). */
class AlexOsInjectedComponentsTest {

    @TempDir
    Path dir;

    @Test
    void aGivenSchedulerDrivesTaskTimeouts() {
        ManualScheduler scheduler = new ManualScheduler();
        try (AlexOs os = AlexOs.builder().dataDirectory(dir).discoverClasspathModules(false).scheduler(scheduler)
                .config(AlexOsConfig.of(Map.of("ledger", Map.of("durability", "none"))))
                .agent(new Hanging()).build().start()) {
            assertThat(os.scheduler()).isSameAs(scheduler);
            CompletableFuture<TaskResult> f = os.agents().send("hang",
                    Task.of("wait", null).withTimeout(Duration.ofMinutes(5)));
            assertThat(f).isNotDone();
            scheduler.fireAll();
            assertThat(f).isCompletedExceptionally();
            assertThat(f.handle((r, e) -> e).join()).isInstanceOf(TimeoutException.class);
        }
    }

    @Test
    void aGivenBusAndLedgerAreUsedAndLeftOpen() {
        Clock clock = Clock.systemUTC();
        DefaultEventBus bus = new DefaultEventBus(clock, 100);
        FileLedger ledger = FileLedger.open(dir.resolve("ledger"), LedgerOptions.defaults(), clock);
        try {
            AlexOs os = AlexOs.builder().dataDirectory(dir).discoverClasspathModules(false).eventBus(bus).ledger(ledger)
                    .build().start();
            assertThat(os.eventBus()).isSameAs(bus);
            assertThat(os.ledger()).isSameAs(ledger);
            os.close();
            bus.publish("app.after_close", "test", Json.object());
            ledger.append("app.after_close", Map.of()).join();
            assertThat(ledger.headSeq()).isEqualTo(1);
        } finally {
            bus.close();
            ledger.close();
        }
    }

    /** Runs scheduled work only when told. */
    static final class ManualScheduler implements Scheduler {
        private final List<Runnable> pending = new ArrayList<>();

        @Override
        public synchronized Cancellable schedule(Duration delay, Runnable task) {
            pending.add(task);
            return () -> {
                synchronized (this) {
                    pending.remove(task);
                }
            };
        }

        @Override
        public Cancellable scheduleWithFixedDelay(Duration initialDelay, Duration period, Runnable task) {
            return schedule(initialDelay, task);
        }

        @Override
        public Executor executor() {
            return Runnable::run;
        }

        void fireAll() {
            List<Runnable> due;
            synchronized (this) {
                due = new ArrayList<>(pending);
                pending.clear();
            }
            due.forEach(Runnable::run);
        }
    }

    static final class Hanging implements Agent {
        @Override
        public AgentDescriptor descriptor() {
            return AgentDescriptor.builder("hang", "Hang", "custom").build();
        }

        @Override
        public CompletableFuture<TaskResult> handle(Task task) {
            return new CompletableFuture<>();
        }
    }
}
