package dev.alexos.chainbot.internal.workflow;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.function.BiConsumer;
import java.util.zip.CRC32C;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The append-only step journal ({@code workflows-journal.log}): one sequential file, one record
 * per step-record write, framed like core's file ledger. All integers big-endian.
 *
 * <pre>
 * file:   magic "ALXWFJ1\n"  frame*
 * frame:  bodyLength:int  ~bodyLength:int  crc32c:int  body
 * body:   runIdLength:unsigned short  runId:UTF-8  record:JSON, UTF-8 (see {@link StepCodec})
 * </pre>
 *
 * <p>The CRC32C covers the two length fields and the body; the length is stored twice so that a
 * damaged length reads as damage rather than as a record running past the end of the file. On
 * open every frame is checked and handed to the replay callback in order; the first frame that
 * is incomplete or fails its check ends the journal and the file is cut there. A torn tail can
 * only hold writes that were never acknowledged (an acknowledged write was forced to disk
 * before its acknowledgement), so cutting it loses nothing anyone was promised.
 *
 * <p>Not thread-safe: the store's single writer thread owns it.
 */
final class StepJournal implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StepJournal.class);
    static final byte[] MAGIC = "ALXWFJ1\n".getBytes(StandardCharsets.US_ASCII);
    static final int HEADER = 12;
    /** Largest body accepted: bounds what a damaged length can make the reader allocate. */
    static final int MAX_BODY = 8 * 1024 * 1024;
    /** Bytes after a bad frame up to which the cut is taken for a torn last write (one batch's worth). */
    private static final int MAX_RECORD_HINT = 64 * 1024;

    private final Path file;
    private final FileChannel ch;
    private final CRC32C crc = new CRC32C();
    private ByteBuffer buf = ByteBuffer.allocate(64 * 1024);
    private long size;

    /** What {@link #open} found. */
    record Replay(int frames, long bytesCut, String cutReason) {
    }

    private final Replay replayed;

    private StepJournal(Path file, FileChannel ch, long size, Replay replayed) {
        this.file = file;
        this.ch = ch;
        this.size = size;
        this.replayed = replayed;
    }

    /** What opening found: intact frames replayed, bytes cut from the tail and why. */
    Replay replayed() {
        return replayed;
    }

    /**
     * Opens (creating if needed) the journal, hands every intact frame to {@code replay} as
     * (run id, record JSON) in write order, and cuts a torn or damaged tail.
     */
    static StepJournal open(Path file, BiConsumer<String, byte[]> replay) throws IOException {
        FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        try {
            long length = ch.size();
            if (length < MAGIC.length) {
                // new, or torn while being created (nothing was ever acknowledged in it)
                ch.truncate(0);
                ch.write(ByteBuffer.wrap(MAGIC), 0);
                ch.force(true);
                return new StepJournal(file, ch, MAGIC.length,
                        new Replay(0, length, length == 0 ? null : "incomplete file header"));
            }
            if (length > Integer.MAX_VALUE - 8) {
                throw new IOException("workflow journal " + file + " is implausibly large (" + length + " bytes)");
            }
            ByteBuffer all = ByteBuffer.allocate((int) length);
            while (all.hasRemaining() && ch.read(all, all.position()) >= 0) {
                // read the whole file: it is bounded by the store's compaction threshold
            }
            all.flip();
            byte[] magic = new byte[MAGIC.length];
            all.get(magic);
            if (!Arrays.equals(magic, MAGIC)) {
                throw new IOException("not a workflow journal (bad magic): " + file);
            }
            CRC32C check = new CRC32C();
            int pos = MAGIC.length;
            int frames = 0;
            String cut = null;
            while (pos < length) {
                if (length - pos < HEADER) {
                    cut = "incomplete frame header";
                    break;
                }
                int bodyLength = all.getInt(pos);
                int inverse = all.getInt(pos + 4);
                if (bodyLength != ~inverse || bodyLength < 3 || bodyLength > MAX_BODY) {
                    cut = "damaged frame length";
                    break;
                }
                if (length - pos - HEADER < bodyLength) {
                    cut = "incomplete frame";
                    break;
                }
                check.reset();
                check.update(all.array(), pos, 8);
                check.update(all.array(), pos + HEADER, bodyLength);
                if ((int) check.getValue() != all.getInt(pos + 8)) {
                    cut = "checksum mismatch";
                    break;
                }
                int body = pos + HEADER;
                int idLength = Short.toUnsignedInt(all.getShort(body));
                if (idLength + 2 > bodyLength) {
                    cut = "malformed frame body";
                    break;
                }
                String runId = new String(all.array(), body + 2, idLength, StandardCharsets.UTF_8);
                byte[] json = Arrays.copyOfRange(all.array(), body + 2 + idLength, body + bodyLength);
                replay.accept(runId, json);
                frames++;
                pos += HEADER + bodyLength;
            }
            long bytesCut = length - pos;
            if (bytesCut > 0) {
                // a write cut short leaves less than one frame of bytes after the last good one;
                // more than that after a bad frame is damage, and acknowledged records may be lost
                boolean torn = "incomplete frame header".equals(cut) || "incomplete frame".equals(cut)
                        || bytesCut <= HEADER + MAX_RECORD_HINT;
                if (torn) {
                    LOG.warn("workflow journal {}: cut a torn tail of {} byte(s) at offset {} after {} intact record(s)"
                            + " ({}); it holds only unacknowledged writes", file, bytesCut, pos, frames, cut);
                } else {
                    LOG.error("workflow journal {}: damaged at offset {} ({}) after {} intact record(s); cut {} byte(s)"
                            + " from there — records after the damage are lost", file, pos, cut, frames, bytesCut);
                }
                ch.truncate(pos);
                ch.force(true);
            }
            return new StepJournal(file, ch, pos, new Replay(frames, bytesCut, cut));
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    /** Frames one record into the pending buffer (written by {@link #write}). */
    void add(byte[] runId, byte[] json) {
        int bodyLength = 2 + runId.length + json.length;
        if (bodyLength > MAX_BODY) {
            throw new IllegalArgumentException("step record of " + bodyLength + " bytes exceeds the journal's limit");
        }
        int need = HEADER + bodyLength;
        if (buf.remaining() < need) {
            ByteBuffer bigger = ByteBuffer.allocate(Math.max(buf.capacity() * 2, buf.position() + need));
            buf.flip();
            bigger.put(buf);
            buf = bigger;
        }
        int start = buf.position();
        buf.putInt(bodyLength).putInt(~bodyLength).putInt(0);
        buf.putShort((short) runId.length).put(runId).put(json);
        crc.reset();
        crc.update(buf.array(), start, 8);
        crc.update(buf.array(), start + HEADER, bodyLength);
        buf.putInt(start + 8, (int) crc.getValue());
    }

    /** Whether records were added since the last {@link #write}. */
    boolean hasPending() {
        return buf.position() > 0;
    }

    /** Writes the added frames with one positional write (to the OS: they survive a process kill). */
    void write() throws IOException {
        buf.flip();
        try {
            while (buf.hasRemaining()) {
                size += ch.write(buf, size);
            }
        } finally {
            buf.clear();
            if (buf.capacity() > 1024 * 1024) {
                buf = ByteBuffer.allocate(64 * 1024); // do not keep a huge batch's buffer forever
            }
        }
    }

    /** Forces written frames to the disk (one fsync for the whole batch). */
    void force() throws IOException {
        ch.force(false);
    }

    /** Empties the journal once its records are compacted elsewhere. */
    void reset() throws IOException {
        buf.clear();
        ch.truncate(MAGIC.length);
        ch.force(true);
        size = MAGIC.length;
    }

    long size() {
        return size;
    }

    Path file() {
        return file;
    }

    @Override
    public void close() throws IOException {
        ch.close();
    }
}
