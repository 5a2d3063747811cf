package dev.alexos.core.event;

/**
 * Counters of one subscription.
 *
 * @param delivered events handed to the listener (including those it threw on)
 * @param dropped events discarded by the overflow policy
 * @param failed listener invocations that threw
 * @param queued events waiting now
 */
public record SubscriberStats(long delivered, long dropped, long failed, int queued) {
}
