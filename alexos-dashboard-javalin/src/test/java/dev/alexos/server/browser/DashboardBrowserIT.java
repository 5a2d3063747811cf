package dev.alexos.server.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static dev.alexos.server.browser.DashboardFixture.OPERATOR;
import static dev.alexos.server.browser.DashboardFixture.VIEWER;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.WebSocketRoute;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The dashboard in a real browser (Debian's headless Chromium driven by Playwright) against a
 * real server watching a real Docker engine: log in, watch containers appear and change live,
 * act on them, run and approve a workflow, see compliance findings and live events. Every
 * page is checked for console errors and for requests that leave loopback ({@link DashboardFixture});
 * screenshots of each page at desktop and phone width go to {@code target/screenshots}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DashboardBrowserIT {
    @RegisterExtension
    static final DashboardFixture ui = DashboardFixture.create();

    Page page;

    @BeforeEach
    void bindPage() {
        page = ui.page();
    }

    @Test
    @Order(1)
    void loginLeadsToTheOverviewWithRealHealthAndAgents() {
        ui.login(OPERATOR);
        assertThat(page.locator("#whoami")).containsText("operator");
        assertThat(page.locator("main")).containsText("watchtower");
        assertThat(page.locator("#conn")).hasText("live");
        ui.shot("overview");
        page.click("#tab-agents");
        assertThat(page.locator("table")).containsText("watchtower-001");
        ui.shot("agents");
    }

    @Test
    @Order(2)
    void containerStartedWithTheCliAppearsLiveAndIsStoppedFromTheUi() {
        ui.login(OPERATOR);
        page.navigate(ui.base() + "/dashboard/watchtower");
        assertThat(page.locator("h1")).hasText("Watchtower");
        String name = ui.prefix() + "-web";
        ui.docker("run", "-d", "--network", "none", "--name", name, "local/busybox:1");
        Locator row = page.locator("tr[data-name='" + name + "']");
        assertThat(row).containsText("running");
        row.locator("a").click();
        assertThat(page.locator("#wt-detail h2")).hasText(name);
        ui.shot("watchtower");
        page.locator("button:text-is('stop')").click();
        page.locator("#confirm-ok").click();
        assertThat(row).containsText("exited");
        assertThat(row).hasAttribute("data-state", Pattern.compile("^exited"));
    }

    @Test
    @Order(3)
    void privilegedContainerWithTheSocketMountedIsAComplianceFinding() {
        String name = ui.prefix() + "-priv";
        String sock = URI.create(ui.dockerHost().replace("unix://", "file://")).getPath();
        // Created, not started: this sandbox may not grant the capabilities a privileged start needs;
        // the compliance checks read the inspect data of every container, whatever its state.
        ui.docker("create", "--network", "none", "--privileged", "-v", sock + ":/var/run/docker.sock", "--name", name, "local/busybox:1");
        ui.login(OPERATOR);
        page.navigate(ui.base() + "/dashboard/#compliance");
        assertThat(page.locator("#compliance-score")).containsText("%");
        Locator findings = page.locator("details.panel", new Page.LocatorOptions().setHasText(name));
        assertThat(findings.first()).isVisible();
        assertThat(page.locator("main")).containsText("entries checked");
        ui.shot("compliance");
    }

    @Test
    @Order(4)
    void eventsArriveLiveInTheEventsTab() {
        ui.login(OPERATOR);
        page.navigate(ui.base() + "/dashboard/#events");
        page.fill("#ev-topic", "watchtower.*");
        String name = ui.prefix() + "-ev";
        ui.docker("run", "-d", "--network", "none", "--name", name, "local/busybox:1");
        assertThat(page.locator(".events li[data-topic='watchtower.container_registered']", new Page.LocatorOptions().setHasText(name)).first())
                .isVisible();
        ui.shot("events");
    }

    @Test
    @Order(5)
    void workflowRunsStepByStepAndAWaitingStepIsApproved() {
        String wf = """
                {"id": "ui-approval", "name": "UI approval", "type": "sequential",
                 "steps": [
                   {"id": "prepare", "type": "transform", "config": {"template": "hello ${inputs.who}"}},
                   {"id": "approve", "type": "approval", "config": {"message": "go on?"}},
                   {"id": "announce", "type": "emit_event", "config": {"event": "ui_approved", "data": {"who": "${inputs.who}"}}}
                 ]}""";
        HttpResponse<String> created = ui.api("POST", "/api/chainbot/workflows", wf);
        assertThat(created.statusCode()).as(created.body()).isIn(200, 201);
        ui.login(OPERATOR);
        page.navigate(ui.base() + "/dashboard/chainbot");
        page.locator("tr[data-workflow='ui-approval'] a").click();
        page.fill("#wf-inputs", "{\"who\": \"browser\"}");
        page.click("#wf-run-btn");
        assertThat(page.locator("#run-status")).containsText("waiting approval");
        assertThat(page.locator("#run-steps li[data-step='prepare']")).containsText("completed");
        ui.shot("chainbot");
        page.click("#approve");
        assertThat(page.locator("#run-status")).containsText("completed");
        assertThat(page.locator("#run-steps li[data-step='announce']")).containsText("completed");
    }

    @Test
    @Order(6)
    void viewersSeeNoActionButtons() {
        String name = ui.prefix() + "-view";
        ui.docker("run", "-d", "--network", "none", "--name", name, "local/busybox:1");
        ui.login(VIEWER);
        page.navigate(ui.base() + "/dashboard/watchtower");
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
        ui.login(OPERATOR);
        ui.chat("ui chat", "chatgpt-001", "Say hello");
        assertThat(page.locator(".chat")).containsText("Hello from the fake model.");
        assertThat(ui.llm().requests()).isNotEmpty();
        ui.shot("chainbot-session");
    }

    @Test
    @Order(8)
    void entanglementIsCreatedAndItsMembersAnswerAMessage() {
        ui.login(OPERATOR);
        page.navigate(ui.base() + "/dashboard/chainbot");
        page.click("#cb-entanglements");
        page.fill("#ent-name", "ui group");
        page.fill("#ent-agents", "chatgpt-001");
        page.click("#ent-create");
        assertThat(page.locator("#ent-detail h2")).hasText("ui group");
        page.fill("#ent-input", "Report in");
        page.click("#ent-send");
        assertThat(page.locator("#ent-log")).containsText("Hello from the fake model.");
        ui.shot("chainbot-entanglement");
    }

    @Test
    @Order(9)
    void aRunningWorkflowIsCancelledFromTheUi() {
        String wf = """
                {"id": "ui-long-wait", "name": "UI long wait", "type": "sequential",
                 "steps": [{"id": "nap", "type": "wait", "config": {"duration": "10m"}}]}""";
        HttpResponse<String> created = ui.api("POST", "/api/chainbot/workflows", wf);
        assertThat(created.statusCode()).as(created.body()).isIn(200, 201);
        ui.login(OPERATOR);
        page.navigate(ui.base() + "/dashboard/chainbot");
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
        String name = ui.prefix() + "-logs";
        ui.docker("run", "-d", "--network", "none", "--name", name, "local/busybox:1", "/bin/sh", "-c",
                "echo hello-from-the-container; exec sleep 3600");
        ui.login(VIEWER);
        page.navigate(ui.base() + "/dashboard/watchtower");
        page.locator("tr[data-name='" + name + "'] a").click();
        assertThat(page.locator("#wt-detail pre.logs")).containsText("hello-from-the-container");
        assertThat(page.locator("#wt-detail .chart[role=img]").first()).hasAttribute("aria-label", Pattern.compile("CPU %: latest"));
        assertThat(page.locator("#wt-detail")).containsText("of");
    }

    @Test
    @Order(11)
    void eventsMissedWhileDisconnectedArriveAfterTheReconnect() {
        // A WebSocket route stands between page and server: it lets the test cut the page's
        // connection and refuse reconnects while an event happens, then let the page back in.
        AtomicBoolean down = new AtomicBoolean();
        List<WebSocketRoute> open = new CopyOnWriteArrayList<>();
        page.routeWebSocket(Pattern.compile(".*/ws$"), ws -> {
            if (down.get()) {
                ws.close(new WebSocketRoute.CloseOptions().setCode(1012).setReason("test: server away"));
                return;
            }
            ws.connectToServer();
            open.add(ws);
        });
        ui.login(OPERATOR);
        page.navigate(ui.base() + "/dashboard/#events");
        assertThat(page.locator("#conn")).hasText("live");
        down.set(true);
        open.forEach(ws -> ws.close(new WebSocketRoute.CloseOptions().setCode(1012).setReason("test: server away")));
        assertThat(page.locator("#conn")).hasText("reconnecting…");
        String name = ui.prefix() + "-offline";
        ui.docker("run", "-d", "--network", "none", "--name", name, "local/busybox:1");
        Awaitility.await().atMost(Duration.ofSeconds(20))
                .until(() -> ui.api("GET", "/api/events?topic=watchtower.*&limit=200", "").body().contains(name));
        down.set(false);
        assertThat(page.locator("#conn")).hasText("live");
        assertThat(page.locator(".events li[data-topic='watchtower.container_registered']", new Page.LocatorOptions().setHasText(name)).first())
                .isVisible();
    }
}
