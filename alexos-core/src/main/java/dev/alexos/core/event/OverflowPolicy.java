package dev.alexos.core.event;

/** What a subscription does when its queue is full. The publisher never waits. */
public enum OverflowPolicy {
    /** Drop the oldest queued event to make room (live views: newest matters most). */
    DROP_OLDEST,
    /** Drop the incoming event (keep what is queued). */
    DROP_NEWEST,
    /** Cancel the subscription (e.g. disconnect a slow WebSocket client); its listener's
     * {@link SubscribeOptions#onCancelled()} callback is told why. */
    CANCEL
}
