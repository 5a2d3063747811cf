package dev.alexos.core.internal.ledger;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.CRC32C;

/** Test helpers that look at and damage segment files directly. */
final class SegmentBytes {
    private SegmentBytes() {
    }

    static List<Path> segments(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> Segment.firstSeqOf(f).isPresent()).sorted().toList();
        }
    }

    /** Start offsets of the records of an intact segment, followed by the file size. */
    static List<Long> boundaries(Path segment) throws IOException {
        ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(segment));
        List<Long> out = new ArrayList<>();
        int pos = 0;
        while (pos < bytes.capacity()) {
            out.add((long) pos);
            pos += RecordFormat.HEADER + bytes.getInt(pos);
        }
        out.add((long) pos);
        return out;
    }

    static void writeByte(Path file, long offset, byte value) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap(new byte[] {value}), offset);
        }
    }

    static byte readByte(Path file, long offset) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer one = ByteBuffer.allocate(1);
            ch.read(one, offset);
            return one.get(0);
        }
    }

    /** Recomputes the CRC32C of the record at {@code offset}, as a deliberate forger would. */
    static void fixChecksum(Path segment, long offset) throws IOException {
        byte[] all = Files.readAllBytes(segment);
        ByteBuffer buf = ByteBuffer.wrap(all);
        int start = (int) offset;
        int length = buf.getInt(start);
        CRC32C crc = new CRC32C();
        crc.update(all, start, 8);
        crc.update(all, start + RecordFormat.HEADER, length);
        buf.putInt(start + 8, (int) crc.getValue());
        Files.write(segment, all);
    }

    /** Recomputes the stored hash of the record at {@code offset} from its preimage. */
    static void fixHash(Path segment, long offset) throws IOException {
        byte[] all = Files.readAllBytes(segment);
        ByteBuffer buf = ByteBuffer.wrap(all);
        int start = (int) offset;
        int length = buf.getInt(start);
        int bodyStart = start + RecordFormat.HEADER;
        var digest = LedgerChain.sha256();
        digest.update(all, bodyStart, length - LedgerChain.HASH_BYTES);
        System.arraycopy(digest.digest(), 0, all, bodyStart + length - LedgerChain.HASH_BYTES, LedgerChain.HASH_BYTES);
        Files.write(segment, all);
    }
}
