package dev.alexos.core.internal.ledger;

import dev.alexos.core.ledger.LedgerEntry;
import dev.alexos.core.ledger.VerifyReport;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.security.DigestException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.List;

/**
 * Streams every segment and checks each record: header, CRC32C, sequence number, link to the
 * previous hash, and the SHA-256 recomputed from the stored preimage. One digest and one
 * buffer are reused for the whole run; no per-record objects are created.
 *
 * <p>Not thread-safe; one instance per {@code verify()} call.
 */
final class LedgerVerifier {
    private static final int BUFFER = 1 << 20;

    private final MessageDigest digest = LedgerChain.sha256();
    private final byte[] prevHash = new byte[LedgerChain.HASH_BYTES];
    private final byte[] computed = new byte[LedgerChain.HASH_BYTES];
    private long expected = 1;

    /**
     * @param segments the segments to check, in order
     * @param head the durable head; the check stops at its end offset and expects to end at
     *     its sequence number — or, when {@code wholeFiles}, reads every file to its end
     */
    VerifyReport verify(List<Segment> segments, Head head, boolean wholeFiles) {
        for (Segment seg : segments) {
            boolean headSegment = seg == head.segment();
            if (seg.firstSeq() != expected) {
                return bad("segment " + seg.path().getFileName() + " should start at seq " + expected);
            }
            try (FileChannel ch = FileChannel.open(seg.path(), StandardOpenOption.READ)) {
                long end = headSegment && !wholeFiles ? head.endOffset() : ch.size();
                String problem = verifySegment(seg, ch, end);
                if (problem != null) {
                    return bad(problem);
                }
            } catch (IOException | DigestException e) {
                return bad("cannot read segment " + seg.path() + ": " + e);
            }
            if (headSegment && !wholeFiles) {
                break;
            }
        }
        if (!wholeFiles && expected - 1 != head.seq()) {
            return bad("the ledger ends at seq " + (expected - 1) + " but its head is seq " + head.seq());
        }
        return new VerifyReport(true, expected - 1, headHex(), null, null);
    }

    private String verifySegment(Segment seg, FileChannel ch, long end) throws IOException, DigestException {
        RecordReader reader = new RecordReader(ch, 0, end, BUFFER);
        while (true) {
            RecordReader.Status status = reader.next();
            if (status == RecordReader.Status.END) {
                return null;
            }
            if (status != RecordReader.Status.RECORD) {
                return Recovery.describe(status, false) + where(seg, reader);
            }
            ByteBuffer buf = reader.buffer();
            byte[] a = buf.array();
            int bodyStart = reader.bodyStart();
            int bodyLength = reader.bodyLength();
            long seq = buf.getLong(bodyStart + RecordFormat.OFF_SEQ);
            if (seq != expected) {
                return "sequence gap: expected seq " + expected + " but found " + seq + where(seg, reader);
            }
            if (RecordFormat.payloadLengthOffset(buf, bodyStart, bodyLength) < 0) {
                return "malformed record (lengths inconsistent)" + where(seg, reader);
            }
            int hashAt = bodyStart + bodyLength - LedgerChain.HASH_BYTES;
            int prevAt = hashAt - LedgerChain.HASH_BYTES;
            if (!Arrays.equals(a, prevAt, hashAt, prevHash, 0, LedgerChain.HASH_BYTES)) {
                return "chain broken: prev_hash does not match the previous entry's hash" + where(seg, reader);
            }
            digest.update(a, bodyStart, hashAt - bodyStart);
            digest.digest(computed, 0, LedgerChain.HASH_BYTES);
            if (!Arrays.equals(a, hashAt, hashAt + LedgerChain.HASH_BYTES, computed, 0, LedgerChain.HASH_BYTES)) {
                return "hash mismatch: the stored hash is not the SHA-256 of the entry" + where(seg, reader);
            }
            System.arraycopy(computed, 0, prevHash, 0, LedgerChain.HASH_BYTES);
            expected++;
            reader.advance();
        }
    }

    /** Built only for a problem: string work per record would cost more than the hashing. */
    static String where(Segment seg, RecordReader reader) {
        return " in segment " + seg.path().getFileName() + " at offset " + reader.recordOffset();
    }

    private VerifyReport bad(String problem) {
        return new VerifyReport(false, expected - 1, headHex(), expected, problem);
    }

    private String headHex() {
        return expected == 1 ? LedgerEntry.GENESIS_HASH : LedgerChain.hex(prevHash);
    }
}
