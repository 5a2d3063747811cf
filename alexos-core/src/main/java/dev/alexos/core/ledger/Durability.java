package dev.alexos.core.ledger;

/**
 * When the ledger acknowledges an append.
 */
public enum Durability {
    /** fsync after every append before acknowledging it. Survives power loss; slowest. */
    EVERY_APPEND,
    /**
     * Group commit: appends that arrive together are written and fsynced as one batch, waiting
     * at most the configured max delay for more. Each append is acknowledged only after the
     * fsync that covers it, so it survives power loss like {@link #EVERY_APPEND}. The default.
     */
    GROUP,
    /**
     * Written to the OS, never fsynced by the ledger. Survives a process crash ({@code kill -9})
     * but not power loss or an OS crash. For tests and throw-away installs.
     */
    NONE
}
