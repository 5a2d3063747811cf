package dev.alexos.bench.watchtower;

import dev.alexos.core.AlexOs;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Load driver: {@code docker stop} → {@code watchtower.container_status_changed} at an
 * in-process EventBus subscriber, with {@code containers} running containers on one engine.
 *
 * <p>Creates the containers ({@code --network none}, {@code sleep 3600}) on the private engine of
 * {@code scripts/test-env.sh}, starts an {@link AlexOs} runtime with only the Watchtower module,
 * waits for the inventory to settle, then stops {@code stops} containers one at a time through
 * the Docker Engine API ({@code POST /containers/{id}/stop?t=0}: SIGKILL at once) and waits for
 * each event before the next stop. For each stop it records, on the host's wall clock
 * ({@link WallClock}):
 * <ul>
 *   <li>{@code sent} — just before the stop request is sent;</li>
 *   <li>{@code returned} — just after the engine's answer (204) was read, i.e. the instant the
 *       CLI would print its result;</li>
 *   <li>{@code exit} — the container's {@code State.FinishedAt} as the engine recorded it
 *       (read by an inspect after the event, outside the timing): the state change itself;</li>
 *   <li>{@code die} — the engine's time of its {@code die} event ({@code engine_time} in the
 *       event's data): splits the latency into the engine's part and Watchtower's;</li>
 *   <li>{@code event} — when the subscriber's listener runs.</li>
 * </ul>
 * It prints {@code event − exit} (the change → event latency), {@code event − sent} (an upper
 * bound that includes Docker's own kill), {@code event − returned} (negative when the event
 * reached the subscriber before the stop command could print its result) and the engine's own
 * {@code returned − exit}.
 * Removes every container it created (finally and shutdown hook); the engine belongs to
 * test-env, whose trap stops it.
 *
 * <pre>{@code
 * scripts/test-env.sh run -- java -cp alexos-benchmarks/target/benchmarks.jar \
 *     dev.alexos.bench.watchtower.StopToEventLatency containers=200 stops=100
 * }</pre>
 */
public final class StopToEventLatency {
    private StopToEventLatency() {
    }

    /** Runs the driver, then exits the JVM (status 1 on failure; a watchdog ends it after 30 min). */
    public static void main(String[] args) {
        BenchSetup.runThenExit(() -> run(args), 30);
    }

    private static void run(String[] args) throws Exception {
        BenchArgs a = new BenchArgs(args, Set.of("containers", "stops", "pauseMillis", "stats"));
        int containers = a.integer("containers", 200, 1, 1000);
        int stops = a.integer("stops", 100, 1, containers);
        int pauseMillis = a.integer("pauseMillis", 100, 0, 10_000);
        String stats = a.string("stats", "15s");
        Path dir = BenchSetup.scratch("alexos-bench-wt");
        BenchSetup.header("StopToEventLatency containers=" + containers + " stops=" + stops + " stats=" + stats);
        try (BenchDocker docker = BenchDocker.fromTestEnv()) {
            long t = System.nanoTime();
            List<String> ids = docker.startContainers(containers, 4);
            System.out.printf("created and started %d containers in %.1f s%n", ids.size(), (System.nanoTime() - t) / 1e9);
            try (AlexOs os = BenchSetup.watchtowerRuntime(dir.resolve("data"), docker.host, stats);
                 ExitedEvents events = new ExitedEvents(os.eventBus())) {
                Duration settle = BenchSetup.awaitInventory(os.eventBus(), containers, Duration.ofSeconds(2), Duration.ofMinutes(5));
                System.out.printf("inventory settled after %.1f s; loadavg %s%n", settle.toMillis() / 1e3, BenchSetup.loadavg());
                Result r = run(docker, events, ids.subList(0, stops), pauseMillis);
                r.print("EventBus subscriber");
            }
            System.out.println("loadavg after: " + BenchSetup.loadavg());
        } finally {
            BenchSetup.deleteQuietly(dir);
        }
    }

    /** Per-stop timings in nanoseconds; {@code timeouts} counts events that did not come within 10 s. */
    record Result(List<Long> sinceDie, List<Long> exitToDie, List<Long> sinceExit, List<Long> sinceSend, List<Long> sinceReturn, List<Long> exitToReturn,
            List<Long> stopCall, int early, int timeouts) {
        void print(String where) {
            System.out.println("stop → event at " + where + ":");
            System.out.println("  event − exit (FinishedAt)  : " + Percentiles.ofNanos(sinceExit).format());
            System.out.println("  event − die (engine_time)  : " + Percentiles.ofNanos(sinceDie).format());
            System.out.println("  die − exit (engine only)   : " + Percentiles.ofNanos(exitToDie).format());
            System.out.println("  event − stop sent          : " + Percentiles.ofNanos(sinceSend).format());
            System.out.println("  event − stop returned      : " + Percentiles.ofNanos(sinceReturn).format());
            System.out.println("  stop returned − exit       : " + Percentiles.ofNanos(exitToReturn).format());
            System.out.println("  stop call (sent → returned): " + Percentiles.ofNanos(stopCall).format());
            System.out.printf(Locale.ROOT, "  events before the stop call returned: %d of %d; missing after 10 s: %d%n",
                    early, sinceExit.size(), timeouts);
        }
    }

    static Result run(BenchDocker docker, ExitedEvents events, List<String> ids, int pauseMillis) throws Exception {
        Result r = new Result(new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), 0, 0);
        int early = 0;
        int timeouts = 0;
        for (String id : ids) {
            CompletableFuture<ExitedEvents.Seen> seen = events.expect(id);
            long send = WallClock.nanos();
            docker.stopNow(id);
            long ret = WallClock.nanos();
            try {
                ExitedEvents.Seen sighting = seen.get(10, TimeUnit.SECONDS);
                long ev = sighting.at();
                long exit = docker.finishedAt(id);
                if (sighting.engineTime() > 0) {
                    r.sinceDie().add(ev - sighting.engineTime());
                    r.exitToDie().add(sighting.engineTime() - exit);
                }
                r.sinceExit().add(ev - exit);
                r.sinceSend().add(ev - send);
                r.sinceReturn().add(ev - ret);
                r.exitToReturn().add(ret - exit);
                r.stopCall().add(ret - send);
                if (ev < ret) {
                    early++;
                }
            } catch (TimeoutException e) {
                timeouts++;
            }
            Thread.sleep(pauseMillis);
        }
        return new Result(r.sinceDie(), r.exitToDie(), r.sinceExit(), r.sinceSend(), r.sinceReturn(), r.exitToReturn(), r.stopCall(), early, timeouts);
    }
}
