package dev.alexos.watchtower.testing;

import com.fasterxml.jackson.databind.JsonNode;
import dev.alexos.core.json.Json;
import dev.alexos.core.ledger.Ledger;
import dev.alexos.core.ledger.LedgerEntry;
import dev.alexos.core.ledger.VerifyReport;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** An in-memory ledger (no hashing): records what modules append. Thread-safe. */
public final class MemoryLedger implements Ledger {
    private final Clock clock;
    private final List<LedgerEntry> entries = new ArrayList<>();

    public MemoryLedger(Clock clock) {
        this.clock = clock;
    }

    @Override
    public synchronized CompletableFuture<LedgerEntry> append(String type, Object payload) {
        JsonNode json = Json.mapper().valueToTree(payload);
        LedgerEntry e = new LedgerEntry(entries.size() + 1, clock.instant(), type, json,
                LedgerEntry.GENESIS_HASH, LedgerEntry.GENESIS_HASH);
        entries.add(e);
        return CompletableFuture.completedFuture(e);
    }

    @Override
    public synchronized List<LedgerEntry> read(long fromSeq, int limit) {
        return entries.stream().filter(e -> e.seq() >= fromSeq).limit(limit).toList();
    }

    @Override
    public synchronized List<LedgerEntry> tail(int limit) {
        return new ArrayList<>(entries.subList(Math.max(0, entries.size() - limit), entries.size()));
    }

    @Override
    public VerifyReport verify() {
        throw new UnsupportedOperationException("memory ledger has no chain to verify");
    }

    @Override
    public synchronized long headSeq() {
        return entries.size();
    }

    @Override
    public String headHash() {
        return LedgerEntry.GENESIS_HASH;
    }

    @Override
    public void close() {
    }
}
