package dev.alexos.chainbot.internal.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import dev.alexos.chainbot.workflow.RunStatus;
import dev.alexos.chainbot.workflow.StepRecord;
import dev.alexos.chainbot.workflow.StepStatus;
import dev.alexos.chainbot.workflow.WorkflowRun;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Child JVMs run many workflows (waits, an idempotent and a non-idempotent agent task each) on
 * the real runtime and are SIGKILLed ({@code destroyForcibly}) while runs are in flight, twice
 * on the same data directory (the second life resumes the first's runs and starts more). Then a
 * torn frame is appended to the step journal, as a write cut by the kill would leave it.
 *
 * <p>After a last restart: the journal's intact records all decode and the torn tail is cut;
 * every run started in either life completes or fails with the documented reason; and — the
 * point of write-ahead — the non-idempotent task of a run was never executed twice across the
 * lives, and ran exactly once in every completed run.
 */
class WorkflowCrashIT {
    private static final Logger LOG = LoggerFactory.getLogger(WorkflowCrashIT.class);
    private static final int RUNS_PER_LIFE = 60;

    @TempDir
    Path dir;

    /** What one child JVM reported. */
    private record Life(Set<String> started, AtomicInteger finished, AtomicInteger effects, AtomicBoolean allStarted) {
        Life() {
            this(ConcurrentHashMap.newKeySet(), new AtomicInteger(), new AtomicInteger(), new AtomicBoolean());
        }
    }

    @Test
    void everyRunIsAccountedForAfterKillsAndATornJournalTail() throws Exception {
        long seed = Long.getLong("alexos.workflow.crash.seed", System.currentTimeMillis());
        LOG.info("workflow crash test: seed {} (replay with -Dalexos.workflow.crash.seed={})", seed, seed);
        Random random = new Random(seed);
        List<String> effects = new CopyOnWriteArrayList<>();
        Set<String> started = ConcurrentHashMap.newKeySet();
        for (int life = 0; life < 2; life++) {
            // kill in the middle of the traffic: after a random number of agent tasks started in this life
            int killAfterEffects = 20 + random.nextInt(40);
            Life l = runAndKill(life * RUNS_PER_LIFE, killAfterEffects, effects);
            assertThat(l.started()).hasSize(RUNS_PER_LIFE);
            started.addAll(l.started());
            LOG.info("life {}: killed after {} task starts, {} runs finished in it", life, l.effects().get(), l.finished().get());
        }

        Path journal = dir.resolve("chainbot").resolve("workflows-journal.log");
        int torn = appendTornFrame(journal);
        // every intact record decodes; the torn frame is recognised and cut (checked on a copy)
        Path copy = dir.resolve("journal-copy.log");
        Files.copy(journal, copy);
        AtomicInteger decoded = new AtomicInteger();
        try (StepJournal j = StepJournal.open(copy, (runId, json) -> {
            assertThat(started).contains(runId);
            StepRecord r = StepCodec.decode(json, 0, json.length);
            assertThat(r.stepKey()).isNotBlank();
            decoded.incrementAndGet();
        })) {
            assertThat(j.replayed().bytesCut()).isEqualTo(torn);
            assertThat(j.replayed().frames()).isEqualTo(decoded.get()).isPositive();
        }

        try (CrashWorld world = new CrashWorld(dir, effects::add)) {
            var engine = world.workflows.engine();
            Awaitility.await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200)).until(() ->
                    started.stream().allMatch(id -> engine.run(id).map(r -> r.status().isTerminal()).orElse(false)));
            Map<String, Integer> charges = new TreeMap<>();
            effects.stream().filter(e -> e.startsWith("charge ")).forEach(e -> charges.merge(e.substring(7), 1, Integer::sum));
            assertThat(charges.values()).as("a non-idempotent task never ran twice: %s", charges).allMatch(c -> c == 1);
            Map<String, Integer> outcome = new TreeMap<>();
            for (String id : started) {
                WorkflowRun r = engine.run(id).orElseThrow(() -> new AssertionError("run " + id + " is missing"));
                assertThat(r.status()).isIn(RunStatus.COMPLETED, RunStatus.FAILED);
                String n = r.inputs().get("n").asText();
                if (r.status() == RunStatus.COMPLETED) {
                    assertThat(r.result().asText()).isEqualTo("ok " + n);
                    assertThat(r.steps()).extracting(StepRecord::stepId)
                            .containsExactly("prep", "nap1", "work", "nap2", "fragile", "done");
                    assertThat(r.steps()).allMatch(s -> s.status() == StepStatus.COMPLETED);
                    assertThat(charges).as("completed run %s charged once", n).containsEntry(n, 1);
                } else {
                    assertThat(r.error()).as("failed run %s has the documented reason", id)
                            .contains("interrupted by an engine restart");
                    assertThat(r.steps()).filteredOn(s -> s.stepId().equals("fragile")).singleElement()
                            .satisfies(s -> assertThat(s.status()).isEqualTo(StepStatus.FAILED));
                }
                outcome.merge(r.status().wireName() + (r.resumeCount() > 0 ? "_after_resume" : ""), 1, Integer::sum);
            }
            assertThat(engine.runs("crashy", 1000)).hasSize(2 * RUNS_PER_LIFE);
            assertThat(outcome.keySet()).as("some runs were resumed: %s", outcome).anyMatch(k -> k.endsWith("_after_resume"));
            assertThat(outcome).as("a task killed in flight failed its run: %s", outcome).containsKey("failed_after_resume");
            LOG.info("workflow crash test: outcomes {}, journal records replayed {}", outcome, decoded.get());
        }
        // after a clean stop the journal holds no torn or damaged bytes
        try (StepJournal j = StepJournal.open(journal, (runId, json) -> StepCodec.decode(json, 0, json.length))) {
            assertThat(j.replayed().bytesCut()).isZero();
        }
    }

    /**
     * Runs a child on the data directory; SIGKILLs it (from the reader, without delay) at the
     * first non-idempotent task start once all its runs were accepted and {@code killAfterEffects}
     * tasks started.
     */
    private Life runAndKill(int first, int killAfterEffects, List<String> effects) throws Exception {
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-cp", cp, WorkflowCrashChild.class.getName(), dir.toString(), String.valueOf(first),
                String.valueOf(RUNS_PER_LIFE))
                .redirectError(dir.resolve("child-stderr-" + first + ".txt").toFile()).start();
        Life life = new Life();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    if (line.startsWith("STARTED ")) {
                        life.started().add(line.substring(8).trim());
                    } else if (line.startsWith("FINISHED ")) {
                        life.finished().incrementAndGet();
                    } else if (line.startsWith("EFFECT ")) {
                        effects.add(line.substring(7).trim());
                        int n = life.effects().incrementAndGet();
                        // kill right after a non-idempotent task started (it takes 50 ms): a run
                        // must then resume to find it "may have run"
                        if (n >= killAfterEffects && life.allStarted().get() && line.startsWith("EFFECT charge ")) {
                            child.destroyForcibly();
                        }
                    } else if (line.equals("ALL_STARTED")) {
                        life.allStarted().set(true);
                    }
                }
            } catch (IOException e) {
                // the child was killed: its stdout closes
            }
        }, "crash-child-reader");
        reader.setDaemon(true);
        reader.start();
        try {
            Awaitility.await().atMost(Duration.ofSeconds(120)).until(() -> !child.isAlive());
        } finally {
            child.destroyForcibly(); // SIGKILL: no shutdown hook, no close
            child.waitFor(30, TimeUnit.SECONDS);
        }
        reader.join(10_000);
        return life;
    }

    /** Appends a frame whose header promises more bytes than follow: what a write cut short leaves. */
    private static int appendTornFrame(Path journal) throws IOException {
        byte[] partial = "{\"key\":\"torn\",\"id\":\"to".getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(StepJournal.HEADER + 2 + partial.length);
        int claimed = 400;
        b.putInt(claimed).putInt(~claimed).putInt(0x12345678).putShort((short) 36).put(partial);
        b.flip();
        try (var ch = java.nio.channels.FileChannel.open(journal, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
            while (b.hasRemaining()) {
                ch.write(b);
            }
        }
        return b.limit();
    }
}
