package dev.alexos.bench.dashboard;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Playwright;
import dev.alexos.bench.watchtower.BenchArgs;
import dev.alexos.bench.watchtower.BenchDocker;
import dev.alexos.bench.watchtower.BenchSetup;
import dev.alexos.bench.watchtower.Percentiles;
import dev.alexos.chainbot.ChainBotModule;
import dev.alexos.core.config.AlexOsConfig;
import dev.alexos.server.AlexOsServer;
import dev.alexos.watchtower.WatchtowerModule;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Load driver for issue 9's "fast on a Raspberry Pi and a phone": the reference server
 * (Watchtower and ChainBot modules) on 127.0.0.1 watching a real Docker engine with
 * {@code containers} running containers ({@code local/busybox:1}, {@code --network none},
 * removed at the end), and Debian's Chromium driven by Playwright under Chrome DevTools
 * Protocol CPU throttling ({@link Profile}: 1× desktop, 4× phone, 6× Raspberry Pi proxy).
 *
 * <p>For each profile and page (overview, watchtower with every container, chainbot, events):
 * a cold and a warm load ({@link PageProbe}). Then, per profile, the live path
 * ({@link LiveProbe}): {@code rate} events/s for {@code seconds} s on the Events tab, and
 * {@code churn} containers stopped and started while the Watchtower table is open
 * ({@code loads=false} / {@code live=false} skip either part).
 * Emulation only: no Raspberry Pi or phone is involved (docs/performance.md, "Dashboard").
 *
 * <pre>{@code
 * scripts/test-env.sh run -- sh -c 'java -cp alexos-benchmarks/target/benchmarks.jar:$HOME/.m2/repository/com/microsoft/playwright/driver-bundle/1.56.0/driver-bundle-1.56.0.jar \
 *     dev.alexos.bench.dashboard.DashboardLoadProbe containers=200 rate=50 seconds=20 churn=20'
 * }</pre>
 */
public final class DashboardLoadProbe {
    private DashboardLoadProbe() {
    }

    /** Runs the driver, then exits the JVM (status 1 on failure; a watchdog ends it after 30 min). */
    public static void main(String[] args) {
        BenchSetup.runThenExit(() -> run(args), 30);
    }

    private static void run(String[] args) throws Exception {
        BenchArgs a = new BenchArgs(args, Set.of("containers", "rate", "seconds", "churn", "churnRate", "profiles", "live", "loads"));
        int containers = a.integer("containers", 200, 1, 1000);
        int rate = a.integer("rate", 50, 1, 1000);
        int seconds = a.integer("seconds", 20, 1, 120);
        int churn = a.integer("churn", 20, 0, containers);
        int churnRate = a.integer("churnRate", 5, 1, 50);
        boolean liveRuns = !"false".equals(a.string("live", "true"));
        boolean loadRuns = !"false".equals(a.string("loads", "true"));
        List<Profile> profiles = new ArrayList<>();
        for (String p : a.string("profiles", "desktop,phone,pi").split(",")) {
            profiles.add(Profile.named(p.trim()));
        }
        String chromium = System.getenv().getOrDefault("ALEXOS_IT_CHROMIUM", "/usr/bin/chromium");
        if (!Files.isExecutable(Path.of(chromium))) {
            throw new IllegalStateException("no Chromium at " + chromium + " (set ALEXOS_IT_CHROMIUM)");
        }
        Path dir = BenchSetup.scratch("alexos-bench-dash");
        BenchSetup.header("DashboardLoadProbe containers=" + containers + " rate=" + rate + " seconds=" + seconds
                + " churn=" + churn + " churnRate=" + churnRate + " profiles=" + profiles.stream().map(Profile::name).toList());
        String token = HexFormat.of().formatHex(new SecureRandom().generateSeed(16));
        try (BenchDocker docker = BenchDocker.fromTestEnv()) {
            long t = System.nanoTime();
            List<String> ids = docker.startContainers(containers, 4);
            System.out.printf("created and started %d containers in %.1f s%n", ids.size(), (System.nanoTime() - t) / 1e9);
            Map<String, Object> config = Map.of(
                    "server", Map.of("tokens", List.of(Map.of("name", "bench", "role", "operator", "token", token))),
                    "watchtower", BenchSetup.watchtowerSection(docker.host, "5s"));
            try (AlexOsServer server = AlexOsServer.builder().config(AlexOsConfig.of(config))
                    .dataDirectory(dir.resolve("data")).bind("127.0.0.1").port(0)
                    .console(new PrintStream(OutputStream.nullOutputStream()))
                    .runtime(rb -> rb.discoverClasspathModules(false).module(new WatchtowerModule()).module(new ChainBotModule()))
                    .build().start();
                 Playwright pw = Playwright.create(new Playwright.CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
                 Browser browser = pw.chromium().launch(new BrowserType.LaunchOptions().setExecutablePath(Path.of(chromium))
                         .setHeadless(true).setArgs(List.of("--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                                 "--disable-background-networking", "--disable-component-update", "--disable-sync")))) {
                Duration settle = BenchSetup.awaitInventory(server.runtime().eventBus(), containers, Duration.ofSeconds(2),
                        Duration.ofMinutes(5));
                System.out.printf("inventory settled after %.1f s; Chromium %s%n", settle.toMillis() / 1e3, browser.version());
                String base = "http://127.0.0.1:" + server.port();
                PageProbe pages = new PageProbe(browser, base, token, containers);
                // one unmeasured load first: the server's JIT and Chromium's start-up are not the dashboard's cost
                pages.coldAndWarm(Profile.DESKTOP, PageProbe.PAGES.get(0));
                if (loadRuns) {
                    printLoadHeader();
                    for (Profile p : profiles) {
                        for (PageProbe.Target target : PageProbe.PAGES) {
                            pages.coldAndWarm(p, target).forEach(DashboardLoadProbe::print);
                        }
                    }
                }
                if (liveRuns) {
                    LiveProbe live = new LiveProbe(pages, base);
                    for (Profile p : profiles) {
                        print(live.eventBurst(p, server.runtime().eventBus(), rate, seconds));
                        if (churn > 0) {
                            print(live.containerChurn(p, server.runtime().eventBus(), docker, ids, churn, churnRate));
                        }
                    }
                }
            }
            System.out.println("loadavg after: " + BenchSetup.loadavg());
        } finally {
            BenchSetup.deleteQuietly(dir);
        }
    }

    private static void printLoadHeader() {
        System.out.println("page       profile     cache  reqs  net  transfer(B)  body(B)  FCP(ms) content(ms) live(ms) "
                + "longtasks  longtask(ms)  TBT(ms)  heap(KiB)  DOM nodes  ws");
    }

    private static void print(PageProbe.Load l) {
        System.out.printf(Locale.ROOT, "%-10s %-11s %-5s %5d %4d %12d %8d %8.0f %11.0f %8.0f %9d %13.0f %8.0f %10.0f %10.0f %3d%n",
                l.page(), l.profile(), l.cache(), l.requests(), l.network(), l.transferBytes(), l.bodyBytes(), l.firstPaint(),
                l.content(), l.live(), l.longTasks(), l.longTaskMs(), l.blockingMs(), l.heapBytes() / 1024, l.domNodes(), l.sockets());
    }

    private static void print(LiveProbe.Run r) {
        List<Long> nanos = r.latenciesMs().stream().map(ms -> Math.round(ms * 1e6)).toList();
        System.out.printf(Locale.ROOT, "live %-40s %-11s shown %d of %d (dropped or coalesced %d), rows at end %d%n",
                r.what(), r.profile(), r.shown(), r.expected(), r.droppedOrCoalesced(), r.rowsAtEnd());
        System.out.println("    publish → on screen (DOM): " + (nanos.isEmpty() ? "none" : Percentiles.ofNanos(nanos).format()));
        StringBuilder s = new StringBuilder("    heap KiB / DOM nodes over the run:");
        for (LiveProbe.Sample x : r.samples()) {
            s.append(String.format(Locale.ROOT, " %.0fs=%.0f/%.0f", x.atSeconds(), x.heapBytes() / 1024, x.domNodes()));
        }
        System.out.println(s);
    }
}
