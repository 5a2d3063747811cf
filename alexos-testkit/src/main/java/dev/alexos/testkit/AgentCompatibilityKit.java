package dev.alexos.testkit;

import dev.alexos.core.Agent;
import dev.alexos.core.Task;
import dev.alexos.testkit.internal.CompatibilityChecks;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Proves that an agent follows the Agent SPI. Extend it in your tests, say how to make the
 * agent, and JUnit runs every check:
 *
 * <pre>{@code
 * class HttpCheckAgentCompatibilityTest extends AgentCompatibilityKit {
 *   protected Agent createAgent() { return new HttpCheckAgent(); }
 *   protected String module() { return "httpcheck"; }
 *   protected Map<String, ?> config() { return Map.of("endpoints", List.of(peer.url()), "interval", "30s"); }
 * }
 * }</pre>
 *
 * The checks: it starts and stops cleanly (no subscription, no scheduled work and no event left
 * behind) and repeatedly; {@code stop()} is idempotent; its id is stable; it reports health that
 * serializes to JSON; an unknown action fails with {@code UnsupportedTaskException}; cancelling
 * or timing out a task reaches the work (when {@link #longRunningTask()} is given); it publishes
 * only under its module's topic prefix; none of its listeners blocks a publisher; and values of
 * configuration keys that look secret never show up in its events, ledger entries or health.
 *
 * <p>Each check runs in its own {@link AgentTestKit}; {@link #exercise(AgentTestKit)} makes the
 * agent do its work in between (by default: ten minutes of virtual time).
 */
@Timeout(60)
public abstract class AgentCompatibilityKit {

    /** A new agent (or the same instance each time: agents must survive stop and start). */
    protected abstract Agent createAgent();

    /** The module the agent belongs to (its topic prefix and configuration section). */
    protected String module() {
        return "custom";
    }

    /** The module's configuration for the agent. */
    protected Map<String, ?> config() {
        return Map.of();
    }

    /** Makes the started agent do its work. Default: advance virtual time by ten minutes. */
    protected void exercise(AgentTestKit kit) {
        kit.advance(Duration.ofMinutes(10));
    }

    /** A task the agent handles that does not finish at once (it waits on the scheduler or I/O); null to skip the cancellation check. */
    protected Task longRunningTask() {
        return null;
    }

    /** How long (real time) a listener may hold a publisher before it counts as blocking the bus. */
    protected Duration busDeadline() {
        return Duration.ofSeconds(5);
    }

    private CompatibilityChecks.Subject subject() {
        return new CompatibilityChecks.Subject(this::createAgent, module(), config(), this::exercise,
                longRunningTask(), busDeadline());
    }

    @Test
    void startsAndStopsCleanly() {
        CompatibilityChecks.startsAndStopsCleanly(subject());
    }

    @Test
    void startsAndStopsRepeatedly() {
        CompatibilityChecks.startsAndStopsRepeatedly(subject());
    }

    @Test
    void stopIsIdempotent() {
        CompatibilityChecks.stopIsIdempotent(subject());
    }

    @Test
    void descriptorIsStable() {
        CompatibilityChecks.descriptorIsStable(subject());
    }

    @Test
    void reportsHealth() {
        CompatibilityChecks.reportsHealth(subject());
    }

    @Test
    void rejectsUnknownActions() {
        CompatibilityChecks.rejectsUnknownActions(subject());
    }

    @Test
    void honoursCancellation() {
        Assumptions.assumeTrue(longRunningTask() != null,
                "override longRunningTask() to check that cancellation and timeouts reach the agent's work");
        CompatibilityChecks.honoursCancellation(subject());
    }

    @Test
    void emitsEventsUnderItsOwnTopicPrefix() {
        CompatibilityChecks.emitsUnderOwnPrefix(subject());
    }

    @Test
    void neverBlocksTheBus() {
        CompatibilityChecks.neverBlocksTheBus(subject());
    }

    @Test
    void neverLeaksConfiguredSecrets() {
        CompatibilityChecks.neverLeaksConfiguredSecrets(subject());
    }
}
