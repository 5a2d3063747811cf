package dev.alexos.core;

/** A handle on scheduled work or a subscription. */
@FunctionalInterface
public interface Cancellable {
    /** Cancels; idempotent; never throws. */
    void cancel();
}
