package dev.alexos.watchtower.internal.update;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

/**
 * The process that {@link SafeUpdaterKillIT} kills: runs one real {@link SafeUpdater#update}
 * and, once the journal has reached the given phase, prints {@code PHASE <name>} and blocks
 * until it is killed (SIGKILL: no shutdown hook, no finally block runs).
 *
 * <p>Arguments: docker host, journal directory, container name, phase to stop at.
 */
public final class UpdateCrashChild {
    private UpdateCrashChild() {
    }

    public static void main(String[] args) {
        String host = args[0];
        Path journalDir = Path.of(args[1]);
        String container = args[2];
        UpdateJournal.Phase stopAt = UpdateJournal.Phase.valueOf(args[3]);
        var docker = DockerCli.client(host);
        SafeUpdater updater = new SafeUpdater(docker, new UpdateJournal(journalDir), Clock.systemUTC(),
                new SafeUpdater.Settings(Duration.ofSeconds(20), Duration.ofSeconds(2), Duration.ofSeconds(2), Duration.ofSeconds(60), false),
                phase -> {
                    System.out.println("PHASE " + phase);
                    System.out.flush();
                    if (phase == stopAt) {
                        while (true) {
                            LockSupport.park(); // wait for the kill
                        }
                    }
                });
        UpdateRecord r = updater.update(container, "crash-test", null, false);
        System.out.println("FINISHED " + r.outcome()); // the parent treats this as a test failure
        System.out.flush();
        System.exit(0);
    }
}
