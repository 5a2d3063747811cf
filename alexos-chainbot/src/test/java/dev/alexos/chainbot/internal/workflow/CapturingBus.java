package dev.alexos.chainbot.internal.workflow;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.alexos.core.event.Event;
import dev.alexos.core.event.EventBus;
import dev.alexos.core.event.EventListener;
import dev.alexos.core.event.Replay;
import dev.alexos.core.event.SubscribeOptions;
import dev.alexos.core.event.Subscription;
import dev.alexos.core.event.TopicPattern;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/** Records published events; subscriptions are not needed by the engine and are refused. */
final class CapturingBus implements EventBus {
    final List<Event> events = new CopyOnWriteArrayList<>();
    private final AtomicLong seq = new AtomicLong();

    @Override
    public Event publish(String topic, String source, ObjectNode data) {
        TopicPattern.requireValidTopic(topic);
        Event e = new Event(UUID.randomUUID().toString(), seq.incrementAndGet(), topic, source, Instant.now(), data);
        events.add(e);
        return e;
    }

    List<Event> topic(String topic) {
        return events.stream().filter(e -> e.topic().equals(topic)).toList();
    }

    @Override
    public Subscription subscribe(String pattern, EventListener listener, SubscribeOptions options) {
        throw new UnsupportedOperationException("not used by the workflow engine");
    }

    @Override
    public Replay replay(long afterSeq, String pattern, int limit) {
        throw new UnsupportedOperationException("not used by the workflow engine");
    }

    @Override
    public List<Event> recent(String pattern, int limit) {
        return List.copyOf(events);
    }

    @Override
    public long lastSeq() {
        return seq.get();
    }

    @Override
    public List<Subscription> subscriptions() {
        return List.of();
    }

    @Override
    public long publishedCount() {
        return events.size();
    }

    @Override
    public void close() {
    }
}
