package dev.alexos.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import dev.alexos.core.internal.ledger.LedgerChain;
import dev.alexos.core.ledger.Ledger;
import dev.alexos.core.ledger.LedgerEntry;
import dev.alexos.core.ledger.LedgerException;
import dev.alexos.core.ledger.VerifyReport;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * An in-memory {@link Ledger} that keeps every entry, for assertions. Entries are hashed and
 * chained exactly as the file ledger does (same canonical JSON, same SHA-256 preimage, through
 * the core's {@code LedgerChain}), so {@link #verify()} means what it means in production and a
 * payload that the real ledger could not serialize fails here too.
 *
 * <p>Appends complete immediately (nothing is written to disk). Times come from the clock.
 *
 * <p>Thread-safe.
 */
public final class CapturingLedger implements Ledger {
    private final Clock clock;
    private final List<LedgerEntry> entries = new ArrayList<>();
    private boolean closed;

    /** A ledger stamping entries with {@code clock}. */
    public CapturingLedger(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public CompletableFuture<LedgerEntry> append(String type, Object payload) {
        if (type == null || type.isBlank()) {
            return CompletableFuture.failedFuture(new LedgerException("ledger entry type must not be blank"));
        }
        try {
            JsonNode tree = LedgerChain.canonicalTree(payload);
            String canonical = LedgerChain.canonicalJson(tree);
            synchronized (entries) {
                if (closed) {
                    throw new LedgerException("ledger is closed; cannot append " + type);
                }
                long seq = entries.size() + 1L;
                var time = clock.instant();
                String prev = headHash();
                String hash = LedgerChain.hash(seq, time, type, canonical, prev);
                LedgerEntry e = new LedgerEntry(seq, time, type, tree, prev, hash);
                entries.add(e);
                return CompletableFuture.completedFuture(e);
            }
        } catch (LedgerException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    @Override
    public List<LedgerEntry> read(long fromSeq, int limit) {
        synchronized (entries) {
            return entries.stream().filter(e -> e.seq() >= fromSeq).limit(Math.max(0, limit)).toList();
        }
    }

    @Override
    public List<LedgerEntry> tail(int limit) {
        synchronized (entries) {
            int n = entries.size();
            return List.copyOf(entries.subList(Math.max(0, n - Math.max(0, limit)), n));
        }
    }

    @Override
    public VerifyReport verify() {
        return LedgerChain.verifyChain(entries());
    }

    @Override
    public long headSeq() {
        synchronized (entries) {
            return entries.size();
        }
    }

    @Override
    public String headHash() {
        synchronized (entries) {
            return entries.isEmpty() ? LedgerEntry.GENESIS_HASH : entries.get(entries.size() - 1).hash();
        }
    }

    /** Every entry, oldest first (a snapshot). */
    public List<LedgerEntry> entries() {
        synchronized (entries) {
            return List.copyOf(entries);
        }
    }

    /** Entries of one type, oldest first. */
    public List<LedgerEntry> entries(String type) {
        return entries().stream().filter(e -> e.type().equals(type)).toList();
    }

    /**
     * Replaces the payload of entry {@code seq} without rehashing, as a disk fault or an
     * attacker would: for testing code that must notice a damaged ledger.
     *
     * @throws IllegalArgumentException when there is no such entry
     */
    public void tamper(long seq, Object newPayload) {
        synchronized (entries) {
            if (seq < 1 || seq > entries.size()) {
                throw new IllegalArgumentException("no ledger entry with seq " + seq + " (head is " + entries.size() + ")");
            }
            LedgerEntry old = entries.get((int) seq - 1);
            entries.set((int) seq - 1, new LedgerEntry(old.seq(), old.time(), old.type(),
                    LedgerChain.canonicalTree(newPayload), old.prevHash(), old.hash()));
        }
    }

    /** Later appends fail. Idempotent. */
    @Override
    public void close() {
        synchronized (entries) {
            closed = true;
        }
    }
}
