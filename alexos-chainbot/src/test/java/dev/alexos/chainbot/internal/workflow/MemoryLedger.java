package dev.alexos.chainbot.internal.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import dev.alexos.core.json.Json;
import dev.alexos.core.ledger.Ledger;
import dev.alexos.core.ledger.LedgerEntry;
import dev.alexos.core.ledger.VerifyReport;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/** Keeps appended entries in memory (no hash chain: the engine only appends). */
final class MemoryLedger implements Ledger {
    final List<LedgerEntry> entries = new CopyOnWriteArrayList<>();

    @Override
    public synchronized CompletableFuture<LedgerEntry> append(String type, Object payload) {
        JsonNode p = Json.mapper().valueToTree(payload);
        LedgerEntry e = new LedgerEntry(entries.size() + 1, Instant.now(), type, p, "", "");
        entries.add(e);
        return CompletableFuture.completedFuture(e);
    }

    @Override
    public List<LedgerEntry> read(long fromSeq, int limit) {
        return entries.stream().filter(e -> e.seq() >= fromSeq).limit(limit).toList();
    }

    @Override
    public List<LedgerEntry> tail(int limit) {
        return entries.subList(Math.max(0, entries.size() - limit), entries.size());
    }

    @Override
    public VerifyReport verify() {
        return new VerifyReport(true, entries.size(), "", null, null);
    }

    @Override
    public long headSeq() {
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
