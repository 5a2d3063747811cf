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
 * The single writer thread: numbers, hashes, frames and writes batches of appends, makes them
 * durable per {@link Durability}, publishes the new head and hands the entries to the
 * {@link Completer}. Being the only writer is what keeps the chain a chain without locks.
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
    /** Entries of the current batch already handed to the completer. */
    private int handedOff;

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
                handedOff = 0;
                try {
                    write(batch);
                } catch (IOException | RuntimeException | DigestException e) {
                    LedgerException failure = new LedgerException("ledger write to " + directory
                            + " failed; appends are refused until the ledger is reopened: " + e, e);
                    LOG.error("{}", failure.getMessage(), e);
                    queue.refuse(failure);
                    for (int i = handedOff; i < batch.size(); i++) {
                        batch.get(i).future().completeExceptionally(failure);
                    }
                    queue.drain().forEach(p -> p.future().completeExceptionally(failure));
                    break;
                }
            }
        } finally {
            try {
                channel.close();
            } catch (IOException e) {
                LOG.warn("ledger {}: closing segment {} failed", directory, segment.path(), e);
            }
            completer.finish();
        }
    }

    private void write(List<Pending> batch) throws IOException, DigestException {
        LedgerEntry[] entries = new LedgerEntry[batch.size()];
        boolean each = options.durability() == Durability.EVERY_APPEND;
        for (int i = 0; i < batch.size(); i++) {
            Pending p = batch.get(i);
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
            entries[i] = encode(p);
            if (each) {
                flush();
                sync();
                publish();
                completer.durable(batch, i, i + 1, entries);
                handedOff = i + 1;
            }
        }
        if (!each) {
            flush();
            sync();
            publish();
            completer.durable(batch, 0, batch.size(), entries);
            handedOff = batch.size();
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
