package dev.alexos.core.internal.ledger;

import com.fasterxml.jackson.databind.JsonNode;
import dev.alexos.core.json.Json;
import dev.alexos.core.ledger.LedgerEntry;
import dev.alexos.core.ledger.LedgerException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.StandardOpenOption;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads entries from segment files: finds the segment by its first sequence number, jumps to
 * the nearest indexed record and decodes forward. Each call opens its own channels, so reads
 * never disturb the writer.
 *
 * <p>Thread-safe: stateless.
 */
final class SegmentReads {
    private static final int BUFFER = 64 * 1024;

    private SegmentReads() {
    }

    static List<LedgerEntry> read(Head head, List<Segment> segments, long fromSeq, int limit, boolean wholeFiles) {
        if (limit < 0) {
            throw new IllegalArgumentException("limit must not be negative, was " + limit);
        }
        long from = Math.max(1, fromSeq);
        if (limit == 0 || from > head.seq()) {
            return List.of();
        }
        long to = Math.min(head.seq(), from + limit - 1);
        List<LedgerEntry> out = new ArrayList<>((int) Math.min(1024, to - from + 1));
        int i = segmentIndex(segments, from);
        boolean first = true;
        for (; i < segments.size() && out.size() < to - from + 1; i++) {
            Segment seg = segments.get(i);
            long start = first ? seg.offsetAtOrBefore(from) : 0;
            first = false;
            try (FileChannel ch = FileChannel.open(seg.path(), StandardOpenOption.READ)) {
                long end = seg == head.segment() && !wholeFiles ? head.endOffset() : ch.size();
                if (readSegment(seg, ch, start, end, from, to, out)) {
                    break;
                }
            } catch (IOException e) {
                throw new LedgerException("cannot read ledger segment " + seg.path() + ": " + e, e);
            }
            if (seg == head.segment()) {
                break;
            }
        }
        return out;
    }

    /** Adds entries in [from, to]; returns true once {@code to} is reached. */
    private static boolean readSegment(Segment seg, FileChannel ch, long start, long end, long from, long to,
                                       List<LedgerEntry> out) throws IOException {
        RecordReader reader = new RecordReader(ch, start, end, BUFFER);
        while (true) {
            RecordReader.Status status = reader.next();
            if (status == RecordReader.Status.END) {
                return false;
            }
            if (status != RecordReader.Status.RECORD) {
                throw new LedgerException("ledger record in segment " + seg.path().getFileName() + " at offset "
                        + reader.recordOffset() + " is damaged (" + Recovery.describe(status, false)
                        + "); run verify()");
            }
            long seq = reader.buffer().getLong(reader.bodyStart() + RecordFormat.OFF_SEQ);
            if (seq > to) {
                return true;
            }
            if (seq >= from) {
                out.add(decode(reader.buffer(), reader.bodyStart(), reader.bodyLength(), seg));
                if (seq == to) {
                    return true;
                }
            }
            reader.advance();
        }
    }

    private static int segmentIndex(List<Segment> segments, long seq) {
        int lo = 0;
        int hi = segments.size() - 1;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (segments.get(mid).firstSeq() <= seq) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return lo;
    }

    static LedgerEntry decode(ByteBuffer buf, int bodyStart, int bodyLength, Segment seg) throws IOException {
        byte[] a = buf.array();
        long seq = buf.getLong(bodyStart + RecordFormat.OFF_SEQ);
        int payloadAt = RecordFormat.payloadLengthOffset(buf, bodyStart, bodyLength);
        if (payloadAt < 0) {
            throw new LedgerException("ledger record seq " + seq + " in segment " + seg.path().getFileName()
                    + " is malformed; run verify()");
        }
        Instant time;
        try {
            time = Instant.ofEpochSecond(buf.getLong(bodyStart + RecordFormat.OFF_SECOND),
                    buf.getInt(bodyStart + RecordFormat.OFF_NANO));
        } catch (DateTimeException e) {
            throw new LedgerException("ledger record seq " + seq + " in segment " + seg.path().getFileName()
                    + " has an impossible time; run verify()", e);
        }
        int typeLength = buf.getInt(bodyStart + RecordFormat.OFF_TYPE_LENGTH);
        String type = new String(a, bodyStart + RecordFormat.OFF_TYPE, typeLength, StandardCharsets.UTF_8);
        int payloadLength = buf.getInt(bodyStart + payloadAt);
        JsonNode payload = Json.mapper().readTree(a, bodyStart + payloadAt + 4, payloadLength);
        int hashAt = bodyStart + bodyLength - LedgerChain.HASH_BYTES;
        return new LedgerEntry(seq, time, type, payload, LedgerChain.hex(a, hashAt - LedgerChain.HASH_BYTES),
                LedgerChain.hex(a, hashAt));
    }
}
