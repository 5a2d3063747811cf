package dev.alexos.core.internal.scheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.alexos.core.Cancellable;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DefaultSchedulerTest {
    private final DefaultScheduler scheduler = new DefaultScheduler("test", 1);

    @AfterEach
    void tearDown() {
        scheduler.close();
    }

    @Test
    void scheduleRunsOnceAndDelayCompletes() {
        AtomicInteger runs = new AtomicInteger();
        scheduler.schedule(Duration.ofMillis(1), runs::incrementAndGet);
        CompletableFuture<Void> d = scheduler.delay(Duration.ofMillis(1));
        await().atMost(Duration.ofSeconds(10)).until(() -> runs.get() == 1 && d.isDone());
    }

    @Test
    void periodicTaskThatThrowsKeepsItsSchedule() {
        AtomicInteger runs = new AtomicInteger();
        Cancellable c = scheduler.scheduleWithFixedDelay(Duration.ZERO, Duration.ofMillis(1), () -> {
            runs.incrementAndGet();
            throw new IllegalStateException("boom");
        });
        await().atMost(Duration.ofSeconds(10)).until(() -> runs.get() >= 3);
        c.cancel();
    }

    @Test
    void cancelledTimerNeverRuns() throws Exception {
        AtomicInteger runs = new AtomicInteger();
        Cancellable c = scheduler.schedule(Duration.ofHours(1), runs::incrementAndGet);
        c.cancel();
        c.cancel();
        assertThat(runs.get()).isZero();
    }

    @Test
    void blockingWorkRunsOnTheExecutorAndCloseStopsIt() {
        CompletableFuture<String> f = CompletableFuture.supplyAsync(() -> Thread.currentThread().getName(),
                scheduler.executor());
        assertThat(f.join()).startsWith("test-worker-");
        scheduler.close();
        assertThat(scheduler.isClosed()).isTrue();
    }
}
