package dev.alexos.chainbot.internal.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import dev.alexos.chainbot.workflow.RunStatus;
import dev.alexos.chainbot.workflow.WorkflowRun;
import java.io.BufferedReader;

import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A child JVM runs many workflows (with waits and agent tasks) on the real runtime and is killed
 * (destroyForcibly) while they are in flight. After a restart on the same data directory, every
 * run it had started is completed, resumed to completion, or failed with a reason — none missing.
 */
class WorkflowCrashIT {
    private static final int RUNS = 80;

    @TempDir
    Path dir;

    @Test
    void everyRunIsAccountedForAfterAKill() throws Exception {
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-cp", cp, WorkflowCrashChild.class.getName(), dir.toString(), String.valueOf(RUNS))
                .redirectErrorStream(false).redirectError(dir.resolve("child-stderr.txt").toFile()).start();
        Set<String> started = ConcurrentHashMap.newKeySet();
        AtomicInteger finished = new AtomicInteger();
        AtomicBoolean allStarted = new AtomicBoolean();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    if (line.startsWith("STARTED ")) {
                        started.add(line.substring(8).trim());
                    } else if (line.startsWith("FINISHED ")) {
                        finished.incrementAndGet();
                    } else if (line.equals("ALL_STARTED")) {
                        allStarted.set(true);
                    }
                }
            } catch (java.io.IOException e) {
                // the child was killed: its stdout closes
            }
        }, "crash-child-reader");
        reader.setDaemon(true);
        reader.start();
        try {
            Awaitility.await().atMost(Duration.ofSeconds(90)).until(() -> allStarted.get() && finished.get() >= 5);
        } finally {
            child.destroyForcibly();
            child.waitFor(30, TimeUnit.SECONDS);
        }
        assertThat(started).hasSize(RUNS);
        int finishedBeforeKill = finished.get();
        assertThat(finishedBeforeKill).isLessThan(RUNS);

        try (CrashWorld world = new CrashWorld(dir)) {
            var engine = world.workflows.engine();
            Awaitility.await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200)).until(() ->
                    started.stream().allMatch(id -> engine.run(id).map(r -> r.status().isTerminal()).orElse(false)));
            Map<String, Integer> outcome = new TreeMap<>();
            int resumed = 0;
            for (String id : started) {
                WorkflowRun r = engine.run(id).orElseThrow(() -> new AssertionError("run " + id + " is missing"));
                assertThat(r.status()).isIn(RunStatus.COMPLETED, RunStatus.FAILED);
                if (r.status() == RunStatus.COMPLETED) {
                    assertThat(r.result().asText()).startsWith("ok ");
                } else {
                    assertThat(r.error()).as("failed run %s has a reason", id).isNotBlank()
                            .contains("interrupted by an engine restart");
                }
                if (r.resumeCount() > 0) {
                    resumed++;
                }
                outcome.merge(r.status().wireName() + (r.resumeCount() > 0 ? "_after_resume" : ""), 1, Integer::sum);
            }
            List<WorkflowRun> all = engine.runs("crashy", 1000);
            assertThat(all).hasSize(RUNS);
            assertThat(resumed).isGreaterThan(0);
            System.out.println("crash test: finished before kill " + finishedBeforeKill + ", outcomes " + outcome);
        }
    }

}
