package dev.alexos.testkit;

import dev.alexos.core.event.Event;
import dev.alexos.core.event.TopicPattern;
import dev.alexos.testkit.internal.JsonMatch;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.assertj.core.api.AbstractAssert;

/**
 * Assertions on captured events (from {@link CapturingEventBus#events()}). Failure messages
 * list what was captured, so a wrong topic or field is visible at once.
 *
 * <pre>{@code
 * assertThat(kit.events())
 *     .containsTopic("chainbot.workflow_executed")
 *     .doesNotContainTopic("chainbot.workflow_failed")
 *     .lastEvent("chainbot.workflow_executed").hasData("status", "completed");
 * }</pre>
 */
public final class EventsAssert extends AbstractAssert<EventsAssert, List<Event>> {

    EventsAssert(List<Event> actual) {
        super(actual, EventsAssert.class);
    }

    /** There is at least one event with exactly this topic. */
    public EventsAssert containsTopic(String topic) {
        isNotNull();
        if (actual.stream().noneMatch(e -> e.topic().equals(topic))) {
            failWithMessage("Expected an event with topic <%s> but the %d captured event(s) were:%n%s",
                    topic, actual.size(), describe(actual));
        }
        return this;
    }

    /** No event has a topic matching {@code pattern} ({@code *}, {@code module.*} or a topic). */
    public EventsAssert doesNotContainTopic(String pattern) {
        isNotNull();
        TopicPattern p = TopicPattern.parse(pattern);
        List<Event> found = actual.stream().filter(e -> p.matches(e.topic())).toList();
        if (!found.isEmpty()) {
            failWithMessage("Expected no event matching <%s> but found %d:%n%s", pattern, found.size(), describe(found));
        }
        return this;
    }

    /** Exactly {@code count} events match {@code pattern}. */
    public EventsAssert hasCount(String pattern, int count) {
        isNotNull();
        TopicPattern p = TopicPattern.parse(pattern);
        List<Event> found = actual.stream().filter(e -> p.matches(e.topic())).toList();
        if (found.size() != count) {
            failWithMessage("Expected %d event(s) matching <%s> but found %d; captured:%n%s", count, pattern,
                    found.size(), describe(actual));
        }
        return this;
    }

    /** Some event with this topic has every given (dotted) data field equal to the value. */
    public EventsAssert containsEvent(String topic, Map<String, ?> data) {
        isNotNull();
        if (actual.stream().noneMatch(e -> e.topic().equals(topic) && JsonMatch.containsAll(e.data(), data))) {
            failWithMessage("Expected an event <%s> with data containing %s but the captured events were:%n%s",
                    topic, data, describe(actual));
        }
        return this;
    }

    /** Some event satisfies the predicate. */
    public EventsAssert anyMatch(String description, Predicate<Event> predicate) {
        isNotNull();
        if (actual.stream().noneMatch(predicate)) {
            failWithMessage("Expected an event that %s but the captured events were:%n%s", description,
                    describe(actual));
        }
        return this;
    }

    /** The topics, in publish order and ignoring other events, include this sequence. */
    public EventsAssert containsTopicsInOrder(String... topics) {
        isNotNull();
        int i = 0;
        for (Event e : actual) {
            if (i < topics.length && e.topic().equals(topics[i])) {
                i++;
            }
        }
        if (i < topics.length) {
            failWithMessage("Expected topics in order %s but only the first %d were found in order; captured:%n%s",
                    List.of(topics), i, describe(actual));
        }
        return this;
    }

    /** Every event published by {@code source} has a topic under {@code <module>.}. */
    public EventsAssert allFromSourceUnderModule(String source, String module) {
        isNotNull();
        List<Event> stray = actual.stream()
                .filter(e -> e.source().equals(source) && !e.module().equals(module)).toList();
        if (!stray.isEmpty()) {
            failWithMessage("Expected every event from <%s> under <%s.*> but these were not:%n%s", source, module,
                    describe(stray));
        }
        return this;
    }

    /** Assertions on the last event with this topic (fails when there is none). */
    public EventAssert lastEvent(String topic) {
        containsTopic(topic);
        List<Event> matching = actual.stream().filter(e -> e.topic().equals(topic)).toList();
        return new EventAssert(matching.get(matching.size() - 1));
    }

    /** Assertions on the first event with this topic (fails when there is none). */
    public EventAssert firstEvent(String topic) {
        containsTopic(topic);
        return new EventAssert(actual.stream().filter(e -> e.topic().equals(topic)).findFirst().orElseThrow());
    }

    static String describe(List<Event> events) {
        if (events.isEmpty()) {
            return "  (none)";
        }
        List<String> lines = new ArrayList<>();
        int shown = 0;
        for (Event e : events) {
            if (shown++ == 30) {
                lines.add("  ... and " + (events.size() - 30) + " more");
                break;
            }
            lines.add("  #" + e.seq() + " " + e.topic() + " from " + e.source() + " " + e.data());
        }
        return String.join(System.lineSeparator(), lines);
    }
}
