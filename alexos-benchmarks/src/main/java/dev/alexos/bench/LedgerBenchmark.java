package dev.alexos.bench;

import dev.alexos.core.internal.ledger.FileLedger;
import dev.alexos.core.ledger.Durability;
import dev.alexos.core.ledger.LedgerEntry;
import dev.alexos.core.ledger.LedgerOptions;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Map;
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
import org.openjdk.jmh.annotations.Threads;

/**
 * Durable appends per second of {@link FileLedger}, per {@link Durability}, from 1 and 8
 * threads. Each thread keeps at most {@code inFlight} appends unacknowledged: it joins the
 * oldest future before issuing a new one, so (apart from at most {@code inFlight} per thread
 * at the end of an iteration) every counted append was acknowledged — i.e. fsynced, with
 * {@code EVERY_APPEND} and {@code GROUP}. {@code inFlight=1} is a caller that waits for each
 * append. Compare with {@link RawFsyncBenchmark} run in the same session (the disk's ceiling).
 *
 * <pre>java -jar alexos-benchmarks/target/benchmarks.jar "LedgerBenchmark|RawFsyncBenchmark" -f 1 -wi 2 -i 5 -w 2s -r 3s</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class LedgerBenchmark {
    /** A typical entry: a container action with a few short fields (≈ 200 bytes on disk). */
    static final Map<String, Object> PAYLOAD = Map.of(
            "container_id", "3f2a9c1d7e5b", "container_name", "web-frontend-1",
            "action", "restart", "actor", "admin", "ok", true, "duration_ms", 412);

    @Param({"GROUP", "EVERY_APPEND", "NONE"})
    public Durability durability;

    @Param({"1", "256"})
    public int inFlight;

    FileLedger ledger;
    private Path dir;

    @Setup(Level.Trial)
    public void open() {
        dir = BenchDirs.create("ledger-bench-");
        ledger = FileLedger.open(dir, new LedgerOptions(durability, Duration.ofMillis(2), 64L << 20),
                Clock.systemUTC());
    }

    @TearDown(Level.Trial)
    public void close() {
        ledger.close();
        BenchDirs.delete(dir);
    }

    /** One appending thread's unacknowledged futures. */
    @State(Scope.Thread)
    public static class Window {
        private final ArrayDeque<CompletableFuture<LedgerEntry>> pending = new ArrayDeque<>();

        LedgerEntry append(LedgerBenchmark bench) {
            LedgerEntry acked = null;
            if (pending.size() >= bench.inFlight) {
                acked = pending.poll().join();
            }
            pending.add(bench.ledger.append("bench.container_action", PAYLOAD));
            return acked;
        }

        @TearDown(Level.Iteration)
        public void drain() {
            while (!pending.isEmpty()) {
                pending.poll().join();
            }
        }
    }

    @Benchmark
    @Threads(1)
    public LedgerEntry append1Thread(Window window) {
        return window.append(this);
    }

    @Benchmark
    @Threads(8)
    public LedgerEntry append8Threads(Window window) {
        return window.append(this);
    }
}
