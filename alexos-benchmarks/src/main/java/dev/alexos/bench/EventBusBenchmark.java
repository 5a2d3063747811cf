package dev.alexos.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.alexos.core.event.Event;
import dev.alexos.core.event.EventListener;
import dev.alexos.core.event.OverflowPolicy;
import dev.alexos.core.event.SubscribeOptions;
import dev.alexos.core.event.Subscription;
import dev.alexos.core.internal.event.DefaultEventBus;
import dev.alexos.core.json.Json;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * {@link DefaultEventBus}: end-to-end throughput and publish→deliver latency.
 *
 * <ul>
 *   <li>{@code throughput}: one publisher, {@code subscribers} subscriptions to {@code *}. The
 *       publisher stays at most {@value #WINDOW} events ahead of the slowest subscriber (it
 *       spins otherwise), so the figure is the rate at which events are published <em>and
 *       delivered</em>, with nothing dropped (checked at tear-down), not the rate at which a
 *       publisher can fill queues.</li>
 *   <li>{@code baselineArrayBlockingQueue}: the same hand-off through the JDK's
 *       {@link ArrayBlockingQueue} to one consumer thread, same window: the reference
 *       "in-process queue" in the same run.</li>
 *   <li>{@code publishNoSubscriber}: the publishing side alone (id, clock, replay ring, lock):
 *       the upper bound of {@code throughput} with one publisher.</li>
 *   <li>{@code latency}: publishes one event and spins until every subscriber has it; sample
 *       mode gives the percentiles. {@code gapMicros} pauses before each publish (outside the
 *       measurement): 0 is a steady stream, 500 lets the delivery threads go past their spin
 *       and park, so the figure includes the wake-up.</li>
 * </ul>
 * Run: {@code java -jar alexos-benchmarks/target/benchmarks.jar EventBus -f 1 -wi 2 -i 3 -w 2s -r 3s}.
 */
public class EventBusBenchmark {
    static final int WINDOW = 2048;
    private static final int QUEUE = 4096;
    private static final String TOPIC = "bench.tick";

    /** A listener that remembers the last sequence number it saw. */
    static final class LastSeen implements EventListener {
        volatile long seq;

        @Override
        public void onEvent(Event event) {
            seq = event.seq();
        }
    }

    /** A bus, its subscribers and the flow control shared by the benchmarks. */
    @State(Scope.Benchmark)
    public static class BusState {
        @Param({"1", "8"})
        public int subscribers;

        DefaultEventBus bus;
        LastSeen[] listeners;
        List<Subscription> subscriptions;
        ObjectNode payload;
        long published;

        @Setup(Level.Trial)
        public void start() {
            bus = new DefaultEventBus(Clock.systemUTC(), 10_000);
            listeners = new LastSeen[subscribers];
            subscriptions = new ArrayList<>();
            for (int i = 0; i < subscribers; i++) {
                listeners[i] = new LastSeen();
                subscriptions.add(bus.subscribe("*", listeners[i],
                        SubscribeOptions.of("bench-" + i, QUEUE, OverflowPolicy.DROP_NEWEST)));
            }
            payload = Json.object();
            payload.put("container_id", "3f2a9c1b7d4e");
            payload.put("status", "running");
        }

        @TearDown(Level.Trial)
        public void stop() {
            long dropped = subscriptions.stream().mapToLong(s -> s.stats().dropped()).sum();
            long failed = subscriptions.stream().mapToLong(s -> s.stats().failed()).sum();
            bus.close();
            if (dropped != 0 || failed != 0) {
                throw new IllegalStateException("benchmark invalid: " + dropped + " dropped, " + failed + " failed");
            }
        }

        long slowest() {
            long min = Long.MAX_VALUE;
            for (LastSeen l : listeners) {
                min = Math.min(min, l.seq);
            }
            return min;
        }

        void awaitAllSeen(long seq) {
            // a pure busy-wait: yielding here measured the OS's context switch (~10 µs) rather
            // than the bus (docs/performance.md)
            for (LastSeen l : listeners) {
                while (l.seq < seq) {
                    Thread.onSpinWait();
                }
            }
        }
    }

    /** Pause before each latency sample. */
    @State(Scope.Thread)
    public static class Gap {
        @Param({"0", "500"})
        public int gapMicros;

        @Setup(Level.Invocation)
        public void pause() {
            if (gapMicros > 0) {
                LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(gapMicros));
            }
        }
    }

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public Event throughput(BusState s) {
        // look at the subscribers every 64 events only: reading 8 counters per publish would
        // measure cache traffic instead of the bus
        if ((++s.published & 63) == 0) {
            while (s.published - s.slowest() > WINDOW) {
                Thread.yield(); // two shared cores: let the subscriber's thread run
            }
        }
        return s.bus.publish(TOPIC, "bench", s.payload);
    }

    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public long latency(BusState s, Gap gap) {
        long seq = s.bus.publish(TOPIC, "bench", s.payload).seq();
        s.awaitAllSeen(seq);
        return seq;
    }

    /** A bus nobody subscribes to: what making an event costs (id, time, replay ring, lock). */
    @State(Scope.Benchmark)
    public static class IdleBus {
        DefaultEventBus bus;
        ObjectNode payload;

        @Setup(Level.Trial)
        public void start() {
            bus = new DefaultEventBus(Clock.systemUTC(), 10_000);
            payload = Json.object();
            payload.put("container_id", "3f2a9c1b7d4e");
        }

        @TearDown(Level.Trial)
        public void stop() {
            bus.close();
        }
    }

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public Event publishNoSubscriber(IdleBus s) {
        return s.bus.publish(TOPIC, "bench", s.payload);
    }

    /** The JDK's bounded queue, one producer → one consumer thread. */
    @State(Scope.Benchmark)
    public static class QueueState {
        final ArrayBlockingQueue<Object> queue = new ArrayBlockingQueue<>(QUEUE);
        volatile long consumed;
        volatile boolean running = true;
        long produced;
        Thread consumer;

        @Setup(Level.Trial)
        public void start() {
            consumer = new Thread(() -> {
                long n = 0;
                while (running) {
                    if (queue.poll() != null) {
                        consumed = ++n;
                    } else {
                        Thread.yield(); // as the bus's idle workers, it leaves the core to others
                    }
                }
            }, "baseline-consumer");
            consumer.setDaemon(true);
            consumer.start();
        }

        @TearDown(Level.Trial)
        public void stop() throws InterruptedException {
            running = false;
            consumer.join(1000);
        }
    }

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public boolean baselineArrayBlockingQueue(QueueState q) {
        if ((++q.produced & 63) == 0) {
            while (q.produced - q.consumed > WINDOW) {
                Thread.yield();
            }
        }
        return q.queue.offer(q);
    }
}
