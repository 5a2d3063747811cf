package dev.alexos.bench;

import com.sun.management.OperatingSystemMXBean;
import dev.alexos.core.AlexOs;
import dev.alexos.core.Task;
import dev.alexos.core.config.AlexOsConfig;
import dev.alexos.core.event.Event;
import dev.alexos.core.json.Json;
import dev.alexos.watchtower.WatchtowerModule;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Load driver (not JMH): Watchtower watching a real engine with many running containers.
 * Measures (1) the time from a {@code docker stop} — the engine's own time of the container's
 * death — to {@code watchtower.container_status_changed} reaching a subscriber of the event
 * bus, and (2) the whole process's CPU use while idle (monitoring and stats sampling only).
 *
 * <pre>
 * DOCKER_HOST=unix:///path/docker.sock java -cp alexos-benchmarks/target/benchmarks.jar \
 *     dev.alexos.bench.WatchtowerStopLatency [containers=200] [stops=50] [idleSeconds=60] [statsInterval=15s]
 * </pre>
 * Needs the image {@code local/busybox:1} (scripts/test-env.sh imports it). Containers run with
 * {@code --network none}; they are removed at the end.
 */
public final class WatchtowerStopLatency {
    private static final String LABEL = "alexos.bench=watchtower";

    private WatchtowerStopLatency() {
    }

    public static void main(String[] args) throws Exception {
        String host = System.getenv("DOCKER_HOST");
        if (host == null || host.isBlank()) {
            System.err.println("set DOCKER_HOST to the engine to use (e.g. ALEXOS_IT_DOCKER_HOST of scripts/test-env.sh)");
            System.exit(2);
        }
        int containers = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        int stops = args.length > 1 ? Integer.parseInt(args[1]) : 50;
        int idleSeconds = args.length > 2 ? Integer.parseInt(args[2]) : 60;
        String statsInterval = args.length > 3 ? args[3] : "15s";

        System.out.printf("creating %d running containers on %s%n", containers, host);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < containers; i++) {
            ids.add(docker("run", "-d", "--network", "none", "--label", LABEL, "local/busybox:1"));
        }
        Path data = Files.createTempDirectory("wt-bench");
        AlexOsConfig config = AlexOsConfig.of(Map.of("watchtower", Map.of(
                "stats_interval", statsInterval,
                "endpoints", List.of(Map.of("name", "bench", "host", host)))));
        Map<String, CountDownLatch> waiting = new ConcurrentHashMap<>();
        Map<String, Event> received = new ConcurrentHashMap<>();
        try (AlexOs os = AlexOs.builder().config(config).dataDirectory(data)
                .discoverClasspathModules(false).module(new WatchtowerModule()).build().start()) {
            os.eventBus().subscribe("watchtower.container_status_changed", e -> {
                String key = e.data().path("id").asText() + ">" + e.data().path("new_status").asText();
                received.put(key, e);
                CountDownLatch l = waiting.get(key);
                if (l != null) {
                    l.countDown();
                }
            });
            // wait until the picture holds them all
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
            int seen = 0;
            while (System.nanoTime() < deadline) {
                seen = os.agents().send("watchtower-001", Task.of("containers.list",
                        Json.object().put("status", "running"))).get().output().path("count").asInt();
                if (seen >= containers) {
                    break;
                }
                TimeUnit.MILLISECONDS.sleep(200);
            }
            System.out.printf("watchtower sees %d running containers%n", seen);

            OperatingSystemMXBean osBean = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
            TimeUnit.SECONDS.sleep(5); // let start-up work (JIT, first stats round) settle
            long cpu0 = osBean.getProcessCpuTime();
            long wall0 = System.nanoTime();
            TimeUnit.SECONDS.sleep(idleSeconds);
            double idlePercent = (osBean.getProcessCpuTime() - cpu0) * 100.0 / (System.nanoTime() - wall0);
            System.out.printf("idle CPU over %ds (whole JVM, monitoring %d containers, stats_interval %s): %.2f %% of one core%n",
                    idleSeconds, containers, statsInterval, idlePercent);

            List<Double> latencies = new ArrayList<>();
            for (int i = 0; i < stops; i++) {
                String id = ids.get(i % ids.size());
                String key = id + ">exited";
                received.remove(key);
                CountDownLatch latch = new CountDownLatch(1);
                waiting.put(key, latch);
                docker("stop", "-t", "0", id);
                if (!latch.await(30, TimeUnit.SECONDS)) {
                    System.out.println("no event for " + id);
                    continue;
                }
                Event e = received.get(key);
                Instant engineTime = Instant.parse(e.data().path("engine_time").asText());
                latencies.add(Duration.between(engineTime, e.time()).toNanos() / 1e6);
                waiting.remove(key);
                docker("start", id);
            }
            Collections.sort(latencies);
            if (!latencies.isEmpty()) {
                System.out.printf("docker stop -> event at a bus subscriber, %d stops among %d running containers: "
                                + "median %.1f ms, p99 %.1f ms, max %.1f ms%n", latencies.size(), containers,
                        latencies.get(latencies.size() / 2),
                        latencies.get(Math.min(latencies.size() - 1, (int) Math.ceil(latencies.size() * 0.99) - 1)),
                        latencies.get(latencies.size() - 1));
            }
        } finally {
            String all = docker("ps", "-aq", "--filter", "label=" + LABEL);
            if (!all.isBlank()) {
                List<String> rm = new ArrayList<>(List.of("rm", "-f"));
                rm.addAll(Arrays.asList(all.split("\\s+")));
                docker(rm.toArray(String[]::new));
            }
        }
    }

    private static String docker(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add("docker");
        cmd.addAll(Arrays.asList(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (p.waitFor() != 0) {
            throw new IOException(String.join(" ", cmd) + ": " + out);
        }
        return out;
    }
}
