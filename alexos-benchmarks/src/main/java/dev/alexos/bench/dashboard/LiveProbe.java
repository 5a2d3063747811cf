package dev.alexos.bench.dashboard;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.CDPSession;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.PlaywrightException;
import dev.alexos.bench.watchtower.BenchDocker;
import dev.alexos.core.event.Event;
import dev.alexos.core.event.EventBus;
import dev.alexos.core.event.Subscription;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;

/**
 * The live path under load: events published at a fixed rate while the Events tab is open,
 * and real container churn (stop, then start, through the Engine API) while the Watchtower
 * table of all containers is open. Latency = first appearance of the row in the page's DOM
 * (epoch ms, mutation observer of {@code perf-probe.js}) − the event's time on the bus (same
 * host clock). An event never shown as its own row was dropped or coalesced.
 */
final class LiveProbe {
    /** JS heap and DOM size at one instant of a run (after a forced GC). */
    record Sample(double atSeconds, double heapBytes, double domNodes) {
    }

    /** What a run measured. */
    record Run(String what, String profile, int expected, int shown, List<Double> latenciesMs, List<Sample> samples,
            int rowsAtEnd) {
        int droppedOrCoalesced() {
            return expected - shown;
        }
    }

    private final PageProbe pages;
    private final String base;

    LiveProbe(PageProbe pages, String base) {
        this.pages = pages;
        this.base = base;
    }

    /** {@code rate} events/s for {@code seconds} s on the bus while {@code /dashboard/#events} is open. */
    Run eventBurst(Profile profile, EventBus bus, int rate, int seconds) {
        try (BrowserContext ctx = pages.context(profile)) {
            Page page = ctx.newPage();
            CDPSession cdp = PageProbe.throttle(ctx, page, profile);
            page.navigate(base + "/dashboard/#events");
            awaitReady(page);
            List<Sample> samples = new ArrayList<>();
            long start = System.nanoTime();
            samples.add(sample(cdp, start));
            page.evaluate("() => { window.__perf.track = true; }");
            Map<Long, Double> published = new LinkedHashMap<>();
            int total = rate * seconds;
            long lastSample = start;
            for (int i = 0; i < total; i++) {
                // paced by the schedule, not by the previous publish: a late tick catches up
                long due = start + (long) (i * 1e9 / rate);
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                }
                Event e = bus.publish("bench.dashboard_probe", "bench",
                        JsonNodeFactory.instance.objectNode().put("n", i).put("message", "probe event " + i + " of " + total));
                published.put(e.seq(), epochMs(e.time()));
                if (System.nanoTime() - lastSample >= 2_000_000_000L) {
                    samples.add(sample(cdp, start));
                    lastSample = System.nanoTime();
                }
            }
            long last = published.keySet().stream().mapToLong(Long::longValue).max().orElse(0);
            awaitQuietly(page, "s => String(s) in window.__perf.seen", last);
            samples.add(sample(cdp, start));
            Map<String, Object> seen = map(page.evaluate("() => window.__perf.seen"));
            List<Double> lat = new ArrayList<>();
            for (var p : published.entrySet()) {
                Object t = seen.get(Long.toString(p.getKey()));
                if (t instanceof Number n) {
                    lat.add(n.doubleValue() - p.getValue());
                }
            }
            int rows = ((Number) page.evaluate("() => document.querySelectorAll('ul.events li').length")).intValue();
            return new Run("events " + rate + "/s × " + seconds + " s", profile.name(), published.size(), lat.size(), lat, samples, rows);
        }
    }

    /**
     * Stops {@code count} running containers one after the other at up to {@code perSecond},
     * then starts them again, while {@code /dashboard/watchtower} is open: 2 × count state
     * changes, each expected as its row's {@code data-state}.
     */
    Run containerChurn(Profile profile, EventBus bus, BenchDocker docker, List<String> ids, int count, int perSecond) {
        Map<String, Double> changed = new ConcurrentHashMap<>();
        Subscription sub = bus.subscribe("watchtower.container_status_changed", e -> changed.putIfAbsent(
                e.data().path("name").asText() + "|" + e.data().path("new_status").asText(), epochMs(e.time())));
        try (BrowserContext ctx = pages.context(profile)) {
            Page page = ctx.newPage();
            CDPSession cdp = PageProbe.throttle(ctx, page, profile);
            page.navigate(base + "/dashboard/watchtower");
            awaitReady(page);
            List<Sample> samples = new ArrayList<>();
            long start = System.nanoTime();
            samples.add(sample(cdp, start));
            page.evaluate("() => { window.__perf.track = true; }");
            List<String> churned = ids.subList(0, count);
            List<Double> lat = new ArrayList<>();
            int shown = 0;
            shown += phase(page, churned, perSecond, docker::stopNow, "exited", changed, lat);
            samples.add(sample(cdp, start));
            // rows re-rendered while still exited must not count as "running" sightings
            page.evaluate("() => { window.__perf.rows = {}; }");
            shown += phase(page, churned, perSecond, id -> docker.docker.startContainerCmd(id).exec(), "running", changed, lat);
            samples.add(sample(cdp, start));
            int trs = ((Number) page.evaluate("() => document.querySelectorAll('#containers tbody tr').length")).intValue();
            return new Run("container churn " + count + " stops + " + count + " starts", profile.name(), changed.size(),
                    shown, lat, samples, trs);
        } finally {
            sub.cancel();
        }
    }

    /**
     * Applies {@code action} to each container, paced, then waits (≤ 20 s) until every change to
     * {@code status} the bus carried is on screen; adds the latencies; returns how many were.
     */
    private static int phase(Page page, List<String> ids, int perSecond, IdAction action, String status,
            Map<String, Double> changed, List<Double> lat) {
        pace(ids, perSecond, action);
        long deadline = System.nanoTime() + 20_000_000_000L;
        Map<String, Object> rows = Map.of();
        List<String> keys = List.of();
        while (System.nanoTime() < deadline) {
            keys = changed.keySet().stream().filter(k -> k.endsWith("|" + status)).toList();
            rows = map(page.evaluate("() => window.__perf.rows"));
            if (keys.size() >= ids.size() && rows.keySet().containsAll(keys)) {
                break;
            }
            page.waitForTimeout(250);
        }
        int shown = 0;
        for (String k : keys) {
            if (rows.get(k) instanceof Number n) {
                lat.add(n.doubleValue() - changed.get(k));
                shown++;
            }
        }
        System.out.printf("    %s: %d changes on the bus, %d on screen (row states seen: %d)%n", status, keys.size(), shown, rows.size());
        return shown;
    }

    private interface IdAction {
        void run(String id);
    }

    private static void pace(List<String> ids, int perSecond, IdAction action) {
        long start = System.nanoTime();
        for (int i = 0; i < ids.size(); i++) {
            long wait = start + (long) (i * 1e9 / perSecond) - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            action.run(ids.get(i));
        }
    }

    private static void awaitReady(Page page) {
        page.waitForFunction("() => window.__perf && window.__perf.t.live && window.__perf.t.content", null,
                new Page.WaitForFunctionOptions().setTimeout(120_000));
    }

    /** Waits up to 15 s for {@code fn(arg)} in the page; a timeout is a result (rows missing), not a failure. */
    private static void awaitQuietly(Page page, String fn, Object arg) {
        try {
            page.waitForFunction(fn, arg, new Page.WaitForFunctionOptions().setTimeout(15_000));
        } catch (PlaywrightException e) {
            // counted as dropped by the caller
        }
    }

    private static Sample sample(CDPSession cdp, long start) {
        Map<String, Double> m = PageProbe.metrics(cdp);
        return new Sample((System.nanoTime() - start) / 1e9, m.getOrDefault("JSHeapUsedSize", -1.0), m.getOrDefault("Nodes", -1.0));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o) {
        return o instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    static double epochMs(Instant t) {
        return t.getEpochSecond() * 1000.0 + t.getNano() / 1e6;
    }
}
