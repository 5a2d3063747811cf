package dev.alexos.core.internal.ledger;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.zip.CRC32C;

/**
 * Streams the records of one segment file through a reusable heap buffer, checking each
 * record's framing and checksum. Used by recovery, {@code read} and {@code verify}.
 *
 * <p>Not thread-safe; one reader per scan.
 */
final class RecordReader {
    /** What lies at the reader's position. */
    enum Status {
        /** The position is exactly the end of the range. */
        END,
        /** A complete record with a valid header and checksum. */
        RECORD,
        /** A complete record with a valid header whose checksum does not match: damage. */
        BAD_CHECKSUM,
        /** The header's length and complemented length disagree or are out of range: damage. */
        BAD_HEADER,
        /** Fewer bytes remain than a header, or than the (valid) header announces: a torn tail. */
        INCOMPLETE
    }

    private final FileChannel channel;
    private final long end;
    private final CRC32C crc = new CRC32C();
    private ByteBuffer buf;
    /** File offset of buf[0]. */
    private long bufFileOffset;
    /** Valid bytes in buf. */
    private int bufLimit;
    /** Index in buf of the current record's header. */
    private int pos;
    private int bodyLength;

    RecordReader(FileChannel channel, long start, long end, int bufferSize) {
        this.channel = channel;
        this.end = end;
        // Small files get a small buffer; fill() grows it for a record larger than the buffer.
        this.buf = ByteBuffer.allocate((int) Math.max(RecordFormat.HEADER, Math.min(bufferSize, end - start)));
        this.bufFileOffset = start;
    }

    /** Examines the record at the current position without moving past it. */
    Status next() throws IOException {
        long offset = recordOffset();
        long remaining = end - offset;
        if (remaining == 0) {
            return Status.END;
        }
        if (remaining < RecordFormat.HEADER) {
            return Status.INCOMPLETE;
        }
        fill(RecordFormat.HEADER);
        int length = buf.getInt(pos);
        int complement = buf.getInt(pos + 4);
        if (complement != ~length || length < RecordFormat.MIN_BODY || length > RecordFormat.MAX_BODY) {
            return Status.BAD_HEADER;
        }
        if (remaining < RecordFormat.HEADER + (long) length) {
            return Status.INCOMPLETE;
        }
        fill(RecordFormat.HEADER + length);
        bodyLength = length;
        byte[] a = buf.array();
        crc.reset();
        crc.update(a, pos, 8);
        crc.update(a, pos + RecordFormat.HEADER, length);
        return (int) crc.getValue() == buf.getInt(pos + 8) ? Status.RECORD : Status.BAD_CHECKSUM;
    }

    /** Moves past the record examined by the last {@link #next()} (RECORD or BAD_CHECKSUM). */
    void advance() {
        pos += RecordFormat.HEADER + bodyLength;
    }

    /** File offset of the current record. */
    long recordOffset() {
        return bufFileOffset + pos;
    }

    /** The buffer holding the current record; valid until the next call to {@link #next()}. */
    ByteBuffer buffer() {
        return buf;
    }

    /** Index in {@link #buffer()} of the current record's body. */
    int bodyStart() {
        return pos + RecordFormat.HEADER;
    }

    int bodyLength() {
        return bodyLength;
    }

    /** Whether every byte from the current position to the end is zero (a zero-filled tail). */
    boolean restIsZero() throws IOException {
        long offset = recordOffset();
        while (offset < end) {
            int chunk = (int) Math.min(buf.capacity(), end - offset);
            compactTo(offset);
            fill(chunk);
            byte[] a = buf.array();
            for (int i = pos; i < pos + chunk; i++) {
                if (a[i] != 0) {
                    return false;
                }
            }
            pos += chunk;
            offset += chunk;
        }
        return true;
    }

    /** Ensures buf[pos, pos + n) holds file bytes, reading and compacting as needed. */
    private void fill(int n) throws IOException {
        if (bufLimit - pos >= n) {
            return;
        }
        if (n > buf.capacity()) {
            ByteBuffer bigger = ByteBuffer.allocate(n);
            bigger.put(buf.array(), pos, bufLimit - pos);
            bufFileOffset += pos;
            bufLimit -= pos;
            pos = 0;
            buf = bigger;
        } else {
            compactTo(bufFileOffset + pos);
        }
        while (bufLimit < n) {
            int want = (int) Math.min(buf.capacity() - bufLimit, end - (bufFileOffset + bufLimit));
            ByteBuffer target = buf.duplicate();
            target.position(bufLimit).limit(bufLimit + want);
            int read = channel.read(target, bufFileOffset + bufLimit);
            if (read < 0) {
                throw new EOFException("segment shorter than expected at offset " + (bufFileOffset + bufLimit));
            }
            bufLimit += read;
        }
    }

    private void compactTo(long fileOffset) {
        int from = (int) (fileOffset - bufFileOffset);
        int keep = Math.max(0, bufLimit - from);
        if (from > 0) {
            System.arraycopy(buf.array(), from, buf.array(), 0, keep);
        }
        bufFileOffset = fileOffset;
        bufLimit = keep;
        pos = 0;
    }
}
