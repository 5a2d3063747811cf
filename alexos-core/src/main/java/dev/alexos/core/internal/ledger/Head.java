package dev.alexos.core.internal.ledger;

/**
 * The last durable (acknowledged) record: readers and {@code verify} see the ledger up to here.
 *
 * @param seq its sequence number (0 when empty)
 * @param hash its hash as hex (genesis when empty)
 * @param segment the segment that holds it (the first segment when empty)
 * @param endOffset the end of the durable bytes of {@code segment}
 */
record Head(long seq, String hash, Segment segment, long endOffset) {
}
