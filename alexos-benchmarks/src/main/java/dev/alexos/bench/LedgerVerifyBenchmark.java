package dev.alexos.bench;

import dev.alexos.core.internal.ledger.FileLedger;
import dev.alexos.core.ledger.Durability;
import dev.alexos.core.ledger.LedgerEntry;
import dev.alexos.core.ledger.LedgerOptions;
import dev.alexos.core.ledger.VerifyReport;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
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

/**
 * Time for {@link FileLedger#verify()} over a ledger of {@code entries} entries of the same
 * shape as {@link LedgerBenchmark}'s (built once per fork, 64 MiB segments). The files are in
 * the page cache after the build, so this measures CRC32C + SHA-256 + parsing, not the disk.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class LedgerVerifyBenchmark {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    @Param({"1000000"})
    public int entries;

    private FileLedger ledger;
    private Path dir;
    /** CPU milliseconds of each verify: on a shared, overloaded machine the wall time mostly measures waiting. */
    private final List<Double> cpuMillis = new ArrayList<>();

    @Setup(Level.Trial)
    public void build() {
        dir = BenchDirs.create("ledger-verify-");
        ledger = FileLedger.open(dir, new LedgerOptions(Durability.NONE, Duration.ZERO, 64L << 20),
                Clock.systemUTC());
        ArrayDeque<CompletableFuture<LedgerEntry>> pending = new ArrayDeque<>();
        for (int i = 0; i < entries; i++) {
            if (pending.size() >= 1024) {
                pending.poll().join();
            }
            pending.add(ledger.append("bench.container_action", LedgerBenchmark.PAYLOAD));
        }
        pending.forEach(CompletableFuture::join);
        if (ledger.headSeq() != entries) {
            throw new IllegalStateException("built " + ledger.headSeq() + " entries, wanted " + entries);
        }
    }

    @TearDown(Level.Trial)
    public void close() {
        List<Double> sorted = cpuMillis.stream().sorted().toList();
        if (!sorted.isEmpty()) {
            System.out.printf("%nverify CPU time per call: median %.1f ms over %d calls (min %.1f, max %.1f)%n",
                    sorted.get(sorted.size() / 2), sorted.size(), sorted.get(0), sorted.get(sorted.size() - 1));
        }
        ledger.close();
        BenchDirs.delete(dir);
    }

    @Benchmark
    public VerifyReport verify() {
        long cpu = THREADS.getCurrentThreadCpuTime();
        VerifyReport report = ledger.verify();
        cpuMillis.add((THREADS.getCurrentThreadCpuTime() - cpu) / 1e6);
        if (!report.ok() || report.entriesChecked() != entries) {
            throw new IllegalStateException("verify failed: " + report);
        }
        return report;
    }
}
