package dev.alexos.core.http;

/**
 * The authenticated caller of a route.
 *
 * @param name who (token name, user name, {@code anonymous})
 * @param role what they may do
 */
public record Principal(String name, Role role) {
    public static final Principal ANONYMOUS = new Principal("anonymous", Role.PUBLIC);
}
