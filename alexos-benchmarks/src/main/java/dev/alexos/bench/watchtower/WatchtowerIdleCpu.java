package dev.alexos.bench.watchtower;

import dev.alexos.core.AlexOs;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Load driver: CPU used by an idle Watchtower watching {@code containers} running containers,
 * as a percentage of one core, with stats sampling off and on.
 *
 * <p>Phases, one after the other in one JVM, each measured over {@code seconds} of idleness
 * (nothing changes on the engine) in slices of {@code slice} seconds:
 * <ol>
 *   <li>{@code baseline} — the same JVM, containers running, no runtime: the JVM's own idle cost;</li>
 *   <li>one phase per value of {@code statsIntervals} (default {@code 0,15s}; 0 = sampling off):
 *       an {@link AlexOs} runtime with only the Watchtower module (default full resync every
 *       30 s), started, inventory settled, {@code warmup} seconds more, then measured.</li>
 * </ol>
 * JVM CPU is the process CPU time ({@code OperatingSystemMXBean.getProcessCpuTime()}: all
 * threads, GC and JIT included) divided by wall time. Engine-side CPU is the sum of
 * {@code utime+stime} ({@code /proc/<pid>/stat}) of every process whose command line names the
 * engine's private directory (dockerd, containerd, the per-container shims): what the engine
 * spends answering the monitor (stats sampling asks it for every container).
 *
 * <pre>{@code
 * scripts/test-env.sh run -- java -cp alexos-benchmarks/target/benchmarks.jar \
 *     dev.alexos.bench.watchtower.WatchtowerIdleCpu containers=200 seconds=60
 * }</pre>
 */
public final class WatchtowerIdleCpu {
    private static final double CLOCK_TICKS_PER_SECOND = 100.0; // USER_HZ on Linux (getconf CLK_TCK)

    private WatchtowerIdleCpu() {
    }

    /** Runs the driver, then exits the JVM (status 1 on failure; a watchdog ends it after 30 min). */
    public static void main(String[] args) {
        BenchSetup.runThenExit(() -> run(args), 30);
    }

    private static void run(String[] args) throws Exception {
        BenchArgs a = new BenchArgs(args, Set.of("containers", "seconds", "slice", "warmup", "statsIntervals"));
        int containers = a.integer("containers", 200, 1, 1000);
        int seconds = a.integer("seconds", 60, 5, 3600);
        int slice = a.integer("slice", 10, 1, seconds);
        int warmup = a.integer("warmup", 10, 0, 600);
        String[] intervals = a.string("statsIntervals", "0,15s").split(",");
        Path dir = BenchSetup.scratch("alexos-bench-wtcpu");
        BenchSetup.header("WatchtowerIdleCpu containers=" + containers + " seconds=" + seconds + " slice=" + slice
                + " statsIntervals=" + String.join(",", intervals));
        try (BenchDocker docker = BenchDocker.fromTestEnv()) {
            String engineDir = engineDirectory(docker.host);
            long t = System.nanoTime();
            List<String> ids = docker.startContainers(containers, 4);
            System.out.printf("created and started %d containers in %.1f s%n", ids.size(), (System.nanoTime() - t) / 1e9);
            Thread.sleep(warmup * 1000L);
            measure("baseline (no runtime)", engineDir, seconds, slice);
            int phase = 0;
            for (String interval : intervals) {
                Path data = dir.resolve("data" + phase++);
                try (AlexOs os = BenchSetup.watchtowerRuntime(data, docker.host, interval.trim())) {
                    Duration settle = BenchSetup.awaitInventory(os.eventBus(), containers, Duration.ofSeconds(2),
                            Duration.ofMinutes(5));
                    Thread.sleep(warmup * 1000L);
                    if (docker.running() != containers) {
                        throw new IllegalStateException("containers stopped during the run: not idle");
                    }
                    long before = os.eventBus().lastSeq();
                    measure(String.format(Locale.ROOT, "watchtower, stats_interval=%s (settled in %.1f s)",
                            interval.trim(), settle.toMillis() / 1e3), engineDir, seconds, slice);
                    System.out.println("  events published during the window: " + (os.eventBus().lastSeq() - before));
                }
            }
            System.out.println("loadavg after: " + BenchSetup.loadavg());
        } finally {
            BenchSetup.deleteQuietly(dir);
        }
    }

    private static void measure(String phase, String engineDir, int seconds, int slice) throws InterruptedException {
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        String loadBefore = BenchSetup.loadavg();
        long wall0 = System.nanoTime();
        long cpu0 = os.getProcessCpuTime();
        double engine0 = engineCpuSeconds(engineDir);
        List<Double> slices = new ArrayList<>();
        long sliceWall = wall0;
        long sliceCpu = cpu0;
        long end = wall0 + seconds * 1_000_000_000L;
        while (System.nanoTime() < end) {
            Thread.sleep(Math.min(slice * 1000L, Math.max(1, (end - System.nanoTime()) / 1_000_000)));
            long w = System.nanoTime();
            long c = os.getProcessCpuTime();
            slices.add(100.0 * (c - sliceCpu) / (w - sliceWall));
            sliceWall = w;
            sliceCpu = c;
        }
        long wall = System.nanoTime() - wall0;
        double jvm = 100.0 * (os.getProcessCpuTime() - cpu0) / wall;
        double engine = 100.0 * (engineCpuSeconds(engineDir) - engine0) / (wall / 1e9);
        List<Double> sorted = slices.stream().sorted().toList();
        System.out.printf(Locale.ROOT, "%s over %.1f s:%n", phase, wall / 1e9);
        System.out.printf(Locale.ROOT, "  JVM CPU %.3f %% of one core (%d-s slices: median %.3f, min %.3f, max %.3f); target < 1 %%: %.2f × target%n",
                jvm, slice, sorted.get(sorted.size() / 2), sorted.get(0), sorted.get(sorted.size() - 1), jvm / 1.0);
        System.out.printf(Locale.ROOT, "  engine-side CPU (dockerd, containerd, shims) %.3f %% of one core%n", engine);
        System.out.println("  loadavg before " + loadBefore + ", after " + BenchSetup.loadavg());
    }

    /** {@code unix:///tmp/alexos-it.X/engine1/docker.sock} → {@code /tmp/alexos-it.X/engine1/}. */
    private static String engineDirectory(String host) {
        String path = host.replaceFirst("^unix://", "");
        Path parent = Path.of(path).getParent();
        if (!host.startsWith("unix://") || parent == null) {
            throw new IllegalStateException("expected a unix:// socket of test-env, got " + host);
        }
        return parent + "/";
    }

    /** CPU seconds (user + system) of every process whose command line contains {@code engineDir}. */
    private static double engineCpuSeconds(String engineDir) {
        double ticks = 0;
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            for (Path p : (Iterable<Path>) procs.filter(x -> x.getFileName().toString().chars().allMatch(Character::isDigit))::iterator) {
                try {
                    String cmd = new String(Files.readAllBytes(p.resolve("cmdline")), StandardCharsets.UTF_8).replace('\0', ' ');
                    if (!cmd.contains(engineDir)) {
                        continue;
                    }
                    String stat = Files.readString(p.resolve("stat"));
                    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    ticks += Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime, stime (fields 14, 15)
                } catch (IOException | RuntimeException e) {
                    // the process ended between listing and reading: it no longer counts
                }
            }
        } catch (IOException e) {
            return Double.NaN;
        }
        return ticks / CLOCK_TICKS_PER_SECOND;
    }
}
