package dev.alexos.chainbot.internal.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The writer's queue: batches in order, lazy writes still delivered, closing refuses more. */
class WriteQueueTest {

    @Test
    void batchesKeepOrderAndLazyWritesAreDeliveredWithoutAnUrgentOne() throws Exception {
        WriteQueue<String> q = new WriteQueue<>(100, TimeUnit.MILLISECONDS.toNanos(1));
        assertThat(q.add("a", false)).isTrue();
        assertThat(q.add("b", false)).isTrue();
        // only lazy writes: taken after the gathering window, nobody had to signal
        assertThat(q.take(0)).containsExactly("a", "b");
        q.add("c", false);
        q.add("d", true);
        assertThat(q.take(0)).containsExactly("c", "d");
    }

    @Test
    void aWriterWaitingOnAnEmptyQueueIsWokenByTheFirstWrite() throws Exception {
        WriteQueue<String> q = new WriteQueue<>(100, TimeUnit.MILLISECONDS.toNanos(1));
        CompletableFuture<List<String>> taken = CompletableFuture.supplyAsync(() -> {
            try {
                return q.take(0);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        q.add("x", false);
        assertThat(taken.get(30, TimeUnit.SECONDS)).containsExactly("x");
    }

    @Test
    void anIdleTimeoutGivesAnEmptyBatchAndClosingRefusesLaterWrites() throws Exception {
        WriteQueue<String> q = new WriteQueue<>(100, TimeUnit.MILLISECONDS.toNanos(1));
        assertThat(q.take(TimeUnit.MILLISECONDS.toNanos(1))).isEmpty();
        assertThat(q.close("stop")).isTrue();
        assertThat(q.close("again")).isFalse();
        assertThat(q.add("late", true)).isFalse();
        assertThat(q.take(0)).containsExactly("stop");
    }

    @Test
    void aFullBatchIsTakenAtOnce() throws Exception {
        WriteQueue<Integer> q = new WriteQueue<>(3, TimeUnit.HOURS.toNanos(1));
        for (int i = 0; i < 5; i++) {
            q.add(i, false);
        }
        // at or above the batch size the writer does not wait out the (here hour-long) window
        CompletableFuture<List<Integer>> taken = CompletableFuture.supplyAsync(() -> {
            try {
                return q.take(0);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        assertThat(taken.get(30, TimeUnit.SECONDS)).containsExactly(0, 1, 2, 3, 4);
    }
}
