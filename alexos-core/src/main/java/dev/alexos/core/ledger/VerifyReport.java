package dev.alexos.core.ledger;

/**
 * Result of {@link Ledger#verify()}.
 *
 * @param ok true when every entry's checksum and hash chain are intact
 * @param entriesChecked how many entries were read
 * @param headHash hash of the last valid entry
 * @param firstBadSeq sequence number of the first damaged entry, or {@code null}
 * @param problem what was wrong with it, or {@code null}
 */
public record VerifyReport(boolean ok, long entriesChecked, String headHash, Long firstBadSeq, String problem) {
}
