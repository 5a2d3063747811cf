package dev.alexos.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.alexos.chainbot.workflow.RunStatus;
import dev.alexos.chainbot.workflow.WorkflowRun;
import dev.alexos.chainbot.workflow.Workflows;
import dev.alexos.core.Agent;
import dev.alexos.core.AgentDescriptor;
import dev.alexos.core.AlexOs;
import dev.alexos.core.Task;
import dev.alexos.core.TaskResult;
import dev.alexos.core.json.Json;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
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
 * The workflow engine's own cost, on the real runtime (file ledger, registry, scheduler, H2).
 *
 * <p>JMH part: time per run of a sequential workflow of {@code steps} no-op steps — a
 * {@code transform} of a constant, or an {@code agent_task} to an agent that answers at once.
 * Every step is recorded in H2 and every run ends with a ledger entry, so the per-step overhead
 * is the slope: {@code (t(500) - t(1)) / 499}.
 *
 * <pre>java -jar alexos-benchmarks/target/benchmarks.jar WorkflowBenchmark -f 1 -wi 2 -i 3 -w 2s -r 3s</pre>
 *
 * <p>{@link #main}: 1,000 runs started at once, each waiting on a 20 s timer; prints the live
 * threads and the heap used (after GC) while they all wait, then the time until all finished.
 *
 * <pre>java -cp alexos-benchmarks/target/benchmarks.jar dev.alexos.bench.WorkflowBenchmark [runs] [wait seconds]</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class WorkflowBenchmark {

    @Param({"transform", "agent_task"})
    public String stepType;

    @Param({"1", "500"})
    public int steps;

    private Path dir;
    private AlexOs os;
    private Workflows workflows;

    @Setup(Level.Trial)
    public void open() throws IOException {
        dir = BenchDirs.create("workflow-bench-");
        os = runtime(dir);
        workflows = workflows(os, dir, 1000);
        StringBuilder y = new StringBuilder("id: noop\nsteps:\n");
        for (int i = 0; i < steps; i++) {
            y.append(stepType.equals("transform")
                    ? "  - {id: s" + i + ", type: transform, config: {value: 1}}\n"
                    : "  - {id: s" + i + ", type: agent_task, config: {agent: noop-1, action: noop}}\n");
        }
        define(workflows, y.toString());
    }

    @TearDown(Level.Trial)
    public void close() {
        workflows.stop();
        os.close();
        BenchDirs.delete(dir);
    }

    @Benchmark
    public WorkflowRun run() {
        WorkflowRun r = workflows.engine().execute("noop", Json.object(), "bench").join();
        if (r.status() != RunStatus.COMPLETED) {
            throw new IllegalStateException("run " + r.id() + " " + r.status() + ": " + r.error());
        }
        return r;
    }

    static AlexOs runtime(Path dir) {
        return AlexOs.builder().dataDirectory(dir).discoverClasspathModules(false).agent(new NoopAgent()).build().start();
    }

    static Workflows workflows(AlexOs os, Path dir, int maxRuns) {
        return Workflows.builder().agents(os.agents()).eventBus(os.eventBus()).ledger(os.ledger()).clock(os.clock())
                .scheduler(os.scheduler()).dataDirectory(dir.resolve("chainbot")).installExamples(false)
                .maxConcurrentRuns(maxRuns).retention(null).start();
    }

    static void define(Workflows w, String yaml) throws IOException {
        w.engine().saveDefinition((ObjectNode) new YAMLMapper().readTree(yaml));
    }

    /** Answers every task at once with its params. */
    static final class NoopAgent implements Agent {
        @Override
        public AgentDescriptor descriptor() {
            return AgentDescriptor.builder("noop-1", "No-op", "bench").capability("noop").build();
        }

        @Override
        public CompletableFuture<TaskResult> handle(Task task) {
            return CompletableFuture.completedFuture(TaskResult.success(task.params()));
        }
    }

    /** A quick check without JMH: median run time of 1 and 500 steps, and the slope per step. */
    static void slope(String type) throws Exception {
        double[] medians = new double[2];
        double[] cpu = new double[2];
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        int[] sizes = {1, 500};
        for (int k = 0; k < 2; k++) {
            WorkflowBenchmark b = new WorkflowBenchmark();
            b.stepType = type;
            b.steps = sizes[k];
            b.open();
            try {
                int n = sizes[k] == 1 ? 400 : 30;
                double[] t = new double[n];
                long cpu0 = 0;
                for (int i = 0; i < n + 10; i++) {
                    if (i == 10) {
                        cpu0 = os.getProcessCpuTime();
                    }
                    long t0 = System.nanoTime();
                    b.run();
                    if (i >= 10) {
                        t[i - 10] = (System.nanoTime() - t0) / 1000.0;
                    }
                }
                cpu[k] = (os.getProcessCpuTime() - cpu0) / 1000.0 / n;
                java.util.Arrays.sort(t);
                medians[k] = t[n / 2];
            } finally {
                b.close();
            }
        }
        System.out.printf("%s: wall (median) 1 step %.0f us/run, 500 steps %.0f us/run, slope %.1f us/step;"
                + " CPU (all threads) 1 step %.0f us/run, 500 steps %.0f us/run, slope %.1f us/step%n", type,
                medians[0], medians[1], (medians[1] - medians[0]) / 499, cpu[0], cpu[1], (cpu[1] - cpu[0]) / 499);
    }

    /** 1,000 runs waiting on timers: threads and heap. */
    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("steps")) {
            slope(args.length > 1 ? args[1] : "transform");
            return;
        }
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        int waitSeconds = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        Path dir = BenchDirs.create("workflow-timers-");
        var threads = ManagementFactory.getThreadMXBean();
        var memory = ManagementFactory.getMemoryMXBean();
        try (AlexOs os = runtime(dir)) {
            Workflows w = workflows(os, dir, runs * 2);
            try {
                define(w, "id: sleepy\nsteps:\n  - {id: nap, type: wait, config: {duration: " + waitSeconds + "s}}\n"
                        + "  - {id: after, type: agent_task, config: {agent: noop-1, action: noop}}\n");
                System.gc();
                long heap0 = memory.getHeapMemoryUsage().getUsed();
                int threads0 = threads.getThreadCount();
                long t0 = System.nanoTime();
                List<String> ids = new ArrayList<>();
                for (int i = 0; i < runs; i++) {
                    ids.add(w.engine().start("sleepy", Json.object(), "bench"));
                }
                long startMs = (System.nanoTime() - t0) / 1_000_000;
                // let every run reach its timer, then look while they all wait
                while (w.engine().run(ids.get(ids.size() - 1)).orElseThrow().steps().isEmpty()) {
                    Thread.sleep(50);
                }
                Thread.sleep(1000);
                System.gc();
                long heap1 = memory.getHeapMemoryUsage().getUsed();
                int threads1 = threads.getThreadCount();
                java.util.Map<String, Long> byPool = new java.util.TreeMap<>();
                for (var info : threads.dumpAllThreads(false, false)) {
                    byPool.merge(info.getThreadName().replaceAll("[-#]?\\d+$", ""), 1L, Long::sum);
                }
                List<CompletableFuture<WorkflowRun>> done = ids.stream().map(id -> w.engine().completion(id)).toList();
                CompletableFuture.allOf(done.toArray(CompletableFuture[]::new)).join();
                long totalMs = (System.nanoTime() - t0) / 1_000_000;
                long completed = done.stream().filter(f -> f.join().status() == RunStatus.COMPLETED).count();
                System.out.printf("runs=%d wait=%ds started in %d ms%n", runs, waitSeconds, startMs);
                System.out.printf("while waiting: live threads %d (before: %d), heap used after GC %.1f MiB (before: %.1f MiB),"
                        + " %.1f KiB per waiting run%n", threads1, threads0, heap1 / 1048576.0, heap0 / 1048576.0,
                        (heap1 - heap0) / 1024.0 / runs);
                System.out.println("threads while waiting, by name: " + byPool);
                System.out.printf("all finished after %d ms (%d completed); peak threads %d%n", totalMs, completed,
                        threads.getPeakThreadCount());
            } finally {
                w.stop();
            }
        } finally {
            BenchDirs.delete(dir);
        }
    }
}
