package dev.alexos.core.event;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * Publish/subscribe by topic pattern, in process.
 *
 * <p>Contract:
 * <ul>
 *   <li>{@link #publish} never blocks on subscribers: delivery is asynchronous, in publish
 *       order per subscriber, through a bounded queue per subscriber whose
 *       {@link OverflowPolicy} is chosen at subscribe time.</li>
 *   <li>A subscriber that throws has the failure counted (and logged once per subscriber);
 *       it keeps receiving later events. A slow subscriber only affects its own queue.</li>
 *   <li>The last {@code replayCapacity} events are kept for {@link #replay}, read by sequence
 *       number (for {@code /api/events} and WebSocket resume).</li>
 *   <li>{@link #close()} stops accepting events and drains what subscribers have queued.</li>
 * </ul>
 * Topic patterns: {@code *} (everything), {@code watchtower.*} (a module), or an exact topic.
 *
 * <p>Thread-safe.
 */
public interface EventBus extends AutoCloseable {

    /**
     * Publishes an event.
     *
     * @param topic {@code <module>.<event_type>}: lower-case letters, digits, {@code _} and one dot
     * @param source the publishing agent's id
     * @param data the payload (the bus keeps the reference: do not modify it afterwards)
     * @return the event as published, with its id, sequence number and time
     * @throws IllegalArgumentException for a malformed topic
     * @throws IllegalStateException after {@link #close()}
     */
    Event publish(String topic, String source, ObjectNode data);

    /** Subscribes with the default options (queue of 1024, {@link OverflowPolicy#DROP_OLDEST}). */
    default Subscription subscribe(String pattern, EventListener listener) {
        return subscribe(pattern, listener, SubscribeOptions.defaults());
    }

    /**
     * Subscribes to every event whose topic matches {@code pattern}.
     *
     * @throws IllegalArgumentException for a malformed pattern
     */
    Subscription subscribe(String pattern, EventListener listener, SubscribeOptions options);

    /**
     * Events with a sequence number greater than {@code afterSeq} that match {@code pattern},
     * oldest first, at most {@code limit}.
     */
    Replay replay(long afterSeq, String pattern, int limit);

    /** The newest {@code limit} events matching {@code pattern}, oldest first. */
    List<Event> recent(String pattern, int limit);

    /** Sequence number of the last published event (0 when none). */
    long lastSeq();

    /** Current subscriptions, for metrics and health. */
    List<Subscription> subscriptions();

    /** Total events published. */
    long publishedCount();

    /** Stops accepting events and waits (bounded) for subscribers to drain their queues. */
    @Override
    void close();
}
