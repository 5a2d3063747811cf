package dev.alexos.core.internal.ledger;

import com.fasterxml.jackson.databind.JsonNode;
import dev.alexos.core.ledger.Durability;
import dev.alexos.core.ledger.Ledger;
import dev.alexos.core.ledger.LedgerEntry;
import dev.alexos.core.ledger.LedgerException;
import dev.alexos.core.ledger.LedgerOptions;
import dev.alexos.core.ledger.VerifyReport;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The durable ledger: append-only segment files ({@code <first seq, 20 digits>.seg}) in one
 * directory, each record framed with its length and a CRC32C and hash-chained with SHA-256
 * (format: {@link RecordFormat}; hash: {@link LedgerChain}).
 *
 * <h2>Durability — when an append's future completes</h2>
 * <ul>
 *   <li>{@link Durability#EVERY_APPEND}: after {@code write} and {@code fdatasync}
 *       ({@code FileChannel.force(false)}) of that one record. Survives power loss if the disk
 *       honours flushes. One fsync per entry: throughput is the disk's fsync rate. The
 *       appending thread does the write and the fsync itself (appenders take turns), so
 *       {@code append} <em>blocks</em> for at least one fsync and returns a completed future.</li>
 *   <li>{@link Durability#GROUP}: one writer thread takes everything queued, waits at most
 *       {@code groupMaxDelay} (measured from the oldest queued append, and no longer than it
 *       takes as many appends as the previous batch held to arrive) for more, writes the
 *       batch and issues one {@code fdatasync}; every append of the batch completes after it.
 *       Same guarantee as {@code EVERY_APPEND}; throughput grows with concurrency.</li>
 *   <li>{@link Durability#NONE}: after {@code write} to the OS, never fsynced. Survives a
 *       process crash ({@code kill -9}), not power loss or an OS crash.</li>
 * </ul>
 * New segment files are followed by an fsync of the directory (except with {@code NONE}).
 * With {@code GROUP} and {@code NONE}, {@code append} does not block: futures complete in
 * sequence order on a dedicated completer thread, so dependent stages must not block on further
 * appends of the same ledger (use the {@code *Async} variants for that).
 *
 * <h2>Opening</h2>
 * {@link #open} checks every record's framing, checksum, sequence number and link, and cuts a
 * torn tail — an incomplete last record, which can only be an unacknowledged write — so the
 * chain continues. Any other inconsistency is damage: nothing is cut, the ledger opens
 * <em>read-only</em> (appends fail with a {@link LedgerException} naming the damaged seq) and
 * {@link #verify()} reports it. A damaged acknowledged record is never silently dropped.
 *
 * <p>Thread-safe. One {@code FileLedger} per directory (a lock file enforces it across processes).
 */
public final class FileLedger implements Ledger {
    private static final Logger LOG = LoggerFactory.getLogger(FileLedger.class);
    private static final String LOCK_FILE = "ledger.lock";

    private final Path directory;
    private final LedgerState state;
    private final AppendQueue queue = new AppendQueue();
    private final LedgerException readOnly;
    private final FileChannel lockChannel;
    private final FileLock lock;
    /** The writer appending threads call directly (EVERY_APPEND), or null. */
    private final LedgerWriter direct;
    private final Thread writerThread;
    private final Thread completerThread;
    private final AtomicBoolean closed = new AtomicBoolean();

    private FileLedger(Path directory, LedgerOptions options, Clock clock, FileChannel lockChannel, FileLock lock,
                       Recovery.Result recovered) throws IOException {
        this.directory = directory;
        this.lockChannel = lockChannel;
        this.lock = lock;
        this.state = new LedgerState(recovered.segments(), recovered.head());
        Recovery.Damage damage = recovered.damage();
        if (damage != null) {
            this.readOnly = new LedgerException("ledger " + directory + " is damaged at seq " + damage.seq() + " ("
                    + damage.problem() + "); it is read-only until repaired or restored");
            LOG.error("{}", readOnly.getMessage());
            this.direct = null;
            this.writerThread = null;
            this.completerThread = null;
            queue.refuse(readOnly);
            return;
        }
        this.readOnly = null;
        Completer completer = new Completer();
        LedgerWriter writer = new LedgerWriter(directory, options, clock, queue, state, completer, recovered);
        if (options.durability() == Durability.EVERY_APPEND) {
            this.direct = writer;
            this.writerThread = null;
            this.completerThread = null;
            return;
        }
        this.direct = null;
        String name = directory.getFileName() == null ? directory.toString() : directory.getFileName().toString();
        this.completerThread = new Thread(completer, "alexos-ledger-completer-" + name);
        this.writerThread = new Thread(writer, "alexos-ledger-writer-" + name);
        completerThread.setDaemon(true);
        writerThread.setDaemon(true);
        completerThread.start();
        writerThread.start();
    }

    /**
     * Opens (creating if needed) the ledger in {@code directory}, cutting a torn tail.
     *
     * @param clock supplies each entry's time
     * @throws LedgerException when the directory cannot be used or is in use by another ledger
     */
    public static FileLedger open(Path directory, LedgerOptions options, Clock clock) {
        Objects.requireNonNull(directory, "directory");
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(clock, "clock");
        FileChannel lockChannel = null;
        try {
            Files.createDirectories(directory);
            lockChannel = FileChannel.open(directory.resolve(LOCK_FILE), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = lockChannel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) {
                throw new LedgerException("ledger directory " + directory + " is already open in another ledger");
            }
            Recovery.Result recovered = Recovery.recover(directory, options.durability() != Durability.NONE);
            return new FileLedger(directory, options, clock, lockChannel, lock, recovered);
        } catch (IOException e) {
            closeQuietly(lockChannel);
            throw new LedgerException("cannot open ledger in " + directory + ": " + e, e);
        } catch (RuntimeException e) {
            closeQuietly(lockChannel);
            throw e;
        }
    }

    /** The directory holding the segment files. */
    public Path directory() {
        return directory;
    }

    /** Whether open found damage: appends are refused, reads and {@link #verify()} still work. */
    public boolean isReadOnly() {
        return readOnly != null;
    }

    /**
     * {@inheritDoc}
     *
     * <p>The payload is converted to canonical JSON on the calling thread, so serialization
     * errors fail the future at once with a {@link LedgerException} naming the payload's type.
     * Fails too when {@code type} is blank, the ledger is closed, read-only or failed.
     */
    @Override
    public CompletableFuture<LedgerEntry> append(String type, Object payload) {
        if (type == null || type.isBlank()) {
            return CompletableFuture.failedFuture(new LedgerException("ledger entry type must not be blank"));
        }
        JsonNode tree;
        byte[] bytes;
        try {
            tree = LedgerChain.canonicalTree(payload);
            bytes = LedgerChain.canonicalBytes(tree);
        } catch (LedgerException e) {
            return CompletableFuture.failedFuture(
                    new LedgerException("cannot append '" + type + "': " + e.getMessage(), e));
        }
        byte[] typeBytes = type.getBytes(StandardCharsets.UTF_8);
        if ((long) RecordFormat.bodyLength(typeBytes.length, bytes.length) > RecordFormat.MAX_BODY) {
            return CompletableFuture.failedFuture(new LedgerException("cannot append '" + type + "': payload of "
                    + bytes.length + " bytes exceeds the ledger's record limit of " + RecordFormat.MAX_BODY));
        }
        CompletableFuture<LedgerEntry> future = new CompletableFuture<>();
        Pending pending = new Pending(type, typeBytes, bytes, tree, future, System.nanoTime());
        if (direct != null) {
            try {
                return CompletableFuture.completedFuture(direct.appendDirect(pending));
            } catch (LedgerException e) {
                return CompletableFuture.failedFuture(e);
            }
        }
        LedgerException refused = queue.offer(pending);
        if (refused != null) {
            future.completeExceptionally(refused);
        }
        return future;
    }

    /**
     * {@inheritDoc}
     *
     * @throws LedgerException when a record on the way is damaged or a file cannot be read
     * @throws IllegalArgumentException when {@code limit} is negative
     */
    @Override
    public List<LedgerEntry> read(long fromSeq, int limit) {
        return SegmentReads.read(state.head(), state.segments(), fromSeq, limit, isReadOnly());
    }

    /** {@inheritDoc} Same failures as {@link #read}. */
    @Override
    public List<LedgerEntry> tail(int limit) {
        Head head = state.head();
        return SegmentReads.read(head, state.segments(), Math.max(1, head.seq() - limit + 1), limit, isReadOnly());
    }

    /**
     * {@inheritDoc}
     *
     * <p>Checks the entries durable when it starts (appends may continue meanwhile); on a
     * read-only (damaged) ledger, every byte of every segment.
     */
    @Override
    public VerifyReport verify() {
        Head head = state.head();
        return new LedgerVerifier().verify(state.segments(), head, isReadOnly());
    }

    @Override
    public long headSeq() {
        return state.head().seq();
    }

    @Override
    public String headHash() {
        return state.head().hash();
    }

    /**
     * Refuses new appends, waits until those already queued are durable and completed, and
     * releases the directory. Idempotent.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        LedgerException closedException = new LedgerException("ledger " + directory + " is closed");
        queue.refuse(closedException);
        if (direct != null) {
            direct.closeDirect(closedException);
        }
        join(writerThread);
        join(completerThread);
        try {
            lock.release();
        } catch (IOException e) {
            LOG.warn("ledger {}: releasing the lock failed", directory, e);
        }
        closeQuietly(lockChannel);
    }

    private static void join(Thread thread) {
        if (thread == null || thread == Thread.currentThread()) {
            return;
        }
        boolean interrupted = false;
        while (true) {
            try {
                thread.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel == null) {
            return;
        }
        try {
            channel.close();
        } catch (IOException e) {
            LOG.debug("closing {} failed", channel, e);
        }
    }

    @Override
    public String toString() {
        return "FileLedger[" + directory + ", head=" + headSeq() + (isReadOnly() ? ", read-only" : "") + "]";
    }
}
