package dev.alexos.server.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.alexos.core.Agent;
import dev.alexos.core.AgentInfo;
import dev.alexos.core.AgentRegistry;
import dev.alexos.core.Task;
import dev.alexos.core.TaskResult;
import dev.alexos.core.dashboard.DashboardTab;
import dev.alexos.core.event.Event;
import dev.alexos.core.event.EventBus;
import dev.alexos.core.event.EventListener;
import dev.alexos.core.event.OverflowPolicy;
import dev.alexos.core.event.Replay;
import dev.alexos.core.event.SubscribeOptions;
import dev.alexos.core.event.SubscriberStats;
import dev.alexos.core.event.Subscription;
import dev.alexos.core.event.TopicPattern;
import dev.alexos.core.http.ApiRoute;
import dev.alexos.core.json.Json;
import dev.alexos.core.ledger.Ledger;
import dev.alexos.core.ledger.LedgerEntry;
import dev.alexos.core.ledger.VerifyReport;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A small in-memory runtime for the host's offline tests: a bus with per-subscriber bounded queues
 * and a delivery thread each, a replay buffer, a ledger that keeps entries in a list, an empty agent
 * registry. The real runtime is exercised by the *IT tests.
 */
final class TestRuntime implements HostRuntime {
    final List<ApiRoute> routes = new ArrayList<>();
    final List<DashboardTab> tabs = new ArrayList<>();
    final Bus bus;
    final MemLedger ledger = new MemLedger();

    TestRuntime(int replayCapacity) {
        this.bus = new Bus(replayCapacity);
    }

    @Override
    public List<ApiRoute> routes() {
        return routes;
    }

    @Override
    public List<DashboardTab> dashboardTabs() {
        return tabs;
    }

    @Override
    public EventBus eventBus() {
        return bus;
    }

    @Override
    public Ledger ledger() {
        return ledger;
    }

    @Override
    public AgentRegistry agents() {
        return new AgentRegistry() {
            public AgentInfo register(Agent agent) {
                throw new UnsupportedOperationException();
            }

            public boolean unregister(String agentId) {
                return false;
            }

            public Optional<AgentInfo> find(String agentId) {
                return Optional.empty();
            }

            public Optional<Agent> agent(String agentId) {
                return Optional.empty();
            }

            public List<AgentInfo> list() {
                return List.of();
            }

            public List<AgentInfo> withCapability(String capability) {
                return List.of();
            }

            public CompletableFuture<TaskResult> send(String agentId, Task task) {
                return CompletableFuture.failedFuture(new IllegalStateException());
            }
        };
    }

    static final class Bus implements EventBus {
        private final int capacity;
        private final List<Event> buffer = new ArrayList<>();
        private final List<Sub> subs = new CopyOnWriteArrayList<>();
        private long seq;

        Bus(int capacity) {
            this.capacity = capacity;
        }

        @Override
        public synchronized Event publish(String topic, String source, ObjectNode data) {
            TopicPattern.requireValidTopic(topic);
            Event e = new Event(UUID.randomUUID().toString(), ++seq, topic, source, Instant.now(), data);
            buffer.add(e);
            if (buffer.size() > capacity) {
                buffer.remove(0);
            }
            for (Sub s : subs) {
                s.offer(e);
            }
            return e;
        }

        @Override
        public Subscription subscribe(String pattern, EventListener listener, SubscribeOptions options) {
            Sub s = new Sub(TopicPattern.parse(pattern), listener, options);
            subs.add(s);
            s.thread.start();
            return s;
        }

        @Override
        public synchronized Replay replay(long afterSeq, String pattern, int limit) {
            TopicPattern p = TopicPattern.parse(pattern);
            long oldest = buffer.isEmpty() ? 0 : buffer.get(0).seq();
            boolean gap = !buffer.isEmpty() && afterSeq + 1 < oldest;
            List<Event> out = buffer.stream().filter(e -> e.seq() > afterSeq && p.matches(e.topic())).limit(limit).toList();
            return new Replay(out, gap, oldest, seq);
        }

        @Override
        public synchronized List<Event> recent(String pattern, int limit) {
            return List.copyOf(buffer);
        }

        @Override
        public synchronized long lastSeq() {
            return seq;
        }

        @Override
        public List<Subscription> subscriptions() {
            return List.copyOf(subs);
        }

        @Override
        public synchronized long publishedCount() {
            return seq;
        }

        @Override
        public void close() {
            subs.forEach(Sub::cancel);
        }

        final class Sub implements Subscription {
            private final TopicPattern pattern;
            private final EventListener listener;
            private final SubscribeOptions options;
            private final BlockingQueue<Event> queue;
            private final AtomicBoolean active = new AtomicBoolean(true);
            private final Thread thread;

            Sub(TopicPattern pattern, EventListener listener, SubscribeOptions options) {
                this.pattern = pattern;
                this.listener = listener;
                this.options = options;
                this.queue = new ArrayBlockingQueue<>(options.queueCapacity());
                this.thread = new Thread(this::run, "test-bus-" + options.name());
                thread.setDaemon(true);
            }

            void offer(Event e) {
                if (!active.get() || !pattern.matches(e.topic())) {
                    return;
                }
                if (!queue.offer(e)) {
                    if (options.overflow() == OverflowPolicy.CANCEL) {
                        cancel();
                        options.onCancelled().accept("queue full (" + options.queueCapacity() + " events)");
                    } else if (options.overflow() == OverflowPolicy.DROP_OLDEST) {
                        queue.poll();
                        queue.offer(e);
                    }
                }
            }

            private void run() {
                while (active.get()) {
                    try {
                        Event e = queue.take();
                        try {
                            listener.onEvent(e);
                        } catch (Exception ignored) {
                            // counted by a real bus; not needed here
                        }
                    } catch (InterruptedException ie) {
                        return;
                    }
                }
            }

            public String name() {
                return options.name();
            }

            public String pattern() {
                return pattern.toString();
            }

            public SubscriberStats stats() {
                return new SubscriberStats(0, 0, 0, queue.size());
            }

            public boolean isActive() {
                return active.get();
            }

            public void cancel() {
                if (active.compareAndSet(true, false)) {
                    subs.remove(this);
                    thread.interrupt();
                }
            }
        }
    }

    static final class MemLedger implements Ledger {
        final List<LedgerEntry> entries = new CopyOnWriteArrayList<>();

        @Override
        public synchronized CompletableFuture<LedgerEntry> append(String type, Object payload) {
            LedgerEntry e = new LedgerEntry(entries.size() + 1, Instant.now(), type, Json.mapper().valueToTree(payload),
                    LedgerEntry.GENESIS_HASH, LedgerEntry.GENESIS_HASH);
            entries.add(e);
            return CompletableFuture.completedFuture(e);
        }

        public List<LedgerEntry> read(long fromSeq, int limit) {
            return entries.stream().filter(e -> e.seq() >= fromSeq).limit(limit).toList();
        }

        public List<LedgerEntry> tail(int limit) {
            return List.copyOf(entries);
        }

        public VerifyReport verify() {
            throw new UnsupportedOperationException();
        }

        public long headSeq() {
            return entries.size();
        }

        public String headHash() {
            return LedgerEntry.GENESIS_HASH;
        }

        public void close() {
        }
    }
}
