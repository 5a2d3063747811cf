package dev.alexos.core.internal.event;

import static dev.alexos.core.internal.event.BusFixtures.data;
import static dev.alexos.core.internal.event.BusFixtures.eventually;
import static dev.alexos.core.internal.event.BusFixtures.newBus;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.alexos.core.event.Event;
import dev.alexos.core.event.OverflowPolicy;
import dev.alexos.core.event.SubscribeOptions;
import dev.alexos.core.event.Subscription;
import dev.alexos.core.internal.event.BusFixtures.BlockingRecorder;
import dev.alexos.core.internal.event.BusFixtures.Recorder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** Ordering under concurrent publishers, and isolation of failing, slow and blocked subscribers. */
class EventBusDeliveryTest {

    @Test
    void everySubscriberSeesSequenceOrderWithConcurrentPublishers() throws Exception {
        int publishers = 4;
        int perPublisher = 5_000;
        int total = publishers * perPublisher;
        SubscribeOptions roomy = SubscribeOptions.of("roomy", total, OverflowPolicy.CANCEL);
        try (DefaultEventBus bus = newBus(16)) {
            List<Recorder> all = List.of(new Recorder(), new Recorder(), new Recorder());
            List<Subscription> subs = new ArrayList<>();
            for (Recorder r : all) {
                subs.add(bus.subscribe("*", r, roomy));
            }
            Recorder onlyP0 = new Recorder();
            bus.subscribe("p0.*", onlyP0, roomy);

            ExecutorService pool = Executors.newFixedThreadPool(publishers);
            try {
                CountDownLatch start = new CountDownLatch(1);
                List<Future<?>> done = new ArrayList<>();
                for (int p = 0; p < publishers; p++) {
                    String topic = "p" + p + ".tick";
                    done.add(pool.submit(() -> {
                        start.await();
                        for (int n = 0; n < perPublisher; n++) {
                            bus.publish(topic, "test", data("n", n));
                        }
                        return null;
                    }));
                }
                start.countDown();
                for (Future<?> f : done) {
                    f.get(30, TimeUnit.SECONDS);
                }
            } finally {
                pool.shutdownNow();
            }

            for (Recorder r : all) {
                eventually().until(() -> r.events.size() == total);
                assertThat(r.seqs()).as("each subscriber sees every event in sequence order")
                        .containsExactlyElementsOf(LongStream.rangeClosed(1, total).boxed().toList());
                assertPerPublisherOrder(r.events);
            }
            eventually().until(() -> onlyP0.events.size() == perPublisher);
            assertThat(onlyP0.events).allMatch(e -> e.topic().equals("p0.tick"));
            assertThat(onlyP0.seqs()).isSorted();
            assertPerPublisherOrder(onlyP0.events);
            assertThat(subs).allSatisfy(s -> {
                assertThat(s.stats().dropped()).isZero();
                assertThat(s.stats().delivered()).isEqualTo(total);
            });
        }
    }

    private static void assertPerPublisherOrder(List<Event> events) {
        Map<String, Long> next = new HashMap<>();
        for (Event e : events) {
            long expected = next.getOrDefault(e.topic(), 0L);
            assertThat(e.data().get("n").asLong()).as("order of %s", e.topic()).isEqualTo(expected);
            next.put(e.topic(), expected + 1);
        }
    }

    @Test
    void aThrowingSubscriberIsCountedLoggedOnceAndKeepsReceiving() {
        Logger mailboxLog = (Logger) LoggerFactory.getLogger(Mailbox.class);
        ListAppender<ILoggingEvent> logs = new ListAppender<>();
        logs.start();
        mailboxLog.addAppender(logs);
        try (DefaultEventBus bus = newBus(16)) {
            List<Long> seenByThrower = new java.util.concurrent.CopyOnWriteArrayList<>();
            Subscription thrower = bus.subscribe("*", e -> {
                seenByThrower.add(e.seq());
                throw new IllegalStateException("boom " + e.seq());
            }, SubscribeOptions.of("thrower", 100, OverflowPolicy.DROP_NEWEST));
            Recorder healthy = new Recorder();
            Subscription healthySub = bus.subscribe("*", healthy);

            for (int i = 0; i < 10; i++) {
                bus.publish("a.x", "s", null);
            }

            eventually().until(() -> thrower.stats().failed() == 10);
            eventually().until(() -> healthy.events.size() == 10);
            assertThat(seenByThrower).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L);
            assertThat(thrower.stats().delivered()).isEqualTo(10);
            assertThat(thrower.isActive()).isTrue();
            assertThat(healthySub.stats().failed()).isZero();
            List<ILoggingEvent> warnings = logs.list.stream().filter(l -> l.getLevel() == Level.WARN).toList();
            assertThat(warnings).hasSize(1);
            assertThat(warnings.get(0).getFormattedMessage()).contains("thrower").contains("a.x #1");
            assertThat(warnings.get(0).getThrowableProxy().getMessage()).isEqualTo("boom 1");
        } finally {
            mailboxLog.detachAppender(logs);
        }
    }

    @Test
    void aBlockedSubscriberDoesNotHoldUpThePublisherOrOthers() throws Exception {
        try (DefaultEventBus bus = newBus(16)) {
            BlockingRecorder blocked = new BlockingRecorder();
            Subscription blockedSub = bus.subscribe("*", blocked, SubscribeOptions.of("blocked", 8, OverflowPolicy.DROP_OLDEST));
            Recorder healthy = new Recorder();
            bus.subscribe("*", healthy);
            try {
                bus.publish("a.x", "s", null);
                blocked.awaitBlocked();
                for (int i = 0; i < 500; i++) {
                    bus.publish("a.x", "s", null); // returns although "blocked" cannot take any
                }
                eventually().until(() -> healthy.events.size() == 501);
                assertThat(blockedSub.stats().queued()).isEqualTo(8);
                assertThat(blockedSub.stats().dropped()).isEqualTo(500 - 8);
            } finally {
                blocked.release();
            }
            eventually().until(() -> blocked.events.size() == 9);
            assertThat(blocked.seqs()).containsExactly(1L, 494L, 495L, 496L, 497L, 498L, 499L, 500L, 501L);
        }
    }

    @Test
    void blockedListenersOnEveryWorkerDoNotStarveOtherSubscribers() throws Exception {
        BusSettings oneWorker = BusSettings.builder().workers(1).stuckAfter(Duration.ofMillis(5)).build();
        try (DefaultEventBus bus = newBus(16, oneWorker)) {
            BlockingRecorder first = new BlockingRecorder();
            BlockingRecorder second = new BlockingRecorder();
            bus.subscribe("slow.one", first);
            bus.subscribe("slow.two", second);
            Recorder healthy = new Recorder();
            bus.subscribe("fast.*", healthy);
            try {
                bus.publish("slow.one", "s", null);
                first.awaitBlocked(); // the only core worker is now stuck
                bus.publish("slow.two", "s", null);
                second.awaitBlocked(); // only possible on an added worker
                for (int i = 0; i < 100; i++) {
                    bus.publish("fast.tick", "s", null);
                }
                eventually().until(() -> healthy.events.size() == 100);
                assertThat(bus.deliveryThreads()).isGreaterThanOrEqualTo(3);
            } finally {
                first.release();
                second.release();
            }
        }
    }

    @Test
    void aListenerMayPublishAndCancelItself() {
        try (DefaultEventBus bus = newBus(16)) {
            Recorder replies = new Recorder();
            bus.subscribe("chainbot.step_done", replies);
            Subscription[] self = new Subscription[1];
            self[0] = bus.subscribe("chainbot.step_requested", e -> {
                long step = e.data().get("step").asLong();
                bus.publish("chainbot.step_done", "worker", data("step", step));
                if (step == 3) {
                    self[0].cancel();
                }
            });
            for (int step = 1; step <= 5; step++) {
                bus.publish("chainbot.step_requested", "test", data("step", step));
            }
            eventually().until(() -> !self[0].isActive());
            eventually().until(() -> replies.events.size() == 3);
            assertThat(replies.events).extracting(e -> e.data().get("step").asLong()).containsExactly(1L, 2L, 3L);
            assertThat(replies.seqs()).isSorted();
        }
    }

    @Test
    void twoHundredFiftySubscriptionsShareAFewThreads() {
        // stuckAfter far above any run here: a loaded machine pausing a worker must not add one
        BusSettings twoWorkers = BusSettings.builder().workers(2).stuckAfter(Duration.ofMinutes(1)).build();
        try (DefaultEventBus bus = newBus(16, twoWorkers)) {
            List<Recorder> clients = new ArrayList<>();
            for (int i = 0; i < 250; i++) {
                Recorder r = new Recorder();
                clients.add(r);
                bus.subscribe("*", r, SubscribeOptions.of("ws-client-" + i, 256, OverflowPolicy.CANCEL));
            }
            for (int i = 0; i < 200; i++) {
                bus.publish("watchtower.container_status_changed", "monitor", data("i", i));
            }
            for (Recorder r : clients) {
                eventually().until(() -> r.events.size() == 200);
                assertThat(r.seqs()).isSorted();
            }
            assertThat(bus.subscriptions()).hasSize(250);
            assertThat(bus.deliveryThreads()).isEqualTo(2);
        }
    }
}
