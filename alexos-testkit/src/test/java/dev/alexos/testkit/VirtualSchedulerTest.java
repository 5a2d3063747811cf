package dev.alexos.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.alexos.core.Cancellable;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class VirtualSchedulerTest {
    private final VirtualClock clock = VirtualClock.create();
    private final VirtualScheduler scheduler = new VirtualScheduler(clock);
    private final List<String> fired = new ArrayList<>();

    @Test
    void nothingFiresUntilTimeIsAdvancedThenWorkFiresInDueOrderAtItsDueTime() {
        scheduler.schedule(Duration.ofSeconds(20), () -> fired.add("b@" + clock.instant()));
        scheduler.schedule(Duration.ofSeconds(10), () -> fired.add("a@" + clock.instant()));
        scheduler.schedule(Duration.ofSeconds(60), () -> fired.add("c"));
        assertThat(fired).isEmpty();

        clock.advance(Duration.ofSeconds(30));

        assertThat(fired).containsExactly("a@2026-01-01T00:00:10Z", "b@2026-01-01T00:00:20Z");
        assertThat(clock.instant()).isEqualTo(Instant.parse("2026-01-01T00:00:30Z"));
        assertThat(scheduler.pendingCount()).isEqualTo(1);
    }

    @Test
    void remembersEveryDelayAskedForInOrder() {
        assertThat(scheduler.requestedDelays()).isEmpty();
        scheduler.schedule(Duration.ofSeconds(4), () -> fired.add("retry"));
        Cancellable periodic = scheduler.scheduleWithFixedDelay(Duration.ofSeconds(1), Duration.ofSeconds(10), () -> { });
        clock.advance(Duration.ofSeconds(25));
        periodic.cancel();

        // the periodic task's later runs are not new requests
        assertThat(scheduler.requestedDelays()).containsExactly(Duration.ofSeconds(4), Duration.ofSeconds(1));
    }

    @Test
    void periodicWorkRunsEveryPeriodAndStopsWhenCancelled() {
        Cancellable c = scheduler.scheduleWithFixedDelay(Duration.ofSeconds(5), Duration.ofSeconds(10),
                () -> fired.add(clock.instant().toString()));
        clock.advance(Duration.ofSeconds(36));
        assertThat(fired).containsExactly("2026-01-01T00:00:05Z", "2026-01-01T00:00:15Z", "2026-01-01T00:00:25Z",
                "2026-01-01T00:00:35Z");
        c.cancel();
        clock.advance(Duration.ofMinutes(5));
        assertThat(fired).hasSize(4);
        assertThat(scheduler.pendingCount()).isZero();
    }

    @Test
    void aTaskMayCancelItsOwnSeriesAndScheduleMoreWork() {
        Cancellable[] self = new Cancellable[1];
        self[0] = scheduler.scheduleWithFixedDelay(Duration.ZERO, Duration.ofSeconds(1), () -> {
            fired.add("tick");
            if (fired.size() == 3) {
                self[0].cancel();
                scheduler.schedule(Duration.ofSeconds(1), () -> fired.add("after"));
            }
        });
        clock.advance(Duration.ofSeconds(10));
        assertThat(fired).containsExactly("tick", "tick", "tick", "after");
    }

    @Test
    void aFailingTaskKeepsItsScheduleAndTheFailureIsKept() {
        scheduler.scheduleWithFixedDelay(Duration.ofSeconds(1), Duration.ofSeconds(1), () -> {
            fired.add("run");
            throw new IllegalStateException("boom");
        });
        clock.advance(Duration.ofSeconds(3));
        assertThat(fired).hasSize(3);
        assertThat(scheduler.failures()).hasSize(3).first().hasFieldOrPropertyWithValue("message", "boom");
    }

    @Test
    void delayCompletesOnlyWhenTimeReachesIt() {
        CompletableFuture<Void> f = scheduler.delay(Duration.ofMinutes(2));
        clock.advance(Duration.ofSeconds(119));
        assertThat(f).isNotDone();
        clock.advance(Duration.ofSeconds(1));
        assertThat(f).isDone();
    }

    @Test
    void zeroDelayWorkRunsOnRunDueWithoutMovingTime() {
        scheduler.schedule(Duration.ZERO, () -> fired.add("now"));
        assertThat(fired).isEmpty();
        clock.runDue();
        assertThat(fired).containsExactly("now");
        assertThat(clock.instant()).isEqualTo(VirtualClock.DEFAULT_START);
    }

    @Test
    void zonedCopiesShareTheTimeAndTimeNeverGoesBack() {
        var paris = clock.withZone(ZoneId.of("Europe/Paris"));
        clock.advance(Duration.ofHours(1));
        assertThat(paris.instant()).isEqualTo(clock.instant());
        assertThatThrownBy(() -> clock.advance(Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("only moves forward");
    }

    @Test
    void closedSchedulerFiresNothingAndRefusesWork() {
        scheduler.schedule(Duration.ofSeconds(1), () -> fired.add("x"));
        scheduler.close();
        clock.advance(Duration.ofSeconds(5));
        assertThat(fired).isEmpty();
        assertThatThrownBy(() -> scheduler.schedule(Duration.ZERO, () -> { })).isInstanceOf(IllegalStateException.class);
    }
}
