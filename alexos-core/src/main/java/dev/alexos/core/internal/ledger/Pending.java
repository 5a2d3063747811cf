package dev.alexos.core.internal.ledger;

import com.fasterxml.jackson.databind.JsonNode;
import dev.alexos.core.ledger.LedgerEntry;
import java.util.concurrent.CompletableFuture;

/**
 * An append waiting for the writer: its type and canonical payload, already encoded by the
 * appending thread so the single writer only numbers, hashes and writes.
 */
record Pending(String type, byte[] typeBytes, byte[] payload, JsonNode payloadTree,
               CompletableFuture<LedgerEntry> future, long enqueuedNanos) {
}
