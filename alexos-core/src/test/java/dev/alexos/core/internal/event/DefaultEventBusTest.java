package dev.alexos.core.internal.event;

import static dev.alexos.core.internal.event.BusFixtures.NOW;
import static dev.alexos.core.internal.event.BusFixtures.data;
import static dev.alexos.core.internal.event.BusFixtures.eventually;
import static dev.alexos.core.internal.event.BusFixtures.newBus;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.alexos.core.event.Event;
import dev.alexos.core.event.OverflowPolicy;
import dev.alexos.core.event.SubscribeOptions;
import dev.alexos.core.event.Subscription;
import dev.alexos.core.internal.event.BusFixtures.BlockingRecorder;
import dev.alexos.core.internal.event.BusFixtures.Recorder;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

/** Publishing, validation, pattern matching, cancellation and close. */
class DefaultEventBusTest {
    private final DefaultEventBus bus = newBus(100);

    @AfterEach
    void closeBus() {
        bus.close();
    }

    @Test
    void publishAssignsIncreasingSequenceNumbersIdsAndClockTime() {
        Event first = bus.publish("watchtower.container_registered", "monitor", data("n", 1));
        Event second = bus.publish("chainbot.workflow_executed", null, null);

        assertThat(first.seq()).isEqualTo(1);
        assertThat(first.id()).isEqualTo("id-1");
        assertThat(first.time()).isEqualTo(NOW);
        assertThat(first.source()).isEqualTo("monitor");
        assertThat(first.module()).isEqualTo("watchtower");
        assertThat(first.type()).isEqualTo("container_registered");
        assertThat(first.data().get("n").asLong()).isEqualTo(1);
        assertThat(second.seq()).isEqualTo(2);
        assertThat(second.source()).isEqualTo("system");
        assertThat(second.data().isEmpty()).isTrue();
        assertThat(bus.lastSeq()).isEqualTo(2);
        assertThat(bus.publishedCount()).isEqualTo(2);
    }

    @Test
    void defaultIdsAreDistinctUuids() {
        try (DefaultEventBus uuidBus = new DefaultEventBus(BusFixtures.CLOCK, 10)) {
            String a = uuidBus.publish("a.b", "s", null).id();
            String b = uuidBus.publish("a.b", "s", null).id();
            assertThat(UUID.fromString(a).version()).isEqualTo(4);
            assertThat(a).isNotEqualTo(b);
        }
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"watchtower", "Watchtower.started", "watchtower.*", "a.b.c", "a-b.c", ".x", "x.", "*"})
    void malformedTopicsAreRejectedNamingTheTopic(String topic) {
        assertThatThrownBy(() -> bus.publish(topic, "s", null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("invalid topic '" + topic + "'");
        assertThat(bus.lastSeq()).isZero();
    }

    @Test
    void fastTopicCheckAgreesWithTheTopicRule() {
        Pattern rule = Pattern.compile("[a-z0-9_]+\\.[a-z0-9_]+");
        String alphabet = "az09_.A-*é ";
        Random random = new Random(42);
        for (int i = 0; i < 20_000; i++) {
            StringBuilder topic = new StringBuilder();
            int length = random.nextInt(6);
            for (int j = 0; j < length; j++) {
                topic.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            String t = topic.toString();
            assertThat(DefaultEventBus.isValidTopic(t)).as(t).isEqualTo(rule.matcher(t).matches());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "watchtower*", "*.started", "watchtower.**", "Watchtower.*", "a.b.c"})
    void malformedPatternsAreRejectedNamingThePattern(String pattern) {
        assertThatThrownBy(() -> bus.subscribe(pattern, e -> { }))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("invalid topic pattern '" + pattern + "'");
        assertThatThrownBy(() -> bus.recent(pattern, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThat(bus.subscriptions()).isEmpty();
    }

    @Test
    void oversizedQueuesAreRejected() {
        SubscribeOptions huge = SubscribeOptions.of("huge", DefaultEventBus.MAX_QUEUE_CAPACITY + 1, OverflowPolicy.DROP_OLDEST);
        assertThatThrownBy(() -> bus.subscribe("*", e -> { }, huge))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("queueCapacity");
    }

    @Test
    void patternsSelectAllOneModuleOrOneTopic() {
        Recorder all = new Recorder();
        Recorder watchtower = new Recorder();
        Recorder exact = new Recorder();
        bus.subscribe("*", all);
        bus.subscribe("watchtower.*", watchtower);
        bus.subscribe("watchtower.container_registered", exact);

        bus.publish("watchtower.container_registered", "m", null);
        bus.publish("watchtower.container_status_changed", "m", null);
        bus.publish("watchtowerx.container_registered", "m", null); // a prefix of the module is not the module
        bus.publish("chainbot.workflow_executed", "m", null);

        eventually().until(() -> all.events.size() == 4);
        eventually().until(() -> watchtower.events.size() == 2);
        eventually().until(() -> exact.events.size() == 1);
        assertThat(all.seqs()).containsExactly(1L, 2L, 3L, 4L);
        assertThat(watchtower.seqs()).containsExactly(1L, 2L);
        assertThat(exact.seqs()).containsExactly(1L);
    }

    @Test
    void subscriptionsAreListedUntilCancelledAndCancelStopsDelivery() {
        Recorder recorder = new Recorder();
        List<String> cancelReasons = new CopyOnWriteArrayList<>();
        Subscription sub = bus.subscribe("a.*", recorder,
                SubscribeOptions.of("client-1", 16, OverflowPolicy.DROP_OLDEST).withOnCancelled(cancelReasons::add));
        assertThat(bus.subscriptions()).extracting(Subscription::name).containsExactly("client-1");
        assertThat(sub.pattern()).isEqualTo("a.*");

        bus.publish("a.x", "s", null);
        eventually().until(() -> recorder.events.size() == 1);
        sub.cancel();
        sub.cancel(); // idempotent
        bus.publish("a.x", "s", null);

        assertThat(sub.isActive()).isFalse();
        assertThat(bus.subscriptions()).isEmpty();
        assertThat(recorder.seqs()).containsExactly(1L);
        assertThat(sub.stats().delivered()).isEqualTo(1);
        assertThat(cancelReasons).as("onCancelled is for cancellations by the bus").isEmpty();
    }

    @Test
    void closeDrainsQueuedEventsThenCancelsWithReason() throws Exception {
        BlockingRecorder slow = new BlockingRecorder();
        List<String> log = new CopyOnWriteArrayList<>();
        Subscription sub = bus.subscribe("*", event -> {
            slow.onEvent(event);
            log.add("event " + event.seq());
        }, SubscribeOptions.of("slow", 100, OverflowPolicy.DROP_NEWEST).withOnCancelled(r -> log.add("cancelled: " + r)));
        for (int i = 0; i < 5; i++) {
            bus.publish("a.x", "s", null);
        }
        slow.awaitBlocked();

        CompletableFuture<Void> closing = CompletableFuture.runAsync(bus::close);
        // closing has begun once new subscriptions are refused
        eventually().until(() -> {
            try {
                bus.subscribe("a.none", e -> { }).cancel();
                return false;
            } catch (IllegalStateException refused) {
                return true;
            }
        });
        assertThat(closing).isNotDone();
        slow.release();
        closing.get(10, TimeUnit.SECONDS);

        assertThat(log).containsExactly("event 1", "event 2", "event 3", "event 4", "event 5", "cancelled: bus closed");
        assertThat(sub.isActive()).isFalse();
        assertThat(sub.stats().dropped()).isZero();
        assertThatThrownBy(() -> bus.publish("a.x", "s", null))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed");
        assertThat(bus.subscriptions()).isEmpty();
        bus.close(); // idempotent
    }

    @Test
    void closeGivesUpOnAStuckSubscriberAfterTheTimeoutAndCountsItsQueueAsDropped() throws Exception {
        BusSettings settings = BusSettings.builder().closeTimeout(Duration.ofMillis(50)).build();
        try (DefaultEventBus shortBus = newBus(10, settings)) {
            BlockingRecorder stuck = new BlockingRecorder();
            List<String> reasons = new CopyOnWriteArrayList<>();
            Subscription sub = shortBus.subscribe("*", stuck,
                    SubscribeOptions.of("stuck", 10, OverflowPolicy.DROP_NEWEST).withOnCancelled(reasons::add));
            for (int i = 0; i < 4; i++) {
                shortBus.publish("a.x", "s", null);
            }
            stuck.awaitBlocked();
            try {
                shortBus.close();
            } finally {
                stuck.release();
            }
            assertThat(reasons).containsExactly("bus closed");
            assertThat(sub.stats().dropped()).isEqualTo(3);
            assertThat(sub.stats().queued()).isZero();
            assertThat(stuck.seqs()).containsExactly(1L);
        }
    }

    @Test
    void subscribeAfterCloseIsRefused() {
        bus.close();
        assertThatThrownBy(() -> bus.subscribe("*", e -> { }))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void closeStopsTheDeliveryThreads() {
        bus.subscribe("*", e -> { });
        bus.publish("a.x", "s", null);
        bus.close();
        eventually().until(() -> bus.deliveryThreads() == 0);
    }
}
