package dev.alexos.server.bench;

import dev.alexos.core.config.AlexOsConfig;
import dev.alexos.server.AlexOsServer;
import io.javalin.Javalin;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Load driver (not a test): requests per second and latency of {@code /api/health},
 * {@code /api/agents} and {@code /api/watchtower/containers} on the real server, and of a bare
 * Javalin handler in the same JVM and run (the ceiling). Loopback only, bounded in time.
 *
 * <p>Usage: {@code ServerLoad [threads=8] [seconds=10]}. See docs/performance.md.
 */
public final class ServerLoad {
    private static final String TOKEN = "bench-viewer-token-0123456789";

    private ServerLoad() {
    }

    public static void main(String[] args) throws Exception {
        int threads = args.length > 0 ? Integer.parseInt(args[0]) : 8;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        Path data = Files.createTempDirectory("alexos-load");
        long t0 = System.nanoTime();
        AlexOsServer server = AlexOsServer.builder()
                .config(AlexOsConfig.of(Map.of("server", Map.of("tokens",
                        List.of(Map.of("name", "bench", "role", "viewer", "token", TOKEN))))))
                .dataDirectory(data).bind("127.0.0.1").port(0)
                .console(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8))
                .build().start();
        String base = "http://127.0.0.1:" + server.port();
        HttpClient probe = HttpClient.newHttpClient();
        while (true) {
            int s = probe.send(HttpRequest.newBuilder(URI.create(base + "/api/health")).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
            if (s == 200 || s == 503) {
                break;
            }
        }
        double startMs = (System.nanoTime() - t0) / 1e6;
        Javalin bare = Javalin.create(cfg -> {
            cfg.startup.showJavalinBanner = false;
            cfg.jetty.host = "127.0.0.1";
            cfg.jetty.port = 0;
            cfg.routes.get("/bare", ctx -> ctx.contentType("application/json").result("{\"status\":\"healthy\"}"));
        }).start();
        String bareBase = "http://127.0.0.1:" + bare.port();
        System.out.printf("start() to first /api/health answer, in process: %.0f ms%n", startMs);
        System.out.printf("%d threads, %d s per target (after a %d s warm-up)%n", threads, seconds, seconds / 2);
        try {
            String[][] targets = {{"bare Javalin handler", bareBase + "/bare"},
                    {"/api/health", base + "/api/health"}, {"/api/agents", base + "/api/agents"},
                    {"/api/watchtower/containers", base + "/api/watchtower/containers"},
                    {"bare Javalin handler (again)", bareBase + "/bare"}};
            // warm every target first: the JIT otherwise favours whichever runs last
            for (String[] target : targets) {
                run(target[1], threads, Math.max(1, seconds / 2));
            }
            List<Result> results = new ArrayList<>();
            for (String[] target : targets) {
                results.add(run(target[1], threads, seconds));
            }
            double ceiling = Math.max(results.get(0).perSecond, results.get(4).perSecond);
            for (int i = 0; i < targets.length; i++) {
                Result r = results.get(i);
                System.out.printf("%-30s %9.0f req/s  p50 %6.2f ms  p99 %6.2f ms  status %s  ratio to bare %.2f%n",
                        targets[i][0], r.perSecond, r.p50Ms, r.p99Ms, r.status, r.perSecond / ceiling);
            }
        } finally {
            bare.stop();
            server.close();
        }
    }

    record Result(double perSecond, double p50Ms, double p99Ms, int status) {
    }

    private static Result run(String url, int threads, int seconds) throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        HttpRequest req = HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + TOKEN).build();
        AtomicBoolean stop = new AtomicBoolean();
        List<long[]> samples = new ArrayList<>();
        int[] counts = new int[threads];
        int[] lastStatus = new int[threads];
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            long[] lat = new long[2_000_000];
            samples.add(lat);
            int id = t;
            Thread w = new Thread(() -> {
                int n = 0;
                while (!stop.get() && n < lat.length) {
                    long s = System.nanoTime();
                    try {
                        lastStatus[id] = client.send(req, HttpResponse.BodyHandlers.ofByteArray()).statusCode();
                    } catch (Exception e) {
                        lastStatus[id] = -1;
                    }
                    lat[n++] = System.nanoTime() - s;
                }
                counts[id] = n;
            });
            workers.add(w);
            w.start();
        }
        long begin = System.nanoTime();
        long windowEnd = begin + java.util.concurrent.TimeUnit.SECONDS.toNanos(seconds);
        for (long left = windowEnd - System.nanoTime(); left > 0; left = windowEnd - System.nanoTime()) {
            java.util.concurrent.locks.LockSupport.parkNanos(left); // the measurement window
        }
        stop.set(true);
        for (Thread w : workers) {
            w.join();
        }
        double elapsed = (System.nanoTime() - begin) / 1e9;
        int total = Arrays.stream(counts).sum();
        long[] all = new long[total];
        int k = 0;
        for (int t = 0; t < threads; t++) {
            System.arraycopy(samples.get(t), 0, all, k, counts[t]);
            k += counts[t];
        }
        Arrays.sort(all);
        return new Result(total / elapsed, all[total / 2] / 1e6, all[(int) (total * 0.99)] / 1e6, lastStatus[0]);
    }
}
