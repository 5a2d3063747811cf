package dev.alexos.server.browser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.assertions.PlaywrightAssertions;
import dev.alexos.core.config.AlexOsConfig;
import dev.alexos.server.AlexOsServer;
import dev.alexos.testkit.ChatReply;
import dev.alexos.testkit.FakeChatModel;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real server watching a real Docker engine, and Debian's headless Chromium driven by
 * Playwright, for the dashboard's browser tests. Register it as a static field:
 *
 * <pre>{@code
 * @RegisterExtension
 * static final DashboardFixture ui = DashboardFixture.create();
 * }</pre>
 *
 * <p>Before each test it opens a fresh browser context and page ({@link #page()}); after each
 * test it fails the test if the page logged a console error, a request failed (HTTP ≥ 400) or
 * a request left loopback. Containers named with {@link #prefix()} are removed at the end.
 * Without the components (no {@code ALEXOS_IT_DOCKER_HOST} / {@code ALEXOS_IT_CHROMIUM}) the
 * tests are skipped, except under {@code CI=true}, where that is a failure.
 */
final class DashboardFixture implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback {
    static final String OPERATOR = "operator-browser-token-0123456789";
    static final String VIEWER = "viewer-browser-token-0123456789";
    static final String ADMIN = "admin-browser-token-0123456789";
    static final Path SHOTS = Paths.get("target", "screenshots");

    private final List<Consumer<Map<String, Object>>> configurers = new ArrayList<>();
    private final String prefix = "ui-" + UUID.randomUUID().toString().substring(0, 6);
    private Path data;
    private AlexOsServer server;
    private String base;
    private String dockerHost;
    private String registry;
    private Playwright playwright;
    private Browser browser;
    private FakeChatModel llm;

    private BrowserContext context;
    private Page page;
    private final List<String> consoleErrors = new CopyOnWriteArrayList<>();
    private final List<String> offLoopback = new CopyOnWriteArrayList<>();
    private final List<String> allowedErrors = new CopyOnWriteArrayList<>();

    private DashboardFixture() {
    }

    static DashboardFixture create() {
        return new DashboardFixture();
    }

    /**
     * Changes the server's configuration before it starts; the map holds the top-level
     * sections ({@code server}, {@code watchtower}, {@code chainbot}) as mutable maps.
     */
    DashboardFixture configure(Consumer<Map<String, Object>> configurer) {
        configurers.add(configurer);
        return this;
    }

    @Override
    public void beforeAll(ExtensionContext ctx) throws IOException {
        dockerHost = System.getenv("ALEXOS_IT_DOCKER_HOST");
        registry = System.getenv("ALEXOS_IT_REGISTRY");
        String chromium = System.getenv("ALEXOS_IT_CHROMIUM");
        if (dockerHost == null || chromium == null) {
            if ("true".equals(System.getenv("CI"))) {
                fail("ALEXOS_IT_DOCKER_HOST / ALEXOS_IT_CHROMIUM not set: run the tests with scripts/test.sh");
            }
            Assumptions.abort("no Docker engine or Chromium (run scripts/test.sh)");
        }
        Files.createDirectories(SHOTS);
        data = Files.createTempDirectory("alexos-browser-");
        llm = FakeChatModel.start();
        llm.respondWith(req -> ChatReply.chunks("Hello ", "from ", "the ", "fake ", "model."));
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("server", new LinkedHashMap<>(Map.of("tokens", List.of(
                Map.of("name", "operator", "role", "operator", "token", OPERATOR),
                Map.of("name", "viewer", "role", "viewer", "token", VIEWER),
                Map.of("name", "admin", "role", "admin", "token", ADMIN)))));
        config.put("watchtower", new LinkedHashMap<>(Map.of(
                "endpoints", List.of(Map.of("name", "local", "host", dockerHost)),
                "stats_interval", "2s")));
        config.put("chainbot", new LinkedHashMap<>(Map.of("providers", Map.of("openai", Map.of(
                "api_key", "sk-browser-test-key", "base_url", llm.openAiBaseUrl())))));
        configurers.forEach(c -> c.accept(config));
        server = AlexOsServer.builder()
                .config(AlexOsConfig.of(config))
                .dataDirectory(data)
                .bind("127.0.0.1").port(0)
                .console(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8))
                .build().start();
        base = "http://127.0.0.1:" + server.port();
        playwright = Playwright.create(new Playwright.CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
        browser = playwright.chromium().launch(new BrowserType.LaunchOptions()
                .setExecutablePath(Paths.get(chromium)).setHeadless(true)
                .setArgs(List.of("--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                        "--disable-background-networking", "--disable-component-update", "--disable-sync")));
        PlaywrightAssertions.setDefaultAssertionTimeout(20_000);
    }

    @Override
    public void afterAll(ExtensionContext ctx) {
        if (browser != null) {
            browser.close();
        }
        if (playwright != null) {
            playwright.close();
        }
        if (server != null) {
            server.close();
        }
        if (llm != null) {
            llm.close();
        }
        if (dockerHost != null && server != null) {
            for (String id : docker("ps", "-aq", "--filter", "name=" + prefix).split("\\s+")) {
                if (!id.isBlank()) {
                    docker("rm", "-f", id);
                }
            }
        }
        deleteTree(data);
    }

    private static void deleteTree(Path root) {
        if (root == null || !Files.exists(root)) {
            return;
        }
        try (var paths = Files.walk(root)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void beforeEach(ExtensionContext ctx) {
        consoleErrors.clear();
        offLoopback.clear();
        allowedErrors.clear();
        context = browser.newContext(new Browser.NewContextOptions().setViewportSize(1280, 860));
        page = context.newPage();
        page.onConsoleMessage(m -> {
            if (m.type().equals("error")) {
                consoleErrors.add(m.text());
            }
        });
        page.onPageError(consoleErrors::add);
        page.onResponse(r -> {
            if (r.status() >= 400) {
                consoleErrors.add(r.status() + " " + r.url());
            }
        });
        page.onRequest(r -> {
            String host = URI.create(r.url()).getHost();
            if (host != null && !host.equals("127.0.0.1") && !host.equals("localhost")) {
                offLoopback.add(r.url());
            }
        });
    }

    @Override
    public void afterEach(ExtensionContext ctx) {
        context.close();
        List<String> errors = new ArrayList<>(consoleErrors);
        errors.removeIf(e -> allowedErrors.stream().anyMatch(e::contains));
        assertThat(errors).as("console errors in " + ctx.getDisplayName()).isEmpty();
        assertThat(offLoopback).as("requests leaving loopback").isEmpty();
    }

    /**
     * Tolerates console errors containing {@code fragment} in the current test, for tests that
     * provoke an error response on purpose (e.g. a failing update shows the server's 502).
     */
    void allowConsoleError(String fragment) {
        allowedErrors.add(fragment);
    }

    Page page() {
        return page;
    }

    BrowserContext context() {
        return context;
    }

    Browser browser() {
        return browser;
    }

    String base() {
        return base;
    }

    AlexOsServer server() {
        return server;
    }

    FakeChatModel llm() {
        return llm;
    }

    String dockerHost() {
        return dockerHost;
    }

    /** The loopback registry ({@code 127.0.0.1:port}), or fails/skips like a missing engine. */
    String registry() {
        if (registry == null) {
            if ("true".equals(System.getenv("CI"))) {
                fail("ALEXOS_IT_REGISTRY not set: run the tests with scripts/test.sh");
            }
            Assumptions.abort("no registry (run scripts/test.sh)");
        }
        return registry;
    }

    /** Container names starting with this are removed after the class. */
    String prefix() {
        return prefix;
    }

    void login(String token) {
        page.navigate(base + "/login");
        page.fill("#token", token);
        page.click("button[type=submit]");
        page.waitForURL("**/dashboard/**");
    }

    /**
     * On the ChainBot page (logged in as an operator), creates a chat session with {@code agents}
     * and sends {@code message}; the reply appears in {@code .chat}.
     */
    void chat(String session, String agents, String message) {
        page.navigate(base + "/dashboard/chainbot");
        page.click("#cb-sessions");
        page.fill("#sess-name", session);
        page.fill("#sess-agents", agents);
        page.click("form button[type=submit]:text-is('Create')");
        page.fill("#chat-input", message);
        page.click("form button[type=submit]:text-is('Send')");
    }

    /** Full-page screenshots at desktop (1280) and phone (390) width into {@code target/screenshots}. */
    void shot(String name) {
        page.screenshot(new Page.ScreenshotOptions().setPath(SHOTS.resolve(name + "-desktop.png")).setFullPage(true));
        page.setViewportSize(390, 844);
        page.screenshot(new Page.ScreenshotOptions().setPath(SHOTS.resolve(name + "-phone.png")).setFullPage(true));
        page.setViewportSize(1280, 860);
    }

    /** Calls the server's API as the operator. */
    HttpResponse<String> api(String method, String path, String body) {
        return api(method, path, body, OPERATOR);
    }

    HttpResponse<String> api(String method, String path, String body, String token) {
        HttpRequest req = HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .method(method, body.isEmpty() ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build();
        try {
            return HttpClient.newHttpClient().send(req, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Runs the Docker CLI against the test engine; fails on a non-zero exit. */
    String docker(String... args) {
        List<String> cmd = new ArrayList<>(List.of("docker"));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("DOCKER_HOST", dockerHost);
        try {
            Process p = pb.start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("docker " + String.join(" ", args) + ": " + out);
            }
            return out.strip();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
