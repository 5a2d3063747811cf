package dev.alexos.watchtower.internal.update;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.DockerClient;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real crash in the middle of an update: a child JVM runs {@link SafeUpdater#update} against
 * the real engine and is killed with SIGKILL ({@link Process#destroyForcibly()}) once its
 * journal has reached a phase; then {@link SafeUpdater#recover()} in this process, reading the
 * same journal directory, must give the original container its name, id and running state back,
 * with nothing else holding the name.
 */
class SafeUpdaterKillIT {
    private static final String HEALTHY = "HEALTHCHECK --interval=1s --timeout=2s --retries=2 CMD [\"/bin/true\"]\n";

    @TempDir
    Path tmp;
    DockerCli cli;
    DockerClient docker;
    String repo;
    String name;
    Process child;

    @BeforeEach
    void setUp() {
        cli = DockerCli.fromEnvironment();
        docker = cli.client();
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        repo = cli.registry + "/kill-" + suffix;
        name = "kill-" + suffix;
    }

    @AfterEach
    void tearDown() throws IOException {
        if (child != null) {
            child.destroyForcibly();
        }
        if (cli == null) {
            return;
        }
        cli.removeNamed(name);
        docker.close();
    }

    @Test
    void killedMidUpdateAtEachPhaseTheOriginalComesBackUnderItsName() throws Exception {
        cli.build(tmp.resolve("b1"), repo + ":latest", "FROM local/busybox:1\nLABEL version=1\n" + HEALTHY + "CMD [\"/bin/sleep\",\"3600\"]\n");
        cli.run("push", repo + ":latest");
        String oldId = cli.run("run", "-d", "--network", "none", "--name", name, "-e", "FOO=bar", repo + ":latest");
        cli.build(tmp.resolve("b2"), repo + ":latest", "FROM local/busybox:1\nLABEL version=2\n" + HEALTHY + "CMD [\"/bin/sleep\",\"3600\"]\n");
        cli.run("push", repo + ":latest");
        Path journalDir = tmp.resolve("journal");

        for (UpdateJournal.Phase phase : List.of(UpdateJournal.Phase.RENAMED, UpdateJournal.Phase.CREATED, UpdateJournal.Phase.NEW_STARTED)) {
            List<String> seen = runChildUntil(journalDir, phase);
            child.destroyForcibly();
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).as("child gone after SIGKILL").isTrue();
            assertThat(child.exitValue()).as("killed by a signal, not exited").isEqualTo(137);
            child = null;
            assertThat(seen).as("phases printed before the kill").last().isEqualTo("PHASE " + phase);
            if (phase != UpdateJournal.Phase.RENAMED) {
                assertThat(cli.inspect(name, "{{.Id}}")).as("the new container held the name when killed at " + phase).isNotEqualTo(oldId);
            }

            UpdateJournal journal = new UpdateJournal(journalDir);
            assertThat(journal.pending()).singleElement().satisfies(e -> assertThat(e.phase()).isEqualTo(phase));
            SafeUpdater updater = new SafeUpdater(docker, journal, Clock.systemUTC(),
                    new SafeUpdater.Settings(Duration.ofSeconds(20), Duration.ofSeconds(2), Duration.ofSeconds(2), Duration.ofSeconds(60), false), null);
            List<UpdateRecord> recovered = updater.recover();

            assertThat(recovered).singleElement().satisfies(r -> {
                assertThat(r.outcome()).isEqualTo(UpdateRecord.ROLLED_BACK);
                assertThat(r.reason()).contains(phase.name().toLowerCase());
                assertThat(r.oldContainerId()).isEqualTo(oldId);
            });
            assertThat(cli.inspect(name, "{{.Id}}")).isEqualTo(oldId);
            assertThat(cli.inspect(name, "{{.State.Running}}")).isEqualTo("true");
            assertThat(cli.inspect(name, "{{index .Config.Labels \"version\"}}")).isEqualTo("1");
            assertThat(cli.run("ps", "-aq", "--no-trunc", "--filter", "name=" + name).split("\\s+")).containsExactly(oldId);
            assertThat(journal.pending()).isEmpty();
        }
    }

    /** Starts the child and returns the PHASE lines it printed up to and including {@code phase}. */
    private List<String> runChildUntil(Path journalDir, UpdateJournal.Phase phase) throws Exception {
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx128m", "-XX:TieredStopAtLevel=1", "-cp", cp, UpdateCrashChild.class.getName(),
                cli.host, journalDir.toString(), name, phase.name()).redirectErrorStream(true);
        child = pb.start();
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Process p = child;
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = r.readLine(); line != null; line = r.readLine()) {
                    lines.add(line);
                }
            } catch (IOException closed) {
                // The child was killed.
            }
            lines.add("EOF");
        }, "crash-child-reader");
        reader.setDaemon(true);
        reader.start();
        List<String> phases = new ArrayList<>();
        List<String> all = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            String line = lines.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (line == null || line.equals("EOF") || line.startsWith("FINISHED")) {
                throw new AssertionError("child did not reach " + phase + "; its output: " + String.join("\n", all)
                        + (line == null ? "" : "\n" + line));
            }
            all.add(line);
            if (line.startsWith("PHASE ")) {
                phases.add(line);
                if (line.equals("PHASE " + phase)) {
                    return phases;
                }
            }
        }
    }
}
