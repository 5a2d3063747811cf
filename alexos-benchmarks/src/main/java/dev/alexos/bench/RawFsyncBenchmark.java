package dev.alexos.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;

/**
 * The disk's ceiling for durable appends: one thread appending a small record to a file and
 * calling {@code FileChannel.force(false)} (fdatasync) after each, exactly the system calls
 * {@code FileLedger} makes per append with {@code EVERY_APPEND}, without any ledger work.
 * Run it in the same session as {@link LedgerBenchmark} and quote ratios.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(1)
public class RawFsyncBenchmark {
    /** Bytes per write: about one ledger record of {@link LedgerBenchmark#PAYLOAD}. */
    @Param({"200"})
    public int recordBytes;

    private Path dir;
    private FileChannel channel;
    private ByteBuffer record;
    private long position;

    @Setup(Level.Trial)
    public void open() throws IOException {
        dir = BenchDirs.create("raw-fsync-");
        channel = FileChannel.open(dir.resolve("raw.dat"), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        byte[] bytes = new byte[recordBytes];
        Arrays.fill(bytes, (byte) 'r');
        record = ByteBuffer.wrap(bytes);
    }

    @TearDown(Level.Trial)
    public void close() throws IOException {
        channel.close();
        BenchDirs.delete(dir);
    }

    @Benchmark
    public long writeAndFsync() throws IOException {
        record.rewind();
        while (record.hasRemaining()) {
            position += channel.write(record, position);
        }
        channel.force(false);
        return position;
    }
}
