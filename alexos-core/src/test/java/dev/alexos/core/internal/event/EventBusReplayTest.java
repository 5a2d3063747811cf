package dev.alexos.core.internal.event;

import static dev.alexos.core.internal.event.BusFixtures.newBus;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.alexos.core.event.Event;
import dev.alexos.core.event.Replay;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The replay buffer: reads by sequence number, gap detection, recent events. */
class EventBusReplayTest {
    /** Holds the last 5 of 8 events: 4..8. Odd sequence numbers are {@code a.odd}, even {@code b.even}. */
    private final DefaultEventBus bus = newBus(5);

    @AfterEach
    void closeBus() {
        bus.close();
    }

    private void publishEight() {
        for (int i = 1; i <= 8; i++) {
            bus.publish(i % 2 == 1 ? "a.odd" : "b.even", "s", null);
        }
    }

    private static List<Long> seqs(List<Event> events) {
        return events.stream().map(Event::seq).toList();
    }

    @Test
    void emptyBus() {
        Replay replay = bus.replay(0, "*", 10);
        assertThat(replay).isEqualTo(new Replay(List.of(), false, 0, 0));
        assertThat(bus.recent("*", 10)).isEmpty();
    }

    @Test
    void replayWithinTheBufferHasNoGap() {
        publishEight();
        Replay replay = bus.replay(3, "*", 100);
        assertThat(seqs(replay.events())).containsExactly(4L, 5L, 6L, 7L, 8L);
        assertThat(replay.gap()).isFalse();
        assertThat(replay.oldestAvailable()).isEqualTo(4);
        assertThat(replay.lastSeq()).isEqualTo(8);

        assertThat(seqs(bus.replay(6, "*", 100).events())).containsExactly(7L, 8L);
    }

    @Test
    void replayFromBeforeTheBufferReportsTheGap() {
        publishEight();
        Replay fromStart = bus.replay(0, "*", 100);
        assertThat(seqs(fromStart.events())).containsExactly(4L, 5L, 6L, 7L, 8L);
        assertThat(fromStart.gap()).as("1..3 were evicted").isTrue();
        assertThat(fromStart.oldestAvailable()).isEqualTo(4);

        assertThat(bus.replay(2, "*", 100).gap()).as("3 was evicted").isTrue();
    }

    @Test
    void replayIsUpToDateWhenNothingIsNewer() {
        publishEight();
        Replay replay = bus.replay(8, "*", 10);
        assertThat(replay.events()).isEmpty();
        assertThat(replay.gap()).isFalse();
        assertThat(replay.lastSeq()).isEqualTo(8);
    }

    @Test
    void replayFiltersByPatternAndStopsAtTheLimit() {
        publishEight();
        assertThat(seqs(bus.replay(3, "a.*", 100).events())).containsExactly(5L, 7L);
        assertThat(seqs(bus.replay(3, "b.even", 100).events())).containsExactly(4L, 6L, 8L);
        assertThat(seqs(bus.replay(3, "*", 2).events())).containsExactly(4L, 5L);
        assertThat(bus.replay(3, "c.*", 10).events()).isEmpty();
    }

    @Test
    void recentReturnsTheNewestOldestFirst() {
        publishEight();
        assertThat(seqs(bus.recent("*", 3))).containsExactly(6L, 7L, 8L);
        assertThat(seqs(bus.recent("a.*", 10))).containsExactly(5L, 7L);
        assertThat(seqs(bus.recent("*", 100))).containsExactly(4L, 5L, 6L, 7L, 8L);
    }

    @Test
    void invalidArgumentsAreNamed() {
        assertThatThrownBy(() -> bus.replay(-1, "*", 10)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("afterSeq");
        assertThatThrownBy(() -> bus.replay(0, "*", 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("limit");
        assertThatThrownBy(() -> bus.recent("*", 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("limit");
        assertThatThrownBy(() -> bus.replay(0, "nope", 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("pattern");
    }

    @Test
    void zeroCapacityKeepsNothingAndReportsEverythingAsAGap() {
        try (DefaultEventBus noReplay = newBus(0)) {
            noReplay.publish("a.x", "s", null);
            noReplay.publish("a.x", "s", null);
            assertThat(noReplay.replay(0, "*", 10)).isEqualTo(new Replay(List.of(), true, 0, 2));
            assertThat(noReplay.replay(2, "*", 10).gap()).isFalse();
            assertThat(noReplay.recent("*", 10)).isEmpty();
        }
    }

    @Test
    void readsStayConsistentWhileTheBufferWrapsManyTimes() {
        for (int i = 0; i < 1_003; i++) {
            bus.publish("a.x", "s", null);
        }
        Replay replay = bus.replay(990, "*", 100);
        assertThat(seqs(replay.events())).containsExactly(999L, 1000L, 1001L, 1002L, 1003L);
        assertThat(replay.gap()).isTrue();
        assertThat(replay.oldestAvailable()).isEqualTo(999);
    }
}
