package dev.alexos.bench.dashboard;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.CDPSession;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.LoadState;
import com.microsoft.playwright.options.RequestOptions;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One dashboard page load in Chromium under a {@link Profile}: a fresh browser context
 * (empty HTTP cache) logged in through {@code POST /login} (no page loaded, so the cache stays
 * cold), then the page cold, then the same page again in a new tab of that context (warm cache).
 * Figures come from the page itself (Resource Timing, paint timing, a long-task observer and a
 * mutation observer installed before the dashboard's scripts, see {@code perf-probe.js}) and
 * from the Chrome DevTools Protocol (JS heap and DOM node count after a forced GC).
 */
final class PageProbe {
    /** A page of the dashboard: what it is called and its path. */
    record Target(String name, String path) {
    }

    /** What one load measured; times in ms since navigation start, -1 when not reached. */
    record Load(String page, String profile, String cache, int requests, int network, long transferBytes,
            long bodyBytes, double firstPaint, double content, double live, int longTasks, double longTaskMs,
            double blockingMs, double heapBytes, double domNodes, int sockets) {
    }

    static final List<Target> PAGES = List.of(
            new Target("overview", "/dashboard/"),
            new Target("watchtower", "/dashboard/watchtower"),
            new Target("chainbot", "/dashboard/chainbot"),
            new Target("events", "/dashboard/#events"));

    private static final String COLLECT = """
            () => {
              const p = window.__perf;
              const all = performance.getEntriesByType('navigation').concat(performance.getEntriesByType('resource'));
              const fcp = performance.getEntriesByName('first-contentful-paint')[0];
              const lt = p.longtasks;
              return {
                requests: all.length,
                network: all.filter((e) => e.transferSize > 0).length,
                transfer: all.reduce((a, e) => a + e.transferSize, 0),
                body: all.reduce((a, e) => a + e.encodedBodySize, 0),
                fcp: fcp ? fcp.startTime : -1,
                content: p.t.content ?? -1,
                live: p.t.live ?? -1,
                longTasks: lt.length,
                longTaskMs: lt.reduce((a, x) => a + x[1], 0),
                blockingMs: lt.reduce((a, x) => a + Math.max(0, x[1] - 50), 0),
              };
            }""";

    private final Browser browser;
    private final String base;
    private final String token;
    private final String initScript;

    PageProbe(Browser browser, String base, String token, int minRows) {
        this.browser = browser;
        this.base = base;
        this.token = token;
        this.initScript = script().replace("__MIN_ROWS__", Integer.toString(minRows));
    }

    /** A logged-in context with an empty cache and the probe script installed. */
    BrowserContext context(Profile profile) {
        BrowserContext ctx = browser.newContext(profile.contextOptions());
        ctx.addInitScript(initScript);
        var r = ctx.request().post(base + "/login", RequestOptions.create().setData(Map.of("token", token)));
        if (r.status() >= 400) {
            throw new IllegalStateException("login answered " + r.status() + ": " + r.text());
        }
        return ctx;
    }

    /** Cold then warm load of {@code target}. */
    List<Load> coldAndWarm(Profile profile, Target target) {
        try (BrowserContext ctx = context(profile)) {
            Load cold = load(ctx, profile, target, "cold");
            Load warm = load(ctx, profile, target, "warm");
            return List.of(cold, warm);
        }
    }

    /** Opens {@code target} in a new tab of {@code ctx} under the profile's CPU slowdown; measures; closes it. */
    Load load(BrowserContext ctx, Profile profile, Target target, String cache) {
        Page page = ctx.newPage();
        try {
            CDPSession cdp = throttle(ctx, page, profile);
            AtomicInteger sockets = new AtomicInteger();
            page.onWebSocket(ws -> sockets.incrementAndGet());
            page.navigate(base + target.path());
            page.waitForFunction("() => window.__perf && window.__perf.t.live && window.__perf.t.content", null,
                    new Page.WaitForFunctionOptions().setTimeout(120_000));
            page.waitForLoadState(LoadState.NETWORKIDLE, new Page.WaitForLoadStateOptions().setTimeout(60_000));
            @SuppressWarnings("unchecked")
            Map<String, Object> m = (Map<String, Object>) page.evaluate(COLLECT);
            Map<String, Double> metrics = metrics(cdp);
            return new Load(target.name(), profile.name(), cache, num(m, "requests").intValue(), num(m, "network").intValue(),
                    num(m, "transfer").longValue(), num(m, "body").longValue(), num(m, "fcp").doubleValue(),
                    num(m, "content").doubleValue(), num(m, "live").doubleValue(), num(m, "longTasks").intValue(),
                    num(m, "longTaskMs").doubleValue(), num(m, "blockingMs").doubleValue(),
                    metrics.getOrDefault("JSHeapUsedSize", -1.0), metrics.getOrDefault("Nodes", -1.0), sockets.get());
        } finally {
            page.close();
        }
    }

    /** A DevTools session on {@code page} with the profile's CPU slowdown applied. */
    static CDPSession throttle(BrowserContext ctx, Page page, Profile profile) {
        CDPSession cdp = ctx.newCDPSession(page);
        JsonObject rate = new JsonObject();
        rate.addProperty("rate", profile.cpuSlowdown());
        cdp.send("Emulation.setCPUThrottlingRate", rate);
        cdp.send("Performance.enable");
        return cdp;
    }

    /** {@code Performance.getMetrics} after a forced garbage collection (JSHeapUsedSize, Nodes, ...). */
    static Map<String, Double> metrics(CDPSession cdp) {
        cdp.send("HeapProfiler.collectGarbage");
        JsonObject r = cdp.send("Performance.getMetrics");
        Map<String, Double> out = new HashMap<>();
        JsonArray list = r.getAsJsonArray("metrics");
        for (JsonElement e : list) {
            JsonObject o = e.getAsJsonObject();
            out.put(o.get("name").getAsString(), o.get("value").getAsDouble());
        }
        return out;
    }

    private static Number num(Map<String, Object> m, String key) {
        Object v = m.get(key);
        return v instanceof Number n ? n : -1;
    }

    private static String script() {
        try (InputStream in = PageProbe.class.getResourceAsStream("perf-probe.js")) {
            if (in == null) {
                throw new IllegalStateException("perf-probe.js missing from the class path");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
