package dev.alexos.bench.server;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Start-up and idle-memory probe for the reference server's distribution: launches
 * {@code bin/alexos} as a child process N times with the given {@code JAVA_OPTS}, each time
 * with a fresh data directory and a free loopback port, and reports
 * <ul>
 *   <li>wall time from {@code ProcessBuilder.start()} to the first 200 answer of
 *       {@code GET /api/health} (polled every 20 ms) — "listening" —, and to the first answer in
 *       which no component reports the message {@code starting} (a module still starting in the
 *       background, e.g. ChainBot opening its stores) — "ready", the start → healthy figure,</li>
 *   <li>CPU time (user + system, from {@code /proc/<pid>/stat}) the server had used when ready:
 *       on a loaded machine this moves far less than the wall time,</li>
 *   <li>{@code VmRSS}, {@code RssAnon} and {@code RssFile} from {@code /proc/<pid>/status}
 *       after the given idle time (then {@code /api/health} must still answer 200),</li>
 * </ul>
 * and the medians. {@code /proc/loadavg} is printed before and after: read the figures as
 * relative costs when the load is high. With {@code -Dload=<seconds>} each run then drives
 * {@code GET /api/health} from 4 client threads (keep-alive) for 5 s of warm-up plus that long
 * and reports the requests/s and {@code VmRSS} after the load: the throughput cost of
 * small-memory flags such as a C1-only JIT.
 *
 * <p>Not a JMH benchmark and not a test: a {@code main}, runnable without a build through
 * the source launcher:
 * <pre>
 * java alexos-benchmarks/src/main/java/dev/alexos/bench/server/StartupProbe.java \
 *     &lt;unpacked distribution dir&gt; &lt;runs&gt; &lt;idle seconds&gt; "&lt;JAVA_OPTS&gt;" [NAME=VALUE ...]
 * </pre>
 * Extra {@code NAME=VALUE} arguments are put into the child's environment (for example
 * {@code ALEXOS_CDS=on}, {@code MALLOC_ARENA_MAX=2}). Linux only ({@code /proc}).
 */
public final class StartupProbe {

    private static final String TOKEN = "startup-probe-token-0123456789";

    private StartupProbe() {
    }

    /** One launch's figures; {@code rssKb} and friends are -1 when not measured. */
    record Run(long listeningMillis, long healthyMillis, long cpuMillisAtHealthy, long rssKb, long rssAnonKb,
            long rssFileKb, long requestsPerSecond, long rssAfterLoadKb) {
    }

    private static final int LOAD_SECONDS = Integer.getInteger("load", 0);

    /** A component still starting in the background, in the {@code /api/health} body. */
    private static final java.util.regex.Pattern STARTING = java.util.regex.Pattern.compile("\"message\"\\s*:\\s*\"starting\"");

    public static void main(String[] args) throws Exception {
        if (args.length < 4) {
            System.err.println("usage: StartupProbe <distribution dir> <runs> <idle seconds> \"<JAVA_OPTS>\" [NAME=VALUE ...]");
            System.exit(2);
        }
        Path dist = Path.of(args[0]).toAbsolutePath();
        Path script = dist.resolve("bin/alexos");
        if (!Files.isExecutable(script)) {
            throw new IllegalArgumentException("distribution dir: no executable bin/alexos under " + dist);
        }
        int runs = Integer.parseInt(args[1]);
        int idleSeconds = Integer.parseInt(args[2]);
        String javaOpts = args[3];
        Map<String, String> extraEnv = new java.util.LinkedHashMap<>();
        for (int i = 4; i < args.length; i++) {
            int eq = args[i].indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("environment argument: expected NAME=VALUE, got '" + args[i] + "'");
            }
            extraEnv.put(args[i].substring(0, eq), args[i].substring(eq + 1));
        }
        System.out.println("JAVA_OPTS=" + javaOpts + " env=" + extraEnv);
        System.out.println("loadavg before: " + loadavg());
        List<Run> results = new ArrayList<>();
        for (int i = 1; i <= runs; i++) {
            Run r = launch(script, javaOpts, extraEnv, idleSeconds);
            results.add(r);
            System.out.printf("run %d: listening %d ms, ready %d ms, cpu %d ms, VmRSS %d kB (anon %d, file %d)%s, load %s%n", i,
                    r.listeningMillis(), r.healthyMillis(), r.cpuMillisAtHealthy(), r.rssKb(), r.rssAnonKb(), r.rssFileKb(),
                    LOAD_SECONDS > 0 ? ", /api/health " + r.requestsPerSecond() + " req/s, VmRSS after " + r.rssAfterLoadKb() + " kB"
                            : "", loadavg());
        }
        if (LOAD_SECONDS > 0) {
            System.out.printf("median /api/health load: %d req/s, VmRSS after it %.1f MiB%n",
                    median(results, Run::requestsPerSecond), median(results, Run::rssAfterLoadKb) / 1024.0);
        }
        System.out.printf("median of %d: listening %d ms, ready %d ms, cpu %d ms, VmRSS %.1f MiB (anon %.1f MiB, file %.1f MiB)"
                + " after %d s idle%n",
                runs, median(results, Run::listeningMillis), median(results, Run::healthyMillis),
                median(results, Run::cpuMillisAtHealthy),
                median(results, Run::rssKb) / 1024.0, median(results, Run::rssAnonKb) / 1024.0,
                median(results, Run::rssFileKb) / 1024.0, idleSeconds);
        System.out.println("loadavg after: " + loadavg());
    }

    private static Run launch(Path script, String javaOpts, Map<String, String> extraEnv, int idleSeconds)
            throws IOException, InterruptedException {
        Path work = Files.createTempDirectory("alexos-startup-probe");
        int port = freePort();
        ProcessBuilder pb = new ProcessBuilder(script.toString());
        Map<String, String> env = pb.environment();
        env.put("JAVA_OPTS", javaOpts);
        env.put("WATCHTOWER_PORT", Integer.toString(port));
        env.put("ALEXOS_BIND", "127.0.0.1");
        env.put("ALEXOS_DATA_DIR", work.resolve("data").toString());
        env.put("ALEXOS_PLUGINS_DIR", work.resolve("plugins").toString());
        env.put("ALEXOS_LOG_DIR", work.resolve("logs").toString());
        env.put("ALEXOS_API_TOKEN", TOKEN);
        env.putAll(extraEnv);
        pb.redirectErrorStream(true).redirectOutput(work.resolve("console.log").toFile());
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        HttpRequest health = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/health"))
                .timeout(Duration.ofSeconds(5)).build();
        long start = System.nanoTime();
        Process p = pb.start();
        try {
            long listening = -1;
            long healthy = -1;
            while (healthy < 0) {
                if (!p.isAlive()) {
                    throw new IllegalStateException("the server exited with " + p.exitValue() + " before answering; see "
                            + work.resolve("console.log") + ":\n" + Files.readString(work.resolve("console.log")));
                }
                try {
                    HttpResponse<String> answer = http.send(health, HttpResponse.BodyHandlers.ofString());
                    if (answer.statusCode() == 200) {
                        long now = System.nanoTime() - start;
                        if (listening < 0) {
                            listening = now;
                        }
                        if (!STARTING.matcher(answer.body()).find()) {
                            healthy = now;
                            break;
                        }
                    }
                } catch (IOException notYet) {
                    // connection refused until Jetty listens
                }
                Thread.sleep(20);
            }
            long cpu = cpuMillis(p.pid());
            // bin/alexos execs java, so the child's pid is the JVM's
            Thread.sleep(TimeUnit.SECONDS.toMillis(idleSeconds));
            Map<String, Long> status = status(p.pid());
            int after = http.send(health, HttpResponse.BodyHandlers.discarding()).statusCode();
            if (after != 200) {
                throw new IllegalStateException("/api/health answered " + after + " after " + idleSeconds + " s idle");
            }
            long rps = -1;
            long rssAfter = -1;
            if (LOAD_SECONDS > 0) {
                load(http, health, 5);
                rps = load(http, health, LOAD_SECONDS);
                rssAfter = status(p.pid()).getOrDefault("VmRSS", -1L);
            }
            return new Run(TimeUnit.NANOSECONDS.toMillis(listening), TimeUnit.NANOSECONDS.toMillis(healthy), cpu,
                    status.getOrDefault("VmRSS", -1L), status.getOrDefault("RssAnon", -1L),
                    status.getOrDefault("RssFile", -1L), rps, rssAfter);
        } finally {
            p.destroy(); // SIGTERM: the graceful shutdown (and a CDS dump, when one was asked for)
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor();
            }
            deleteTree(work);
        }
    }

    /** Requests/s of 200 answers from 4 threads sending {@code req} back to back for {@code seconds}. */
    private static long load(HttpClient http, HttpRequest req, int seconds) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        java.util.concurrent.atomic.LongAdder ok = new java.util.concurrent.atomic.LongAdder();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            Thread th = new Thread(() -> {
                while (System.nanoTime() < end) {
                    try {
                        if (http.send(req, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                            ok.increment();
                        }
                    } catch (IOException e) {
                        // not counted
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
            th.start();
            threads.add(th);
        }
        for (Thread t : threads) {
            t.join();
        }
        return ok.sum() / seconds;
    }

    private static long cpuMillis(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        // fields after the command name, which is in parentheses and may contain spaces
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime, stime (fields 14, 15)
        return ticks * 10; // USER_HZ is 100 on Linux
    }

    private static Map<String, Long> status(long pid) throws IOException {
        Map<String, Long> out = new java.util.HashMap<>();
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            String[] kv = line.split(":\\s+");
            if (kv.length == 2 && kv[1].endsWith(" kB")) {
                out.put(kv[0], Long.parseLong(kv[1].substring(0, kv[1].length() - 3).trim()));
            }
        }
        return out;
    }

    private static long median(List<Run> runs, java.util.function.ToLongFunction<Run> f) {
        long[] v = runs.stream().mapToLong(f).sorted().toArray();
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    private static String loadavg() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException e) {
            return "unavailable (" + e.getMessage() + ")";
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
