package dev.alexos.core.internal.event;

import static dev.alexos.core.internal.event.BusFixtures.eventually;
import static dev.alexos.core.internal.event.BusFixtures.newBus;
import static org.assertj.core.api.Assertions.assertThat;

import dev.alexos.core.event.OverflowPolicy;
import dev.alexos.core.event.SubscribeOptions;
import dev.alexos.core.event.SubscriberStats;
import dev.alexos.core.event.Subscription;
import dev.alexos.core.internal.event.BusFixtures.BlockingRecorder;
import dev.alexos.core.internal.event.BusFixtures.Recorder;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Each overflow policy with exact counts. The subscriber blocks inside event 1 (already taken
 * off its queue), so events 2..6 meet a queue of capacity 3 that nobody drains.
 */
class EventBusOverflowTest {
    private final DefaultEventBus bus = newBus(16);
    private final BlockingRecorder listener = new BlockingRecorder();

    @AfterEach
    void cleanUp() {
        listener.release();
        bus.close();
    }

    private Subscription blockedAfterFirst(OverflowPolicy policy, List<String> cancelReasons) throws Exception {
        Subscription sub = bus.subscribe("*", listener,
                SubscribeOptions.of("ws-client-7", 3, policy).withOnCancelled(cancelReasons::add));
        bus.publish("a.x", "s", null);
        listener.awaitBlocked();
        for (int i = 0; i < 5; i++) {
            bus.publish("a.x", "s", null);
        }
        return sub;
    }

    @Test
    void dropOldestKeepsTheNewest() throws Exception {
        List<String> reasons = new CopyOnWriteArrayList<>();
        Subscription sub = blockedAfterFirst(OverflowPolicy.DROP_OLDEST, reasons);

        assertThat(sub.stats()).isEqualTo(new SubscriberStats(1, 2, 0, 3));
        listener.release();
        eventually().until(() -> listener.events.size() == 4);
        assertThat(listener.seqs()).containsExactly(1L, 4L, 5L, 6L);
        assertThat(sub.stats()).isEqualTo(new SubscriberStats(4, 2, 0, 0));
        assertThat(sub.isActive()).isTrue();
        assertThat(reasons).isEmpty();
    }

    @Test
    void dropNewestKeepsWhatIsQueued() throws Exception {
        List<String> reasons = new CopyOnWriteArrayList<>();
        Subscription sub = blockedAfterFirst(OverflowPolicy.DROP_NEWEST, reasons);

        assertThat(sub.stats()).isEqualTo(new SubscriberStats(1, 2, 0, 3));
        listener.release();
        eventually().until(() -> listener.events.size() == 4);
        assertThat(listener.seqs()).containsExactly(1L, 2L, 3L, 4L);
        assertThat(sub.stats()).isEqualTo(new SubscriberStats(4, 2, 0, 0));
        assertThat(reasons).isEmpty();
    }

    @Test
    void cancelEndsTheSubscriptionAndSaysWhy() throws Exception {
        List<String> reasons = new CopyOnWriteArrayList<>();
        Recorder other = new Recorder();
        bus.subscribe("*", other);
        Subscription sub = blockedAfterFirst(OverflowPolicy.CANCEL, reasons);

        // event 5 overflowed: it and the 3 queued (2, 3, 4) are dropped; 6 was never offered
        eventually().until(() -> reasons.size() == 1);
        assertThat(reasons.get(0)).contains("queue full").contains("CANCEL");
        assertThat(sub.isActive()).isFalse();
        assertThat(sub.stats()).isEqualTo(new SubscriberStats(1, 4, 0, 0));
        assertThat(bus.subscriptions()).doesNotContain(sub);

        listener.release();
        bus.publish("a.x", "s", null);
        eventually().until(() -> other.events.size() == 7);
        assertThat(listener.seqs()).containsExactly(1L);
        assertThat(reasons).hasSize(1);

        bus.close();
        assertThat(reasons).as("a cancelled subscription is not told again on close").hasSize(1);
    }

    @Test
    void dropOldestUnderRacingProducerAndConsumerNeverDuplicatesOrReorders() {
        Recorder racing = new Recorder();
        Subscription sub = bus.subscribe("*", racing, SubscribeOptions.of("racing", 4, OverflowPolicy.DROP_OLDEST));
        int total = 50_000;
        for (int i = 0; i < total; i++) {
            bus.publish("a.x", "s", null);
        }
        eventually().until(() -> sub.stats().queued() == 0 && sub.stats().delivered() == racing.events.size());
        SubscriberStats stats = sub.stats();
        assertThat(stats.delivered() + stats.dropped()).isEqualTo(total);
        assertThat(racing.seqs()).isSorted().doesNotHaveDuplicates();
        assertThat(racing.seqs()).last().isEqualTo((long) total); // the newest is never the one dropped
    }

    @Test
    void aSubscriberThatKeepsUpDropsNothing() {
        Recorder fast = new Recorder();
        Subscription sub = bus.subscribe("*", fast, SubscribeOptions.of("fast", 1, OverflowPolicy.CANCEL));
        for (int i = 0; i < 20; i++) {
            bus.publish("a.x", "s", null);
            int expected = i + 1;
            eventually().until(() -> fast.events.size() == expected);
        }
        assertThat(sub.stats()).isEqualTo(new SubscriberStats(20, 0, 0, 0));
    }
}
