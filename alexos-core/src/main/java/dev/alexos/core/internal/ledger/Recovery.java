package dev.alexos.core.internal.ledger;

import dev.alexos.core.ledger.LedgerEntry;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens a ledger directory: lists the segments, checks every record's framing, checksum,
 * sequence number and link to the previous hash, and cuts a torn tail.
 *
 * <p>A torn tail is what an interrupted write leaves at the very end of the last segment:
 * fewer bytes than a header, a valid header announcing more bytes than the file holds, or
 * zero bytes only (a file extended but never written, after power loss). Only that is cut.
 * A complete record that fails its checksum, a damaged header, a sequence gap or a broken
 * link is <em>damage</em>, wherever it is, including in the last record: nothing is cut or
 * rewritten, and the ledger opens read-only so {@code verify()} can name the damaged entry.
 * Because the stored length is checked against its complement, no single damaged byte makes
 * a complete record look torn.
 */
final class Recovery {
    private static final Logger LOG = LoggerFactory.getLogger(Recovery.class);
    private static final int BUFFER = 1 << 20;

    /** Where the writer continues, or why the ledger is read-only. */
    record Result(List<Segment> segments, Head head, byte[] headHash, long activeSize, Damage damage) {
    }

    /** The first damaged entry found. */
    record Damage(long seq, String problem) {
    }

    private Recovery() {
    }

    static Result recover(Path directory, boolean syncDirectory) throws IOException {
        List<Segment> segments = list(directory);
        if (segments.isEmpty()) {
            Segment first = new Segment(Segment.pathFor(directory, 1), 1);
            Files.createFile(first.path());
            if (syncDirectory) {
                syncDirectory(directory);
            }
            return new Result(List.of(first), new Head(0, LedgerEntry.GENESIS_HASH, first, 0),
                    new byte[LedgerChain.HASH_BYTES], 0, null);
        }
        Scan scan = new Scan(segments.get(0));
        for (int i = 0; i < segments.size(); i++) {
            Segment seg = segments.get(i);
            boolean last = i == segments.size() - 1;
            if (seg.firstSeq() != scan.expected) {
                return scan.damaged(segments, "segment " + seg.path().getFileName() + " should start at seq "
                        + scan.expected);
            }
            try (FileChannel ch = last
                    ? FileChannel.open(seg.path(), StandardOpenOption.READ, StandardOpenOption.WRITE)
                    : FileChannel.open(seg.path(), StandardOpenOption.READ)) {
                long size = ch.size();
                RecordReader reader = new RecordReader(ch, 0, size, BUFFER);
                scan.segment = seg;
                scan.end = 0;
                while (true) {
                    RecordReader.Status status = reader.next();
                    if (status == RecordReader.Status.END) {
                        break;
                    }
                    long offset = reader.recordOffset();
                    if (status == RecordReader.Status.RECORD) {
                        String problem = checkLinks(reader, scan.expected, scan.prevHash);
                        if (problem != null) {
                            return scan.damaged(segments, problem + LedgerVerifier.where(seg, reader));
                        }
                        int hashAt = reader.bodyStart() + reader.bodyLength() - LedgerChain.HASH_BYTES;
                        reader.buffer().get(hashAt, scan.prevHash, 0, LedgerChain.HASH_BYTES);
                        seg.indexed(scan.expected, offset);
                        reader.advance();
                        scan.end = reader.recordOffset();
                        scan.expected++;
                        continue;
                    }
                    String where = LedgerVerifier.where(seg, reader);
                    boolean torn = status == RecordReader.Status.INCOMPLETE
                            || status == RecordReader.Status.BAD_HEADER && reader.restIsZero();
                    if (last && torn) {
                        LOG.warn("ledger {}: cutting a torn tail of {} bytes{} (an interrupted, unacknowledged write)",
                                directory, size - offset, where);
                        ch.truncate(offset);
                        ch.force(true);
                        break;
                    }
                    return scan.damaged(segments, describe(status, last) + where);
                }
                if (last) {
                    return new Result(segments, scan.head(), scan.prevHash, scan.end, null);
                }
            }
        }
        throw new AssertionError("unreachable: the last segment returns");
    }

    /** Progress of the scan: the last good record. */
    private static final class Scan {
        final byte[] prevHash = new byte[LedgerChain.HASH_BYTES];
        long expected = 1;
        Segment segment;
        long end;

        Scan(Segment first) {
            segment = first;
        }

        Head head() {
            String hash = expected == 1 ? LedgerEntry.GENESIS_HASH : LedgerChain.hex(prevHash);
            return new Head(expected - 1, hash, segment, end);
        }

        Result damaged(List<Segment> segments, String problem) {
            return new Result(segments, head(), prevHash, -1, new Damage(expected, problem));
        }
    }

    /** Problem with a record whose checksum matched, or null. */
    private static String checkLinks(RecordReader reader, long expected, byte[] prevHash) {
        ByteBuffer buf = reader.buffer();
        int bodyStart = reader.bodyStart();
        int bodyLength = reader.bodyLength();
        long seq = buf.getLong(bodyStart + RecordFormat.OFF_SEQ);
        if (seq != expected) {
            return "sequence gap: expected seq " + expected + " but found " + seq;
        }
        if (RecordFormat.payloadLengthOffset(buf, bodyStart, bodyLength) < 0) {
            return "malformed record (lengths inconsistent)";
        }
        int prevAt = bodyStart + bodyLength - 2 * LedgerChain.HASH_BYTES;
        if (!Arrays.equals(buf.array(), prevAt, prevAt + LedgerChain.HASH_BYTES, prevHash, 0, LedgerChain.HASH_BYTES)) {
            return "chain broken: prev_hash does not match the previous entry's hash";
        }
        return null;
    }

    static String describe(RecordReader.Status status, boolean lastSegment) {
        return switch (status) {
            case BAD_CHECKSUM -> "checksum mismatch";
            case BAD_HEADER -> "damaged record header";
            case INCOMPLETE -> lastSegment ? "incomplete record" : "incomplete record before the end of the ledger";
            default -> status.name();
        };
    }

    private static List<Segment> list(Path directory) throws IOException {
        List<Segment> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(directory)) {
            files.forEach(f -> Segment.firstSeqOf(f).ifPresent(first -> out.add(new Segment(f, first))));
        }
        out.sort(Comparator.comparingLong(Segment::firstSeq));
        return out;
    }

    /** Makes a created or renamed file's directory entry durable. */
    static void syncDirectory(Path directory) throws IOException {
        try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
            dir.force(true);
        }
    }
}
