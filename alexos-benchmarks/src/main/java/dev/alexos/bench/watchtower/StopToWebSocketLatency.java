package dev.alexos.bench.watchtower;

import dev.alexos.server.AlexOsServer;
import dev.alexos.core.config.AlexOsConfig;
import dev.alexos.watchtower.WatchtowerModule;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Load driver for the end-to-end target: {@code docker stop} → the
 * {@code watchtower.container_status_changed} event at each of {@code clients} WebSocket
 * clients of the reference server, {@code containers} containers on one engine
 * (target: p99 ≤ 100 ms).
 *
 * <p>Starts {@link AlexOsServer} on 127.0.0.1 (free port, a random viewer token configured,
 * only the Watchtower module) watching the private engine of {@code scripts/test-env.sh},
 * opens {@code clients} {@link java.net.http.WebSocket} clients (spread over
 * {@code httpClients} {@link HttpClient}s, each with its own selector thread) that send
 * {@code {"action":"subscribe","topics":["watchtower.*"]}}, then stops {@code stops}
 * containers one at a time ({@code stop?t=0} through the Engine API) and waits until every
 * client has the event. Latency per client and stop = arrival of the event's last frame (host
 * wall clock) − the container's exit as the engine recorded it ({@code State.FinishedAt}); also
 * printed: from just before the stop request was sent (an upper bound including Docker's
 * kill) and from the instant the stop call returned (see {@link StopToEventLatency}). An
 * in-process EventBus subscriber is measured in the same run for comparison.
 *
 * <pre>{@code
 * scripts/test-env.sh run -- java -cp alexos-benchmarks/target/benchmarks.jar \
 *     dev.alexos.bench.watchtower.StopToWebSocketLatency containers=200 clients=50 stops=100
 * }</pre>
 */
public final class StopToWebSocketLatency {
    private StopToWebSocketLatency() {
    }

    /** Runs the driver, then exits the JVM (status 1 on failure; a watchdog ends it after 30 min). */
    public static void main(String[] args) {
        BenchSetup.runThenExit(() -> run(args), 30);
    }

    private static void run(String[] args) throws Exception {
        BenchArgs a = new BenchArgs(args, Set.of("containers", "clients", "httpClients", "stops", "pauseMillis", "stats"));
        int containers = a.integer("containers", 200, 1, 1000);
        int clients = a.integer("clients", 50, 1, 500);
        int httpClients = a.integer("httpClients", 10, 1, clients);
        int stops = a.integer("stops", 100, 1, containers);
        int pauseMillis = a.integer("pauseMillis", 100, 0, 10_000);
        String stats = a.string("stats", "15s");
        Path dir = BenchSetup.scratch("alexos-bench-wtws");
        BenchSetup.header("StopToWebSocketLatency containers=" + containers + " clients=" + clients + " httpClients="
                + httpClients + " stops=" + stops + " stats=" + stats);
        String token = HexFormat.of().formatHex(new SecureRandom().generateSeed(16));
        try (BenchDocker docker = BenchDocker.fromTestEnv()) {
            long t = System.nanoTime();
            List<String> ids = docker.startContainers(containers, 4);
            System.out.printf("created and started %d containers in %.1f s%n", ids.size(), (System.nanoTime() - t) / 1e9);
            Map<String, Object> config = Map.of(
                    "server", Map.of("tokens", List.of(Map.of("name", "bench", "role", "viewer", "token", token))),
                    "watchtower", BenchSetup.watchtowerSection(docker.host, stats));
            try (AlexOsServer server = AlexOsServer.builder().config(AlexOsConfig.of(config))
                    .dataDirectory(dir.resolve("data")).bind("127.0.0.1").port(0)
                    .console(new PrintStream(OutputStream.nullOutputStream()))
                    .runtime(rb -> rb.discoverClasspathModules(false).module(new WatchtowerModule()))
                    .build().start();
                 ExitedEvents bus = new ExitedEvents(server.runtime().eventBus())) {
                Duration settle = BenchSetup.awaitInventory(server.runtime().eventBus(), containers, Duration.ofSeconds(2),
                        Duration.ofMinutes(5));
                System.out.printf("inventory settled after %.1f s%n", settle.toMillis() / 1e3);
                ConcurrentHashMap<String, WsClient.Arrivals> expected = new ConcurrentHashMap<>();
                List<HttpClient> https = new ArrayList<>();
                for (int i = 0; i < httpClients; i++) {
                    https.add(HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(30)).build());
                }
                List<WsClient> ws = new ArrayList<>();
                String url = "ws://127.0.0.1:" + server.port() + "/ws";
                try {
                    for (int i = 0; i < clients; i++) {
                        ws.add(WsClient.open(https.get(i % httpClients), url, token, i, expected));
                    }
                    System.out.println(clients + " WebSocket clients subscribed; loadavg " + BenchSetup.loadavg());
                    measure(docker, bus, ws, expected, ids.subList(0, stops), pauseMillis);
                } finally {
                    ws.forEach(WsClient::close);
                }
            }
            System.out.println("loadavg after: " + BenchSetup.loadavg());
        } finally {
            BenchSetup.deleteQuietly(dir);
        }
    }

    private static void measure(BenchDocker docker, ExitedEvents bus, List<WsClient> ws,
            ConcurrentHashMap<String, WsClient.Arrivals> expected, List<String> ids, int pauseMillis) throws Exception {
        List<Long> clientsSinceExit = new ArrayList<>();
        List<Long> clientsSinceSend = new ArrayList<>();
        List<Long> clientsSinceReturn = new ArrayList<>();
        List<Long> slowestSinceExit = new ArrayList<>();
        List<Long> busSinceExit = new ArrayList<>();
        List<Long> clientsSinceDie = new ArrayList<>();
        List<Long> exitToDie = new ArrayList<>();
        List<Long> exitToReturn = new ArrayList<>();
        int missing = 0;
        int busMissing = 0;
        for (String id : ids) {
            WsClient.Arrivals arrivals = new WsClient.Arrivals(ws.size());
            expected.put(id, arrivals);
            CompletableFuture<ExitedEvents.Seen> onBus = bus.expect(id);
            long send = WallClock.nanos();
            docker.stopNow(id);
            long ret = WallClock.nanos();
            boolean all = arrivals.await(Duration.ofSeconds(10));
            expected.remove(id);
            long exit = docker.finishedAt(id);
            exitToReturn.add(ret - exit);
            ExitedEvents.Seen seen = null;
            try {
                seen = onBus.get(1, TimeUnit.SECONDS);
                busSinceExit.add(seen.at() - exit);
                if (seen.engineTime() > 0) {
                    exitToDie.add(seen.engineTime() - exit);
                }
            } catch (TimeoutException e) {
                busMissing++;
            }
            long slowest = Long.MIN_VALUE;
            for (long n : arrivals.nanos) {
                if (n == 0) {
                    missing++;
                } else {
                    clientsSinceExit.add(n - exit);
                    clientsSinceSend.add(n - send);
                    clientsSinceReturn.add(n - ret);
                    if (seen != null && seen.engineTime() > 0) {
                        clientsSinceDie.add(n - seen.engineTime());
                    }
                    slowest = Math.max(slowest, n - exit);
                }
            }
            if (all) {
                slowestSinceExit.add(slowest);
            }
            Thread.sleep(pauseMillis);
        }
        Percentiles c = Percentiles.ofNanos(clientsSinceExit);
        Percentiles upper = Percentiles.ofNanos(clientsSinceSend);
        System.out.println("stop → event (wall clock; exit = the container's State.FinishedAt):");
        System.out.println("  exit → every WebSocket client (stops × clients): " + c.format());
        System.out.println("  exit → slowest client of each stop             : " + Percentiles.ofNanos(slowestSinceExit).format());
        System.out.println("  exit → EventBus subscriber, same run           : " + Percentiles.ofNanos(busSinceExit).format());
        System.out.println("  die event (engine_time) → every client         : " + Percentiles.ofNanos(clientsSinceDie).format());
        System.out.println("  exit → die event (the engine alone)            : " + Percentiles.ofNanos(exitToDie).format());
        System.out.println("  stop sent → every WebSocket client             : " + upper.format());
        System.out.println("  stop returned → every WebSocket client         : " + Percentiles.ofNanos(clientsSinceReturn).format());
        System.out.println("  exit → stop returned (the engine's answer)     : " + Percentiles.ofNanos(exitToReturn).format());
        System.out.printf(Locale.ROOT, "  target p99 ≤ 100 ms: exit → clients p99 %.2f ms = %.2f × target (%s); "
                        + "stop sent → clients p99 %.2f ms = %.2f × target%n",
                c.p99(), c.p99() / 100.0, c.p99() <= 100.0 ? "met" : "NOT met", upper.p99(), upper.p99() / 100.0);
        System.out.println("  client deliveries missing after 10 s: " + missing + "; bus events missing: " + busMissing);
        for (WsClient w : ws) {
            if (w.failure.get() != null) {
                System.out.println("  client failure: " + w.failure.get());
            }
        }
    }
}
