package dev.alexos.core.ledger;

import java.time.Duration;
import java.util.Objects;

/**
 * How a file ledger writes.
 *
 * @param durability when appends are acknowledged
 * @param groupMaxDelay with {@link Durability#GROUP}: the longest an append waits for others to
 *     join its batch before the batch is fsynced (0 = fsync as soon as the writer is free)
 * @param segmentMaxBytes a segment file is closed and a new one started past this size
 */
public record LedgerOptions(Durability durability, Duration groupMaxDelay, long segmentMaxBytes) {

    public LedgerOptions {
        Objects.requireNonNull(durability, "durability");
        Objects.requireNonNull(groupMaxDelay, "groupMaxDelay");
        if (groupMaxDelay.isNegative()) {
            throw new IllegalArgumentException("groupMaxDelay must not be negative");
        }
        if (segmentMaxBytes < 4096) {
            throw new IllegalArgumentException("segmentMaxBytes must be >= 4096, was " + segmentMaxBytes);
        }
    }

    /** Group commit, at most 2 ms extra wait, 64 MiB segments. */
    public static LedgerOptions defaults() {
        return new LedgerOptions(Durability.GROUP, Duration.ofMillis(2), 64L * 1024 * 1024);
    }
}
