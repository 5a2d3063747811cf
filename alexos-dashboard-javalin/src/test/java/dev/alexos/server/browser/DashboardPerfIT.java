package dev.alexos.server.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static dev.alexos.server.browser.DashboardFixture.OPERATOR;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.microsoft.playwright.Page;
import dev.alexos.core.event.Event;
import dev.alexos.core.event.EventBus;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The structural properties that keep the dashboard fast on a slow CPU and a slow link
 * (issue 9), asserted in a real browser against a real server; no timings are asserted (those
 * are measured by {@code dev.alexos.bench.dashboard.DashboardLoadProbe}, docs/performance.md):
 * text is served gzip-compressed; the shell's files have versioned, immutable URLs and a warm
 * load takes none of them from the network; everything else revalidates with an ETag; the
 * events list stays within its cap after 2,000 events; a page holds one WebSocket however many
 * tabs it switches through; and no page polls the server while idle (two virtual minutes on
 * Playwright's clock).
 */
class DashboardPerfIT {
    @RegisterExtension
    static final DashboardFixture ui = DashboardFixture.create();

    private static final Pattern APP_JS = Pattern.compile("\"(/dashboard/v/([0-9a-f]+)/assets/)app\\.js\"");

    Page page;

    @BeforeEach
    void bindPage() {
        page = ui.page();
    }

    @Test
    void assetsAreCompressedVersionedAndRevalidated() {
        HttpResponse<byte[]> html = get("/dashboard/", null);
        assertThat(html.statusCode()).isEqualTo(200);
        assertThat(html.headers().firstValue("Content-Encoding")).hasValue("gzip");
        assertThat(html.headers().firstValue("Cache-Control")).hasValue("no-cache");
        String text = gunzip(html.body());
        assertThat(text).contains("rel=\"modulepreload\"").doesNotContain("\"/dashboard/assets/");
        Matcher m = APP_JS.matcher(text);
        assertThat(m.find()).as("index.html loads app.js from a versioned URL: " + text).isTrue();
        String prefix = m.group(1);

        for (String file : List.of("app.js", "sdk.js", "app.css", "views/events.js")) {
            HttpResponse<byte[]> r = get(prefix + file, null);
            assertThat(r.statusCode()).as(file).isEqualTo(200);
            assertThat(r.headers().firstValue("Content-Encoding")).as(file).hasValue("gzip");
            assertThat(r.headers().firstValue("Cache-Control")).as(file).hasValue("public, max-age=31536000, immutable");
            assertThat(gunzip(r.body()).length()).as(file).isGreaterThan(r.body().length);
        }
        // an older page's version: today's file, but not cacheable as immutable
        HttpResponse<byte[]> stale = get("/dashboard/v/000000000000/assets/app.js", null);
        assertThat(stale.statusCode()).isEqualTo(200);
        assertThat(stale.headers().firstValue("Cache-Control")).hasValue("public, max-age=0, must-revalidate");

        // unversioned files and plugin tabs: revalidated with their ETag (304, no body)
        for (String path : List.of("/dashboard/assets/app.js", "/dashboard/tabs/watchtower/tab.js", "/dashboard/")) {
            HttpResponse<byte[]> first = get(path, null);
            String etag = first.headers().firstValue("ETag").orElseThrow(() -> new AssertionError("no ETag on " + path));
            HttpResponse<byte[]> again = get(path, etag);
            assertThat(again.statusCode()).as(path).isEqualTo(304);
            assertThat(again.body()).as(path).isEmpty();
        }
    }

    @Test
    void aWarmLoadTakesNoShellFileFromTheNetwork() {
        ui.login(OPERATOR);
        assertThat(page.locator("#conn")).hasText("live");
        // a new tab of the same browser context: same HTTP cache, a new document
        Page warm = ui.context().newPage();
        warm.navigate(ui.base() + "/dashboard/#agents");
        assertThat(warm.locator("#conn")).hasText("live");
        @SuppressWarnings("unchecked")
        List<Object> transfers = (List<Object>) warm.evaluate("() => performance.getEntriesByType('resource')"
                + ".filter((e) => e.name.includes('/dashboard/v/')).map((e) => e.transferSize)");
        assertThat(transfers).as("versioned shell files of the second load").hasSizeGreaterThanOrEqualTo(4)
                .allSatisfy(t -> assertThat(((Number) t).longValue()).isZero());
    }

    @Test
    void theEventsListStaysWithinItsCapAfter2000Events() {
        ui.login(OPERATOR);
        page.navigate(ui.base() + "/dashboard/#events");
        assertThat(page.locator("#conn")).hasText("live");
        EventBus bus = ui.server().runtime().eventBus();
        Event last = null;
        for (int i = 0; i < 2000; i++) {
            last = bus.publish("test.perf_burst", "perf-it", JsonNodeFactory.instance.objectNode().put("n", i).put("message", "burst " + i));
        }
        Page.WaitForFunctionOptions wait = new Page.WaitForFunctionOptions().setTimeout(30_000);
        page.waitForFunction("s => document.querySelector('ul.events li')?.dataset.seq === s", Long.toString(last.seq()), wait);
        int rows = ((Number) page.evaluate("() => document.querySelectorAll('ul.events li').length")).intValue();
        assertThat(rows).as("rows in the Events tab after 2,000 events").isBetween(1, 500);
        assertThat(page.locator("ul.events li").first()).containsText("burst 1999");
    }

    @Test
    void onePageHoldsOneWebSocketAndNothingPollsWhileIdle() {
        AtomicInteger sockets = new AtomicInteger();
        List<String> requests = new CopyOnWriteArrayList<>();
        page.onWebSocket(ws -> sockets.incrementAndGet());
        page.onRequest(r -> requests.add(r.method() + " " + r.url()));
        page.clock().install();
        ui.login(OPERATOR);
        assertThat(page.locator("#conn")).hasText("live");
        for (String tab : List.of("agents", "events", "compliance", "summary")) {
            page.click("#tab-" + tab);
            assertThat(page.locator("#tab-" + tab)).hasAttribute("aria-selected", "true");
        }
        assertThat(sockets.get()).as("WebSockets opened by one page through five tabs").isEqualTo(1);

        // each a new document (a hash change alone would keep the page and its socket)
        for (String path : List.of("/dashboard/watchtower", "/dashboard/#events", "/dashboard/chainbot", "/dashboard/")) {
            sockets.set(0);
            page.navigate(ui.base() + path);
            assertThat(page.locator("#conn")).hasText("live");
            page.waitForLoadState(com.microsoft.playwright.options.LoadState.NETWORKIDLE);
            requests.clear();
            // two minutes of virtual time: every interval timer fires as often as it would
            page.clock().runFor(120_000);
            // a marker request: the page's own requests before it have been reported by now
            page.evaluate("() => fetch('/api/health?marker=idle').then((r) => r.status)");
            List<String> issued = requests.stream().filter(r -> !r.contains("marker=idle")).toList();
            assertThat(issued).as("requests while " + path + " sat idle for two virtual minutes").isEmpty();
            assertThat(sockets.get()).as("WebSockets of " + path).isEqualTo(1);
        }
    }

    private static HttpResponse<byte[]> get(String path, String ifNoneMatch) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(ui.base() + path))
                .header("Authorization", "Bearer " + OPERATOR).header("Accept-Encoding", "gzip");
        if (ifNoneMatch != null) {
            b.header("If-None-Match", ifNoneMatch);
        }
        try {
            return HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String gunzip(byte[] body) {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(body))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("not gzip", e);
        }
    }
}
