package dev.alexos.watchtower.internal.update;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.dockerjava.api.DockerClient;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Safe updates against a real Docker engine and a real registry on loopback (scripts/test-env.sh):
 * a new build under the same tag is detected by digest without pulling, applied with the old
 * container's configuration, and every broken build is rolled back without losing the container.
 */
class SafeUpdaterIT {
    private static final String HEALTHY = "HEALTHCHECK --interval=1s --timeout=2s --retries=2 CMD [\"/bin/true\"]\n";
    private static final String UNHEALTHY = "HEALTHCHECK --interval=1s --timeout=2s --retries=1 CMD [\"/bin/sh\",\"-c\",\"exit 1\"]\n";

    @TempDir
    Path tmp;
    DockerCli cli;
    DockerClient docker;
    String repo;
    String name;
    SafeUpdater updater;
    UpdateJournal journal;

    @BeforeEach
    void setUp() {
        cli = DockerCli.fromEnvironment();
        docker = cli.client();
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        repo = cli.registry + "/upd-" + suffix;
        name = "upd-" + suffix;
        journal = new UpdateJournal(tmp.resolve("journal"));
        updater = updater(null);
    }

    private SafeUpdater updater(java.util.function.Consumer<UpdateJournal.Phase> hook) {
        return new SafeUpdater(docker, journal, Clock.systemUTC(),
                new SafeUpdater.Settings(Duration.ofSeconds(20), Duration.ofSeconds(2), Duration.ofSeconds(2), Duration.ofSeconds(60), false), hook);
    }

    @AfterEach
    void tearDown() throws IOException {
        if (cli == null) {
            return;
        }
        cli.removeNamed(name);
        docker.close();
    }

    private void push(String version, String extra) throws IOException {
        cli.build(tmp.resolve("b" + version), repo + ":latest",
                "FROM local/busybox:1\nLABEL version=" + version + "\n" + extra + "CMD [\"/bin/sleep\",\"3600\"]\n");
        cli.run("push", repo + ":latest");
    }

    private String runOriginal() {
        return cli.run("run", "-d", "--network", "none", "--name", name, "-e", "FOO=bar", "-l", "mine=yes",
                "--restart", "unless-stopped", "--memory", "64m", repo + ":latest");
    }

    @Test
    void newBuildIsDetectedWithoutPullingAndAppliedKeepingTheConfiguration() throws Exception {
        push("1", HEALTHY);
        String oldId = runOriginal();
        RegistryClient registry = new RegistryClient(RegistryCredentials.none(), Clock.systemUTC(), 100, Duration.ofMinutes(1), Duration.ofSeconds(5));
        ImageRef ref = ImageRef.parse(repo + ":latest");
        String localImage = cli.inspect(name, "{{.Image}}");
        assertThat(cli.inspect(localImage, "{{json .RepoDigests}}")).contains(registry.remoteDigest(ref));

        push("2", HEALTHY);
        cli.run("rmi", "-f", repo + ":latest"); // the local tag goes; the container keeps its image
        String remote = registry.remoteDigest(ref);
        assertThat(cli.inspect(localImage, "{{json .RepoDigests}}")).doesNotContain(remote);

        UpdateRecord r = updater.update(name, "test", remote, false);

        assertThat(r.outcome()).as(r.reason()).isEqualTo(UpdateRecord.APPLIED);
        assertThat(r.newDigest()).isEqualTo(remote);
        String newId = cli.inspect(name, "{{.Id}}");
        assertThat(newId).isNotEqualTo(oldId).isEqualTo(r.newContainerId());
        assertThat(cli.inspect(name, "{{.State.Running}}")).isEqualTo("true");
        assertThat(cli.inspect(name, "{{json .Config.Env}}")).contains("FOO=bar");
        assertThat(cli.inspect(name, "{{index .Config.Labels \"mine\"}}")).isEqualTo("yes");
        assertThat(cli.inspect(name, "{{index .Config.Labels \"version\"}}")).isEqualTo("2");
        assertThat(cli.inspect(name, "{{.HostConfig.RestartPolicy.Name}}")).isEqualTo("unless-stopped");
        assertThat(cli.inspect(name, "{{.HostConfig.Memory}}")).isEqualTo(String.valueOf(64L * 1024 * 1024));
        assertThat(cli.inspect(name, "{{.HostConfig.NetworkMode}}")).isEqualTo("none");
        assertThat(cli.run("ps", "-aq", "--no-trunc", "--filter", "id=" + oldId)).isEmpty();
        assertThat(journal.pending()).isEmpty();
    }

    @Test
    void unhealthyBuildIsRolledBackAndTheOriginalRunsAgainUnderItsName() throws Exception {
        push("1", HEALTHY);
        String oldId = runOriginal();
        push("2", UNHEALTHY);

        UpdateRecord r = updater.update(name, "test", null, false);

        assertThat(r.outcome()).isEqualTo(UpdateRecord.ROLLED_BACK);
        assertThat(r.reason()).contains("unhealthy");
        assertOriginalIsBack(oldId);
    }

    @Test
    void buildThatExitsAtOnceIsRolledBack() throws Exception {
        push("1", "");
        String oldId = runOriginal();
        cli.build(tmp.resolve("bexit"), repo + ":latest", "FROM local/busybox:1\nCMD [\"/bin/sh\",\"-c\",\"exit 3\"]\n");
        cli.run("push", repo + ":latest");

        UpdateRecord r = updater.update(name, "test", null, false);

        assertThat(r.outcome()).isEqualTo(UpdateRecord.ROLLED_BACK);
        assertOriginalIsBack(oldId);
    }

    @Test
    void failedPullChangesNothing() throws Exception {
        String dead = "127.0.0.1:9/upd-" + name + ":latest"; // port 9 (discard): nothing answers
        cli.run("tag", "local/busybox:1", dead);
        String oldId = cli.run("run", "-d", "--network", "none", "--name", name, dead);

        UpdateRecord r = updater.update(name, "test", null, false);

        assertThat(r.outcome()).isEqualTo(UpdateRecord.FAILED);
        assertThat(r.reason()).startsWith("pull of");
        assertOriginalIsBack(oldId);
        cli.run("rmi", dead);
    }

    @Test
    void digestPinnedImagesAreNeverUpdated() throws Exception {
        push("1", "");
        String digest = cli.inspect(repo + ":latest", "{{index .RepoDigests 0}}");
        String oldId = cli.run("run", "-d", "--network", "none", "--name", name, digest);

        UpdateRecord r = updater.update(name, "test", null, true);

        assertThat(r.outcome()).isEqualTo(UpdateRecord.FAILED);
        assertThat(r.reason()).contains("pinned by digest");
        assertOriginalIsBack(oldId);
    }

    @Test
    void crashAtAnyPhaseIsRecoveredOnTheNextStart() throws Exception {
        push("1", HEALTHY);
        String oldId = runOriginal();
        push("2", UNHEALTHY);
        for (UpdateJournal.Phase crashAt : new UpdateJournal.Phase[] {
                UpdateJournal.Phase.RENAMED, UpdateJournal.Phase.STOPPED, UpdateJournal.Phase.CREATED, UpdateJournal.Phase.NEW_STARTED}) {
            SafeUpdater crashing = updater(p -> {
                if (p == crashAt) {
                    throw new SimulatedCrash();
                }
            });
            assertThatThrownBy(() -> crashing.update(name, "test", null, false)).isInstanceOf(SimulatedCrash.class);
            assertThat(journal.pending()).hasSize(1);

            var recovered = updater(null).recover();

            assertThat(recovered).singleElement().satisfies(rec -> assertThat(rec.outcome()).isEqualTo(UpdateRecord.ROLLED_BACK));
            assertOriginalIsBack(oldId);
        }
    }

    @Test
    void repeatedBrokenUpdatesNeverLoseTheContainer() throws Exception {
        push("1", HEALTHY);
        String oldId = runOriginal();
        push("2", UNHEALTHY);
        for (int i = 0; i < 5; i++) {
            assertThat(updater.update(name, "test", null, false).outcome()).isEqualTo(UpdateRecord.ROLLED_BACK);
            assertOriginalIsBack(oldId);
        }
    }

    private void assertOriginalIsBack(String oldId) {
        assertThat(cli.inspect(name, "{{.Id}}")).isEqualTo(oldId);
        assertThat(cli.inspect(name, "{{.State.Running}}")).isEqualTo("true");
        assertThat(cli.run("ps", "-aq", "--filter", "name=" + name).split("\\s+")).hasSize(1);
        assertThat(journal.pending()).isEmpty();
    }

    /** Stands for the process dying between two steps: escapes the updater's error handling. */
    static final class SimulatedCrash extends Error {
        private static final long serialVersionUID = 1L;
    }
}
