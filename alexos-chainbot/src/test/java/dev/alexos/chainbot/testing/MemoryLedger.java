package dev.alexos.chainbot.testing;

import com.fasterxml.jackson.databind.JsonNode;
import dev.alexos.core.json.Json;
import dev.alexos.core.ledger.Ledger;
import dev.alexos.core.ledger.LedgerEntry;
import dev.alexos.core.ledger.VerifyReport;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** A test-only in-memory ledger (no hashing) that records entries. */
public final class MemoryLedger implements Ledger {
    private final Clock clock;
    private final List<LedgerEntry> entries = new ArrayList<>();

    public MemoryLedger(Clock clock) {
        this.clock = clock;
    }

    @Override
    public synchronized CompletableFuture<LedgerEntry> append(String type, Object payload) {
        JsonNode p = Json.mapper().valueToTree(payload);
        LedgerEntry e = new LedgerEntry(entries.size() + 1, clock.instant(), type, p, LedgerEntry.GENESIS_HASH,
                LedgerEntry.GENESIS_HASH);
        entries.add(e);
        return CompletableFuture.completedFuture(e);
    }

    @Override
    public synchronized List<LedgerEntry> read(long fromSeq, int limit) {
        return entries.stream().filter(e -> e.seq() >= fromSeq).limit(limit).toList();
    }

    @Override
    public synchronized List<LedgerEntry> tail(int limit) {
        return List.copyOf(entries.subList(Math.max(0, entries.size() - limit), entries.size()));
    }

    @Override
    public VerifyReport verify() {
        return new VerifyReport(true, entries.size(), LedgerEntry.GENESIS_HASH, null, null);
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
