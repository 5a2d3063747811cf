package dev.alexos.core.ledger;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The durable, append-only, hash-chained record of facts that matter: container actions,
 * updates and rollbacks, workflow executions, configuration changes, authentication failures.
 *
 * <p>Each entry carries its sequence number, time, type, canonical JSON payload, the previous
 * entry's hash and its own (SHA-256 over all of these). An append is acknowledged — its future
 * completes — only once it is as durable as the configured {@link Durability} promises.
 * {@link #verify()} recomputes the chain and names the first damaged entry.
 *
 * <p>Secrets must never be appended: callers pass redacted payloads.
 *
 * <p>Thread-safe: many threads may append at once; entries get sequence numbers in the order
 * they are written.
 */
public interface Ledger extends AutoCloseable {

    /**
     * Appends an entry.
     *
     * @param type what happened, e.g. {@code watchtower.container_action}
     * @param payload a JSON-serializable object (a {@code Map}, a record, a {@code JsonNode})
     * @return completes with the written entry once durable; fails with
     *     {@link LedgerException} when the payload cannot be serialized or the write fails
     */
    CompletableFuture<LedgerEntry> append(String type, Object payload);

    /** Entries with sequence ≥ {@code fromSeq}, oldest first, at most {@code limit}. */
    List<LedgerEntry> read(long fromSeq, int limit);

    /** The newest {@code limit} entries, oldest first. */
    List<LedgerEntry> tail(int limit);

    /** Recomputes every hash and checksum. Never throws for damaged data: the report says. */
    VerifyReport verify();

    /** Sequence number of the last durable entry (0 when empty). */
    long headSeq();

    /** Hash of the last entry (64 hex zeros when empty). */
    String headHash();

    /** Flushes and closes; later appends fail. */
    @Override
    void close();
}
