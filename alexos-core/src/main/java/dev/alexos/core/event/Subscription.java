package dev.alexos.core.event;

import dev.alexos.core.Cancellable;

/** A live subscription. Thread-safe. */
public interface Subscription extends Cancellable {

    String name();

    String pattern();

    /** Delivered, dropped and failed counts, and the current queue depth. */
    SubscriberStats stats();

    /** False once cancelled by the caller or by the bus. */
    boolean isActive();
}
