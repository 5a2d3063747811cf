package dev.alexos.bench.watchtower;

import dev.alexos.core.AlexOs;
import dev.alexos.core.config.AlexOsConfig;
import dev.alexos.core.event.EventBus;
import dev.alexos.watchtower.WatchtowerModule;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** What the Watchtower drivers share: scratch directory, configuration, settling, load average. */
public final class BenchSetup {
    private BenchSetup() {
    }

    /**
     * A scratch directory for the runtime's data and logs. Call first in {@code main}, before
     * anything logs: it points the logback file appender there and keeps the console at WARN
     * (a log line per event on the console would be part of what is measured).
     */
    public static Path scratch(String prefix) throws IOException {
        Path dir = Files.createTempDirectory(prefix);
        System.setProperty("ALEXOS_LOG_DIR", dir.resolve("logs").toString());
        System.setProperty("ALEXOS_LOG_LEVEL", System.getProperty("ALEXOS_LOG_LEVEL", "WARN"));
        return dir;
    }

    public static void deleteQuietly(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            System.err.println("could not remove " + dir + ": " + e);
        }
    }

    /** The {@code watchtower} section: one endpoint {@code bench} at {@code host}. */
    public static Map<String, Object> watchtowerSection(String host, String statsInterval) {
        Map<String, Object> w = new LinkedHashMap<>();
        w.put("endpoints", List.of(Map.of("name", "bench", "host", host)));
        w.put("stats_interval", statsInterval);
        return w;
    }

    /** A runtime with only the Watchtower module (classpath discovery off: nothing else runs). */
    static AlexOs watchtowerRuntime(Path data, String host, String statsInterval) {
        return AlexOs.builder()
                .config(AlexOsConfig.of(Map.of("watchtower", watchtowerSection(host, statsInterval))))
                .dataDirectory(data)
                .discoverClasspathModules(false)
                .module(new WatchtowerModule())
                .build().start();
    }

    /**
     * Waits until Watchtower registered at least {@code containers} containers and the bus then
     * stayed silent for {@code quiet}: the initial inventory has settled.
     */
    public static Duration awaitInventory(EventBus bus, int containers, Duration quiet, Duration max) throws InterruptedException {
        long start = System.nanoTime();
        long deadline = start + max.toNanos();
        long lastSeq = -1;
        long quietSince = System.nanoTime();
        while (System.nanoTime() < deadline) {
            int registered = bus.replay(0, "watchtower.container_registered", 100_000).events().size();
            long seq = bus.lastSeq();
            if (seq != lastSeq) {
                lastSeq = seq;
                quietSince = System.nanoTime();
            } else if (registered >= containers && System.nanoTime() - quietSince >= quiet.toNanos()) {
                return Duration.ofNanos(System.nanoTime() - start);
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("Watchtower did not register " + containers + " containers within " + max);
    }

    /** A driver's body. */
    public interface Body {
        void run() throws Exception;
    }

    /**
     * Runs {@code body} and exits the JVM: 0 when it returned, 1 when it threw. A daemon
     * watchdog exits with 3 after {@code maxMinutes}, so a driver always stops by itself; the
     * shutdown hooks (container removal) run in every case. Exiting explicitly matters: a
     * library thread left non-daemon must not keep a finished driver alive.
     */
    public static void runThenExit(Body body, int maxMinutes) {
        Thread watchdog = new Thread(() -> {
            try {
                Thread.sleep(maxMinutes * 60_000L);
                System.err.println("driver still running after " + maxMinutes + " min: exiting");
                System.exit(3);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "bench-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
        int status = 0;
        try {
            body.run();
        } catch (Throwable t) {
            t.printStackTrace();
            status = 1;
        }
        System.out.flush();
        System.exit(status);
    }

    /** {@code /proc/loadavg}: 1, 5 and 15 minute load averages, runnable/total tasks. */
    public static String loadavg() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException e) {
            return "unavailable (" + e.getMessage() + ")";
        }
    }

    public static void header(String what) {
        System.out.println("== " + what + " — " + Instant.now() + ", " + Runtime.getRuntime().availableProcessors()
                + " CPUs, Java " + Runtime.version() + ", loadavg " + loadavg());
    }
}
