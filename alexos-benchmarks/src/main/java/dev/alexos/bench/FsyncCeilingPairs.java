package dev.alexos.bench;

import dev.alexos.core.internal.ledger.FileLedger;
import dev.alexos.core.ledger.Durability;
import dev.alexos.core.ledger.LedgerEntry;
import dev.alexos.core.ledger.LedgerOptions;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Ledger append rates against the disk's raw write+fsync rate, measured in <em>alternating</em>
 * one-second windows (raw, fsync-per-append, group commit, raw, …) so that each ratio compares
 * numbers taken seconds apart. On a shared machine whose fsync rate swings several-fold from
 * minute to minute, this pairing is what makes the ratio meaningful; the JMH benchmarks
 * ({@link LedgerBenchmark}, {@link RawFsyncBenchmark}) give the same figures without pairing.
 *
 * <pre>java -cp alexos-benchmarks/target/benchmarks.jar dev.alexos.bench.FsyncCeilingPairs [rounds] [windowMillis]</pre>
 *
 * Directory: {@code -Dalexos.bench.dir} (default {@code java.io.tmpdir}).
 */
public final class FsyncCeilingPairs {
    private static final int RECORD_BYTES = 200;
    private static final int GROUP_THREADS = 8;
    private static final int GROUP_IN_FLIGHT = 256;

    private FsyncCeilingPairs() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 7;
        Duration window = Duration.ofMillis(args.length > 1 ? Long.parseLong(args[1]) : 1000);
        Path dir = BenchDirs.create("fsync-pairs-");
        try (FileChannel raw = FileChannel.open(dir.resolve("raw.dat"), StandardOpenOption.CREATE_NEW,
                     StandardOpenOption.WRITE);
             FileLedger every = open(dir.resolve("every"), Durability.EVERY_APPEND);
             FileLedger group = open(dir.resolve("group"), Durability.GROUP)) {
            Runner runner = new Runner(raw);
            List<double[]> rows = new ArrayList<>();
            System.out.printf("%-6s %12s %14s %14s %10s %10s%n", "round", "raw fsync/s", "every_append/s",
                    "group 8t/s", "every/raw", "group/raw");
            for (int r = 0; r <= rounds; r++) {
                double rawRate = runner.raw(window);
                double everyRate = rate(window, () -> every.append("bench.container_action", LedgerBenchmark.PAYLOAD).join());
                double groupRate = group(group, window);
                if (r == 0) {
                    continue; // warm-up round
                }
                rows.add(new double[] {rawRate, everyRate, groupRate, everyRate / rawRate, groupRate / rawRate});
                System.out.printf("%-6d %12.0f %14.0f %14.0f %10.2f %10.1f%n", r, rawRate, everyRate, groupRate,
                        everyRate / rawRate, groupRate / rawRate);
            }
            System.out.printf("%-6s %12.0f %14.0f %14.0f %10.2f %10.1f%n", "median", median(rows, 0), median(rows, 1),
                    median(rows, 2), median(rows, 3), median(rows, 4));
        } finally {
            BenchDirs.delete(dir);
        }
    }

    private static FileLedger open(Path dir, Durability durability) {
        return FileLedger.open(dir, new LedgerOptions(durability, Duration.ofMillis(2), 64L << 20), Clock.systemUTC());
    }

    /** Raw appends of one record plus fdatasync, the system calls of one EVERY_APPEND entry. */
    private static final class Runner {
        private final FileChannel channel;
        private final ByteBuffer record = ByteBuffer.allocate(RECORD_BYTES);
        private long position;

        Runner(FileChannel channel) {
            this.channel = channel;
        }

        double raw(Duration window) {
            return rate(window, () -> {
                try {
                    record.clear();
                    while (record.hasRemaining()) {
                        position += channel.write(record, position);
                    }
                    channel.force(false);
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            });
        }
    }

    private static double rate(Duration window, Runnable op) {
        long start = System.nanoTime();
        long deadline = start + window.toNanos();
        long n = 0;
        long now;
        do {
            op.run();
            n++;
            now = System.nanoTime();
        } while (now < deadline);
        return n * 1e9 / (now - start);
    }

    /** Acknowledged appends/s from 8 threads, each keeping up to 256 in flight. */
    private static double group(FileLedger ledger, Duration window) throws InterruptedException {
        AtomicLong acked = new AtomicLong();
        long start = System.nanoTime();
        long deadline = start + window.toNanos();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < GROUP_THREADS; t++) {
            Thread thread = new Thread(() -> {
                ArrayDeque<CompletableFuture<LedgerEntry>> pending = new ArrayDeque<>();
                while (System.nanoTime() < deadline) {
                    if (pending.size() >= GROUP_IN_FLIGHT) {
                        pending.poll().join();
                        if (System.nanoTime() < deadline) {
                            acked.incrementAndGet();
                        }
                    }
                    pending.add(ledger.append("bench.container_action", LedgerBenchmark.PAYLOAD));
                }
                pending.forEach(CompletableFuture::join);
            });
            threads.add(thread);
            thread.start();
        }
        for (Thread thread : threads) {
            thread.join();
        }
        return acked.get() * 1e9 / (deadline - start);
    }

    private static double median(List<double[]> rows, int column) {
        double[] values = rows.stream().mapToDouble(r -> r[column]).sorted().toArray();
        return values.length == 0 ? Double.NaN : values[values.length / 2];
    }
}
