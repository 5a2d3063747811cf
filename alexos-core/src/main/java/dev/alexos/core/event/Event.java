package dev.alexos.core.event;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Objects;

/**
 * A fact published on the {@link EventBus}. Events are values.
 *
 * @param id unique id (UUID text)
 * @param seq sequence number, strictly increasing per bus, starting at 1
 * @param topic {@code <module>.<event_type>}, e.g. {@code watchtower.container_registered}
 * @param source id of the agent (or component) that published it
 * @param time when it was published (from the bus's clock)
 * @param data the event's JSON object; treat as read-only
 */
public record Event(String id, long seq, String topic, String source, Instant time, ObjectNode data) {

    public Event {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(data, "data");
        source = source == null ? "system" : source;
    }

    /** The module part of the topic ({@code watchtower} for {@code watchtower.container_registered}). */
    public String module() {
        int dot = topic.indexOf('.');
        return dot < 0 ? topic : topic.substring(0, dot);
    }

    /** The event-type part of the topic ({@code container_registered}). */
    public String type() {
        int dot = topic.indexOf('.');
        return dot < 0 ? topic : topic.substring(dot + 1);
    }
}
