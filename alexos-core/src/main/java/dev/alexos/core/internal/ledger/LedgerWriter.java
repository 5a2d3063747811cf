package dev.alexos.core.internal.ledger;

import dev.alexos.core.ledger.Durability;
import dev.alexos.core.ledger.LedgerEntry;
import dev.alexos.core.ledger.LedgerException;
import dev.alexos.core.ledger.LedgerOptions;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.DigestException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.zip.CRC32C;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Numbers, hashes, frames and writes entries, makes them durable per {@link Durability} and
 * publishes the new head. With {@code GROUP} and {@code NONE} it is the single writer thread
 * ({@link #run()}) and hands entries to the {@link Completer}; with {@code EVERY_APPEND},
 * appending threads call {@link #appendDirect} in turn. Either way one writer at a time is
 * what keeps the chain a chain.
 *
 * <p>After an I/O error it refuses every later append: what reached the disk is unknown, and
 * reopening (which cuts a torn tail) is the way back to a known state.
 */
final class LedgerWriter implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(LedgerWriter.class);
    private static final int BUFFER = 1 << 20;

    private final Path directory;
    private final LedgerOptions options;
    private final Clock clock;
    private final AppendQueue queue;
    private final LedgerState state;
    private final Completer completer;
    private final MessageDigest digest = LedgerChain.sha256();
    private final CRC32C crc = new CRC32C();
    private final byte[] prevHash;
    private String prevHex;
    private long nextSeq;
    private Segment segment;
    private FileChannel channel;
    /** Bytes of {@link #segment} already written to the channel. */
    private long segmentSize;
    private ByteBuffer out = ByteBuffer.allocate(BUFFER);
    private int lastBatch = 1;
    /** EVERY_APPEND only: why appends are refused (closed or failed). */
    private LedgerException refusal;

    LedgerWriter(Path directory, LedgerOptions options, Clock clock, AppendQueue queue, LedgerState state,
                 Completer completer, Recovery.Result recovered) throws IOException {
        this.directory = directory;
        this.options = options;
        this.clock = clock;
        this.queue = queue;
        this.state = state;
        this.completer = completer;
        Head head = recovered.head();
        this.prevHash = recovered.headHash().clone();
        this.prevHex = head.hash();
        this.nextSeq = head.seq() + 1;
        this.segment = recovered.segments().get(recovered.segments().size() - 1);
        this.segmentSize = recovered.activeSize();
        this.channel = FileChannel.open(segment.path(), StandardOpenOption.WRITE);
    }

    /**
     * The writer thread's loop ({@code GROUP} and {@code NONE}): takes batches until the queue
     * is refused and empty, then closes the segment and stops the completer.
     */
    @Override
    public void run() {
        long maxDelay = options.durability() == Durability.GROUP ? options.groupMaxDelay().toNanos() : 0;
        try {
            while (true) {
                List<Pending> batch;
                try {
                    batch = queue.take(maxDelay, lastBatch);
                } catch (InterruptedException e) {
                    continue;
                }
                if (batch == null) {
                    break;
                }
                lastBatch = batch.size();
                try {
                    write(batch);
                } catch (IOException | RuntimeException | DigestException e) {
                    LedgerException failure = failure(e);
                    queue.refuse(failure);
                    batch.forEach(p -> p.future().completeExceptionally(failure));
                    queue.drain().forEach(p -> p.future().completeExceptionally(failure));
                    break;
                }
            }
        } finally {
            closeChannel();
            completer.finish();
        }
    }

    /** One batch: encoded into the buffer, written, one fdatasync (GROUP), then acknowledged. */
    private void write(List<Pending> batch) throws IOException, DigestException {
        LedgerEntry[] entries = new LedgerEntry[batch.size()];
        for (int i = 0; i < batch.size(); i++) {
            makeRoom(batch.get(i));
            entries[i] = encode(batch.get(i));
        }
        flush();
        sync();
        publish();
        completer.durable(batch, 0, batch.size(), entries);
    }

    /**
     * {@code EVERY_APPEND}: the calling thread writes and fdatasyncs its own entry under this
     * object's lock — no hand-off to another thread, so one synchronous appender runs at the
     * disk's fsync rate; concurrent appenders take turns, one fsync each.
     *
     * @return the durable entry
     * @throws LedgerException when closed or failed (the failure then refuses all later appends)
     */
    synchronized LedgerEntry appendDirect(Pending p) {
        if (refusal != null) {
            throw refusal;
        }
        try {
            makeRoom(p);
            LedgerEntry entry = encode(p);
            flush();
            sync();
            publish();
            return entry;
        } catch (IOException | RuntimeException | DigestException e) {
            refusal = failure(e);
            closeChannel();
            throw refusal;
        }
    }

    /** {@code EVERY_APPEND}: refuses later appends with {@code reason} and closes the segment. */
    synchronized void closeDirect(LedgerException reason) {
        if (refusal == null) {
            refusal = reason;
            closeChannel();
        }
    }

    private LedgerException failure(Exception e) {
        LedgerException failure = new LedgerException("ledger write to " + directory
                + " failed; appends are refused until the ledger is reopened: " + e, e);
        LOG.error("{}", failure.getMessage(), e);
        return failure;
    }

    private void closeChannel() {
        try {
            channel.close();
        } catch (IOException e) {
            LOG.warn("ledger {}: closing segment {} failed", directory, segment.path(), e);
        }
    }

    /** Rotates past segmentMaxBytes and makes the buffer large enough for the record. */
    private void makeRoom(Pending p) throws IOException {
        int recordLength = RecordFormat.HEADER + RecordFormat.bodyLength(p.typeBytes().length, p.payload().length);
        long used = segmentSize + out.position();
        if (used > 0 && used + recordLength > options.segmentMaxBytes()) {
            flush();
            sync();
            rotate();
        }
        if (out.remaining() < recordLength) {
            flush();
            if (out.capacity() < recordLength) {
                out = ByteBuffer.allocate(recordLength);
            }
        }
    }

    private LedgerEntry encode(Pending p) throws DigestException {
        int start = out.position();
        int bodyStart = start + RecordFormat.HEADER;
        long seq = nextSeq;
        Instant time = clock.instant();
        out.position(bodyStart);
        RecordFormat.putPreimage(out, seq, time, p.typeBytes(), p.payload(), prevHash);
        byte[] a = out.array();
        int preimage = out.position() - bodyStart;
        digest.update(a, bodyStart, preimage);
        digest.digest(a, bodyStart + preimage, LedgerChain.HASH_BYTES);
        int bodyLength = preimage + LedgerChain.HASH_BYTES;
        out.position(bodyStart + bodyLength);
        out.putInt(start, bodyLength);
        out.putInt(start + 4, ~bodyLength);
        crc.reset();
        crc.update(a, start, 8);
        crc.update(a, bodyStart, bodyLength);
        out.putInt(start + 8, (int) crc.getValue());
        System.arraycopy(a, bodyStart + preimage, prevHash, 0, LedgerChain.HASH_BYTES);
        String hash = LedgerChain.hex(prevHash);
        LedgerEntry entry = new LedgerEntry(seq, time, p.type(), p.payloadTree(), prevHex, hash);
        segment.indexed(seq, segmentSize + start);
        prevHex = hash;
        nextSeq++;
        return entry;
    }

    private void flush() throws IOException {
        out.flip();
        while (out.hasRemaining()) {
            segmentSize += channel.write(out, segmentSize);
        }
        out.clear();
    }

    private void sync() throws IOException {
        // force(false) is fdatasync: it flushes the data and the file size, all an append needs.
        if (options.durability() != Durability.NONE) {
            channel.force(false);
        }
    }

    private void rotate() throws IOException {
        channel.close();
        Segment next = new Segment(Segment.pathFor(directory, nextSeq), nextSeq);
        channel = FileChannel.open(next.path(), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        if (options.durability() != Durability.NONE) {
            Recovery.syncDirectory(directory);
        }
        segment = next;
        segmentSize = 0;
        state.addSegment(next);
    }

    private void publish() {
        state.publish(new Head(nextSeq - 1, prevHex, segment, segmentSize));
    }
}
