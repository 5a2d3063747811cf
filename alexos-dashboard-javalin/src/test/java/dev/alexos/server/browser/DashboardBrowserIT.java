package dev.alexos.server.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Locator;
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
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dashboard in a real browser (Debian's headless Chromium driven by Playwright) against a
 * real server watching a real Docker engine: log in, watch containers appear and change live,
 * act on them, run and approve a workflow, see compliance findings and live events. Every
 * page is checked for console errors and for requests that leave loopback; screenshots of each
 * page at desktop and phone width go to {@code target/screenshots}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DashboardBrowserIT {
    private static final String OPERATOR = "operator-browser-token-0123456789";
    private static final String VIEWER = "viewer-browser-token-0123456789";
    private static final Path SHOTS = Paths.get("target", "screenshots");

    @TempDir
    static Path data;
    static AlexOsServer server;
    static String base;
    static String dockerHost;
    static Playwright playwright;
    static Browser browser;
    static FakeChatModel llm;
    static final String prefix = "ui-" + UUID.randomUUID().toString().substring(0, 6);

    BrowserContext context;
    Page page;
    final List<String> consoleErrors = new CopyOnWriteArrayList<>();
    final List<String> offLoopback = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void startAll() throws IOException {
        dockerHost = System.getenv("ALEXOS_IT_DOCKER_HOST");
        String chromium = System.getenv("ALEXOS_IT_CHROMIUM");
        if (dockerHost == null || chromium == null) {
            if ("true".equals(System.getenv("CI"))) {
                fail("ALEXOS_IT_DOCKER_HOST / ALEXOS_IT_CHROMIUM not set: run the tests with scripts/test.sh");
            }
            Assumptions.abort("no Docker engine or Chromium (run scripts/test.sh)");
        }
        Files.createDirectories(SHOTS);
        llm = FakeChatModel.start();
        llm.respondWith(req -> ChatReply.chunks("Hello ", "from ", "the ", "fake ", "model."));
        server = AlexOsServer.builder()
                .config(AlexOsConfig.of(Map.of(
                        "server", Map.of("tokens", List.of(
                                Map.of("name", "operator", "role", "operator", "token", OPERATOR),
                                Map.of("name", "viewer", "role", "viewer", "token", VIEWER))),
                        "watchtower", Map.of("endpoints", List.of(Map.of("name", "local", "host", dockerHost)),
                                "stats_interval", "2s"),
                        "chainbot", Map.of("providers", Map.of("openai", Map.of(
                                "api_key", "sk-browser-test-key", "base_url", llm.openAiBaseUrl()))))))
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

    @AfterAll
    static void stopAll() {
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
        if (dockerHost != null) {
            for (String id : docker("ps", "-aq", "--filter", "name=" + prefix).split("\\s+")) {
                if (!id.isBlank()) {
                    docker("rm", "-f", id);
                }
            }
        }
    }

    @BeforeEach
    void openPage() {
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

    @AfterEach
    void checkPage(TestInfo info) {
        context.close();
        assertThat(consoleErrors).as("console errors in " + info.getDisplayName()).isEmpty();
        assertThat(offLoopback).as("requests leaving loopback").isEmpty();
    }

    private void login(String token) {
        page.navigate(base + "/login");
        page.fill("#token", token);
        page.click("button[type=submit]");
        page.waitForURL("**/dashboard/**");
    }

    private void shot(String name) {
        page.screenshot(new Page.ScreenshotOptions().setPath(SHOTS.resolve(name + "-desktop.png")).setFullPage(true));
        page.setViewportSize(390, 844);
        page.screenshot(new Page.ScreenshotOptions().setPath(SHOTS.resolve(name + "-phone.png")).setFullPage(true));
        page.setViewportSize(1280, 860);
    }

    @Test
    @Order(1)
    void loginLeadsToTheOverviewWithRealHealthAndAgents() {
        login(OPERATOR);
        assertThat(page.locator("#whoami")).containsText("operator");
        assertThat(page.locator("main")).containsText("watchtower");
        assertThat(page.locator("#conn")).hasText("live");
        shot("overview");
        page.click("#tab-agents");
        assertThat(page.locator("table")).containsText("watchtower-001");
        shot("agents");
    }

    @Test
    @Order(2)
    void containerStartedWithTheCliAppearsLiveAndIsStoppedFromTheUi() {
        login(OPERATOR);
        page.navigate(base + "/dashboard/watchtower");
        assertThat(page.locator("h1")).hasText("Watchtower");
        String name = prefix + "-web";
        docker("run", "-d", "--network", "none", "--name", name, "local/busybox:1");
        Locator row = page.locator("tr[data-name='" + name + "']");
        assertThat(row).containsText("running");
        row.locator("a").click();
        assertThat(page.locator("#wt-detail h2")).hasText(name);
        shot("watchtower");
        page.locator("button:text-is('stop')").click();
        page.locator("#confirm-ok").click();
        assertThat(row).containsText("exited");
        assertThat(row).hasAttribute("data-state", java.util.regex.Pattern.compile("^exited"));
    }

    @Test
    @Order(3)
    void privilegedContainerWithTheSocketMountedIsAComplianceFinding() {
        String name = prefix + "-priv";
        String sock = URI.create(dockerHost.replace("unix://", "file://")).getPath();
        // Created, not started: this sandbox may not grant the capabilities a privileged start needs;
        // the compliance checks read the inspect data of every container, whatever its state.
        docker("create", "--network", "none", "--privileged", "-v", sock + ":/var/run/docker.sock", "--name", name, "local/busybox:1");
        login(OPERATOR);
        page.navigate(base + "/dashboard/#compliance");
        assertThat(page.locator("#compliance-score")).containsText("%");
        Locator findings = page.locator("details.panel", new Page.LocatorOptions().setHasText(name));
        assertThat(findings.first()).isVisible();
        assertThat(page.locator("main")).containsText("entries checked");
        shot("compliance");
    }

    @Test
    @Order(4)
    void eventsArriveLiveInTheEventsTab() {
        login(OPERATOR);
        page.navigate(base + "/dashboard/#events");
        page.fill("#ev-topic", "watchtower.*");
        String name = prefix + "-ev";
        docker("run", "-d", "--network", "none", "--name", name, "local/busybox:1");
        assertThat(page.locator(".events li[data-topic='watchtower.container_registered']", new Page.LocatorOptions().setHasText(name)).first())
                .isVisible();
        shot("events");
    }

    @Test
    @Order(5)
    void workflowRunsStepByStepAndAWaitingStepIsApproved() throws Exception {
        String wf = """
                {"id": "ui-approval", "name": "UI approval", "type": "sequential",
                 "steps": [
                   {"id": "prepare", "type": "transform", "config": {"template": "hello ${inputs.who}"}},
                   {"id": "approve", "type": "approval", "config": {"message": "go on?"}},
                   {"id": "announce", "type": "emit_event", "config": {"event": "ui_approved", "data": {"who": "${inputs.who}"}}}
                 ]}""";
        HttpResponse<String> created = api("POST", "/api/chainbot/workflows", wf);
        assertThat(created.statusCode()).as(created.body()).isIn(200, 201);
        login(OPERATOR);
        page.navigate(base + "/dashboard/chainbot");
        page.locator("tr[data-workflow='ui-approval'] a").click();
        page.fill("#wf-inputs", "{\"who\": \"browser\"}");
        page.click("#wf-run-btn");
        assertThat(page.locator("#run-status")).containsText("waiting approval");
        assertThat(page.locator("#run-steps li[data-step='prepare']")).containsText("completed");
        shot("chainbot");
        page.click("#approve");
        assertThat(page.locator("#run-status")).containsText("completed");
        assertThat(page.locator("#run-steps li[data-step='announce']")).containsText("completed");
    }

    @Test
    @Order(6)
    void viewersSeeNoActionButtons() {
        String name = prefix + "-view";
        docker("run", "-d", "--network", "none", "--name", name, "local/busybox:1");
        login(VIEWER);
        page.navigate(base + "/dashboard/watchtower");
        Locator row = page.locator("tr[data-name='" + name + "']");
        assertThat(row).containsText("running");
        row.locator("a").click();
        assertThat(page.locator("#wt-detail h2")).hasText(name);
        assertThat(page.locator("button:text-is('stop')")).hasCount(0);
        assertThat(page.locator("button:text-is('Check for updates')")).hasCount(0);
    }

    @Test
    @Order(7)
    void chatSessionWithAnAiAgentShowsItsReply() {
        login(OPERATOR);
        page.navigate(base + "/dashboard/chainbot");
        page.click("#cb-sessions");
        page.fill("#sess-name", "ui chat");
        page.fill("#sess-agents", "chatgpt-001");
        page.click("form button[type=submit]:text-is('Create')");
        page.fill("#chat-input", "Say hello");
        page.click("form button[type=submit]:text-is('Send')");
        assertThat(page.locator(".chat")).containsText("Hello from the fake model.");
        assertThat(llm.requests()).isNotEmpty();
        shot("chainbot-session");
    }

    @Test
    @Order(8)
    void entanglementIsCreatedAndItsMembersAnswerAMessage() {
        login(OPERATOR);
        page.navigate(base + "/dashboard/chainbot");
        page.click("#cb-entanglements");
        page.fill("#ent-name", "ui group");
        page.fill("#ent-agents", "chatgpt-001");
        page.click("#ent-create");
        assertThat(page.locator("#ent-detail h2")).hasText("ui group");
        page.fill("#ent-input", "Report in");
        page.click("#ent-send");
        assertThat(page.locator("#ent-log")).containsText("Hello from the fake model.");
        shot("chainbot-entanglement");
    }

    @Test
    @Order(9)
    void aRunningWorkflowIsCancelledFromTheUi() throws Exception {
        String wf = """
                {"id": "ui-long-wait", "name": "UI long wait", "type": "sequential",
                 "steps": [{"id": "nap", "type": "wait", "config": {"duration": "10m"}}]}""";
        HttpResponse<String> created = api("POST", "/api/chainbot/workflows", wf);
        assertThat(created.statusCode()).as(created.body()).isIn(200, 201);
        login(OPERATOR);
        page.navigate(base + "/dashboard/chainbot");
        page.locator("tr[data-workflow='ui-long-wait'] a").click();
        page.click("#wf-run-btn");
        assertThat(page.locator("#run-status")).containsText("running");
        page.locator("button:text-is('Cancel run')").click();
        page.locator("#confirm-ok").click();
        assertThat(page.locator("#run-status")).containsText("cancelled");
    }

    @Test
    @Order(10)
    void containerDetailShowsItsLogsAndStatsCharts() {
        String name = prefix + "-logs";
        docker("run", "-d", "--network", "none", "--name", name, "local/busybox:1", "/bin/sh", "-c",
                "echo hello-from-the-container; exec sleep 3600");
        login(VIEWER);
        page.navigate(base + "/dashboard/watchtower");
        page.locator("tr[data-name='" + name + "'] a").click();
        assertThat(page.locator("#wt-detail pre.logs")).containsText("hello-from-the-container");
        assertThat(page.locator("#wt-detail canvas").first()).hasAttribute("aria-label", java.util.regex.Pattern.compile("CPU %: latest"));
        assertThat(page.locator("#wt-detail")).containsText("of");
    }

    @Test
    @Order(11)
    void eventsMissedWhileDisconnectedArriveAfterTheReconnect() throws Exception {
        // A WebSocket route stands between page and server: it lets the test cut the page's
        // connection and refuse reconnects while an event happens, then let the page back in.
        java.util.concurrent.atomic.AtomicBoolean down = new java.util.concurrent.atomic.AtomicBoolean();
        List<com.microsoft.playwright.WebSocketRoute> open = new CopyOnWriteArrayList<>();
        page.routeWebSocket(java.util.regex.Pattern.compile(".*/ws$"), ws -> {
            if (down.get()) {
                ws.close(new com.microsoft.playwright.WebSocketRoute.CloseOptions().setCode(1012).setReason("test: server away"));
                return;
            }
            ws.connectToServer();
            open.add(ws);
        });
        login(OPERATOR);
        page.navigate(base + "/dashboard/#events");
        assertThat(page.locator("#conn")).hasText("live");
        down.set(true);
        open.forEach(ws -> ws.close(new com.microsoft.playwright.WebSocketRoute.CloseOptions().setCode(1012).setReason("test: server away")));
        assertThat(page.locator("#conn")).hasText("reconnecting…");
        String name = prefix + "-offline";
        docker("run", "-d", "--network", "none", "--name", name, "local/busybox:1");
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20))
                .until(() -> api("GET", "/api/events?topic=watchtower.*&limit=200", "").body().contains(name));
        down.set(false);
        assertThat(page.locator("#conn")).hasText("live");
        assertThat(page.locator(".events li[data-topic='watchtower.container_registered']", new Page.LocatorOptions().setHasText(name)).first())
                .isVisible();
    }

    private static HttpResponse<String> api(String method, String path, String body) throws Exception {
        HttpRequest req = HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", "Bearer " + OPERATOR)
                .header("Content-Type", "application/json").method(method, body.isEmpty() ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body)).build();
        return HttpClient.newHttpClient().send(req, HttpResponse.BodyHandlers.ofString());
    }

    static String docker(String... args) {
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
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
