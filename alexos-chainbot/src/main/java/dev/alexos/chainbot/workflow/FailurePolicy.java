package dev.alexos.chainbot.workflow;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * What happens when a step fails: the original format's {@code on_failure: {action, max_retries}}
 * plus backoff settings.
 *
 * @param action {@link Action#FAIL} (the default: the run fails), {@link Action#CONTINUE} (the
 *     step is recorded as failed and the run goes on) or {@link Action#RETRY}
 * @param maxRetries retries after the first attempt (only with {@link Action#RETRY})
 * @param initialBackoff delay before the first retry; doubles per retry
 * @param maxBackoff upper bound of the delay
 * @param jitter fraction in [0, 1] of random spread applied to each delay
 * @param then what to do once retries are exhausted: {@link Action#FAIL} or {@link Action#CONTINUE}
 */
public record FailurePolicy(Action action, int maxRetries, Duration initialBackoff, Duration maxBackoff, double jitter,
        Action then) {

    /** The failure actions of the original format. */
    public enum Action {
        RETRY, CONTINUE, FAIL;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public FailurePolicy {
        Objects.requireNonNull(action, "action");
        initialBackoff = initialBackoff == null ? Duration.ofSeconds(1) : initialBackoff;
        maxBackoff = maxBackoff == null ? Duration.ofMinutes(1) : maxBackoff;
        then = then == null || then == Action.RETRY ? Action.FAIL : then;
        if (maxRetries < 0) {
            throw new IllegalArgumentException("maxRetries must be >= 0");
        }
        if (jitter < 0 || jitter > 1) {
            throw new IllegalArgumentException("jitter must be in [0, 1]");
        }
    }

    /** Fail the run at the first failure. */
    public static FailurePolicy failFast() {
        return new FailurePolicy(Action.FAIL, 0, null, null, 0.2, Action.FAIL);
    }

    /** Retry up to {@code maxRetries} times, then fail. */
    public static FailurePolicy retry(int maxRetries, Duration initialBackoff) {
        return new FailurePolicy(Action.RETRY, maxRetries, initialBackoff, null, 0.2, Action.FAIL);
    }

    /** How many attempts in total the policy allows. */
    public int maxAttempts() {
        return action == Action.RETRY ? maxRetries + 1 : 1;
    }

    /** Whether a failure that exhausted the attempts lets the run go on. */
    public boolean continuesAfterFailure() {
        return action == Action.CONTINUE || (action == Action.RETRY && then == Action.CONTINUE);
    }
}
