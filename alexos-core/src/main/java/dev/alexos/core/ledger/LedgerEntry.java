package dev.alexos.core.ledger;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/**
 * One ledger record.
 *
 * @param seq sequence number, from 1, without gaps
 * @param time when it was appended
 * @param type what happened
 * @param payload canonical JSON payload
 * @param prevHash the previous entry's {@code hash} (64 hex zeros for the first)
 * @param hash SHA-256 (hex) of seq, time, type, canonical payload and prevHash
 */
public record LedgerEntry(long seq, Instant time, String type, JsonNode payload, String prevHash, String hash) {

    /** Hash of "no previous entry". */
    public static final String GENESIS_HASH = "0".repeat(64);
}
