package dev.alexos.testkit;

import dev.alexos.core.event.Event;
import dev.alexos.testkit.internal.JsonMatch;
import org.assertj.core.api.AbstractAssert;

/** Assertions on one event: its source and data fields (dotted paths reach nested fields). */
public final class EventAssert extends AbstractAssert<EventAssert, Event> {

    EventAssert(Event actual) {
        super(actual, EventAssert.class);
    }

    /** The data field at {@code path} equals {@code expected} (numbers compared by value). */
    public EventAssert hasData(String path, Object expected) {
        isNotNull();
        var node = JsonMatch.at(actual.data(), path);
        if (!JsonMatch.matches(node, expected)) {
            failWithMessage("Expected event <%s> #%d to have data %s = <%s> but it was <%s>; data: %s",
                    actual.topic(), actual.seq(), path, expected, node.isMissingNode() ? "(missing)" : node,
                    actual.data());
        }
        return this;
    }

    /** The data has no field at {@code path}. */
    public EventAssert hasNoData(String path) {
        isNotNull();
        if (!JsonMatch.at(actual.data(), path).isMissingNode()) {
            failWithMessage("Expected event <%s> #%d to have no field %s; data: %s", actual.topic(), actual.seq(),
                    path, actual.data());
        }
        return this;
    }

    /** Published by the agent or component {@code source}. */
    public EventAssert hasSource(String source) {
        isNotNull();
        if (!actual.source().equals(source)) {
            failWithMessage("Expected event <%s> #%d from <%s> but it came from <%s>", actual.topic(), actual.seq(),
                    source, actual.source());
        }
        return this;
    }
}
