package dev.alexos.core.event;

/** Receives events from an {@link EventBus} subscription, one at a time, in order. */
@FunctionalInterface
public interface EventListener {
    /** Handles one event. May throw: the failure is counted and the next event still comes. */
    void onEvent(Event event) throws Exception;
}
