package dev.alexos.watchtower.internal.engine;

/**
 * A container as the engine lists it: enough to see whether our picture is still right.
 *
 * @param id full id
 * @param name name without the leading slash
 * @param state lifecycle status ({@code running}, {@code exited}, ...)
 * @param health health parsed from the list's status text, {@code none} when it shows none
 */
public record ContainerSummary(String id, String name, String state, String health) {
}
