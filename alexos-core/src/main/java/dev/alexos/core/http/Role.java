package dev.alexos.core.http;

import java.util.Locale;

/** Who may call a route. Each role includes the ones before it. */
public enum Role {
    /** Anyone, no credentials (health endpoints only). */
    PUBLIC,
    /** Read-only access. */
    VIEWER,
    /** Actions: container actions, executing workflows, messages to agents. */
    OPERATOR,
    /** Configuration, plugins, tokens. */
    ADMIN;

    /** Whether a caller with this role may call a route requiring {@code required}. */
    public boolean allows(Role required) {
        return ordinal() >= required.ordinal();
    }

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
