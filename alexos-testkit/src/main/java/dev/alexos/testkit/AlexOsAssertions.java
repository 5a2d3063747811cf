package dev.alexos.testkit;

import dev.alexos.core.Health;
import dev.alexos.core.TaskResult;
import dev.alexos.core.event.Event;
import dev.alexos.core.ledger.Ledger;
import java.util.List;

/**
 * Entry point of the testkit's AssertJ assertions. Import statically next to (or instead of)
 * {@code org.assertj.core.api.Assertions}:
 *
 * <pre>{@code
 * import static dev.alexos.testkit.AlexOsAssertions.assertThat;
 *
 * assertThat(kit.events()).containsTopic("chainbot.workflow_executed");
 * assertThat(kit.ledger()).verifies().hasEntry("chainbot.workflow_executed");
 * assertThat(result).succeeded();
 * }</pre>
 */
public final class AlexOsAssertions {
    private AlexOsAssertions() {
    }

    /** Assertions on everything a capturing bus has seen. */
    public static EventsAssert assertThat(CapturingEventBus bus) {
        return new EventsAssert(bus == null ? null : bus.events());
    }

    /** Assertions on a list of events. */
    public static EventsAssert assertThatEvents(List<Event> events) {
        return new EventsAssert(events);
    }

    /** Assertions on one event. */
    public static EventAssert assertThat(Event event) {
        return new EventAssert(event);
    }

    /** Assertions on a ledger. */
    public static LedgerAssert assertThat(Ledger ledger) {
        return new LedgerAssert(ledger);
    }

    /** Assertions on a task result. */
    public static TaskResultAssert assertThat(TaskResult result) {
        return new TaskResultAssert(result);
    }

    /** Assertions on a health report. */
    public static HealthAssert assertThat(Health health) {
        return new HealthAssert(health);
    }
}
