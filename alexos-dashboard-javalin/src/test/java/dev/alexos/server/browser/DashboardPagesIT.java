package dev.alexos.server.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static dev.alexos.server.browser.DashboardFixture.OPERATOR;
import static dev.alexos.server.browser.DashboardFixture.VIEWER;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import dev.alexos.testkit.ChatReply;
import dev.alexos.testkit.PluginJar;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The dashboard pages the main browser test does not walk through: the combined Agents page
 * (search, an agent's detail, a task sent from the UI and its real result), the Events tab's
 * search and pause, and a third-party plugin's own tab — a PF4J jar built by the test, dropped
 * into the server's plugins directory, contributing a route and an ES module through the
 * dashboard-tab SPI.
 */
class DashboardPagesIT {
    private static final String HELLO_MODULE = """
            package com.example.hello;

            import dev.alexos.core.dashboard.AssetSource;
            import dev.alexos.core.dashboard.DashboardTab;
            import dev.alexos.core.http.ApiRoute;
            import dev.alexos.core.http.Role;
            import dev.alexos.core.plugin.AlexOsModule;
            import dev.alexos.core.plugin.ModuleContext;
            import java.util.Map;

            public final class HelloModule implements AlexOsModule {
                private int greetings;

                public String id() { return "hello_ui"; }

                public void start(ModuleContext ctx) {
                    ctx.addRoute(ApiRoute.get("/api/hello-ui/greeting", Role.VIEWER, "The hello plugin's greeting",
                            req -> Map.of("greeting", "hello from a third-party plugin", "count", ++greetings)));
                    ctx.addDashboardTab(new DashboardTab("hello-ui", "Hello", "tab.js", 50, Role.VIEWER,
                            AssetSource.classpath(HelloModule.class.getClassLoader(), "hello-ui/")));
                }
            }
            """;
    private static final String HELLO_TAB = """
            // A third-party tab: an ES module from the plugin's jar, mounted by the host's shell.
            export function mount(el, sdk) {
              const { api, h, render, errorBox } = sdk;
              const out = h('p', { id: 'hello-out' }, 'loading…');
              render(el, h('h1', {}, 'Hello plugin'), out);
              api('/api/hello-ui/greeting')
                .then((r) => render(out, `${r.greeting} (#${r.count})`))
                .catch((e) => render(out, errorBox(e)));
              return () => {};
            }
            """;

    @RegisterExtension
    static final DashboardFixture ui = DashboardFixture.create().configure(cfg -> {
        try {
            Path plugins = Files.createTempDirectory("alexos-ui-plugins-");
            PluginJar.builder("hello-ui", "1.0.0")
                    .source("com.example.hello.HelloModule", HELLO_MODULE)
                    .extension("com.example.hello.HelloModule")
                    .resource("hello-ui/tab.js", HELLO_TAB.getBytes(StandardCharsets.UTF_8))
                    .build(plugins);
            cfg.put("plugins_dir", plugins.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    });

    Page page;

    @BeforeEach
    void bindPage() {
        page = ui.page();
    }

    @Test
    void aThirdPartyPluginAddsItsOwnTabServedFromItsJar() {
        String plugins = ui.api("GET", "/api/plugins", "").body();
        assertThat(plugins).as(plugins).contains("hello-ui");
        String tabs = ui.api("GET", "/api/dashboard/tabs", "").body();
        String health = ui.api("GET", "/api/health", "").body();
        assertThat(tabs).as(plugins + "\n" + health + "\n" + tabs).contains("hello-ui");
        ui.login(VIEWER);
        Locator link = page.locator("#nav a", new Page.LocatorOptions().setHasText("Hello"));
        assertThat(link).isVisible();
        link.click();
        page.waitForURL("**/dashboard/hello-ui");
        assertThat(page.locator("h1")).hasText("Hello plugin");
        assertThat(page.locator("#hello-out")).containsText("hello from a third-party plugin (#");
        ui.shot("plugin-tab");
    }

    @Test
    void anAgentIsFoundByTheSearchOpenedAndSentATaskWhoseRealResultIsShown() {
        String name = ui.prefix() + "-agent-task";
        ui.docker("create", "--network", "none", "--name", name, "local/busybox:1");
        ui.login(OPERATOR);
        page.navigate(ui.base() + "/dashboard/#agents");
        page.fill("#ag-q", "containers.list");
        Locator rows = page.locator("main table tbody tr");
        assertThat(rows).hasCount(1);
        assertThat(rows.first()).containsText("watchtower-001");
        page.fill("#ag-q", "no-such-agent-anywhere");
        assertThat(page.locator("main")).containsText("No agent matches the filter.");
        page.fill("#ag-q", "watchtower");
        rows.first().locator("a").click();
        assertThat(page.locator("main h2")).containsText(Pattern.compile("watchtower", Pattern.CASE_INSENSITIVE));
        page.fill("#task-action", "containers.list");
        page.fill("#task-params", "{}");
        page.locator("form button[type=submit]:text-is('Send')").click();
        assertThat(page.locator("main pre").last()).containsText(name);
        ui.shot("agent-task");
    }

    @Test
    void aBadTaskShowsTheServersErrorInsteadOfSwallowingIt() {
        ui.allowConsoleError("status of 422"); // the unknown action is refused: the page shows why
        ui.allowConsoleError("422 http");
        ui.login(OPERATOR);
        page.navigate(ui.base() + "/dashboard/#agents");
        page.fill("#ag-q", "watchtower");
        page.locator("main table tbody tr").first().locator("a").click();
        page.fill("#task-action", "containers.list");
        page.fill("#task-params", "{not json");
        page.locator("form button[type=submit]:text-is('Send')").click();
        assertThat(page.locator("main")).containsText("parameters: not valid JSON");
        page.fill("#task-action", "container.teleport");
        page.fill("#task-params", "{}");
        page.locator("form button[type=submit]:text-is('Send')").click();
        assertThat(page.locator("main")).containsText("container.teleport");
    }

    @Test
    void theEventsTabSearchesAndPausesTheLiveStream() {
        ui.login(VIEWER);
        page.navigate(ui.base() + "/dashboard/#events");
        assertThat(page.locator("#conn")).hasText("live");
        String first = ui.prefix() + "-ev-first";
        ui.docker("create", "--network", "none", "--name", first, "local/busybox:1");
        Locator firstItem = page.locator(".events li", new Page.LocatorOptions().setHasText(first)).first();
        assertThat(firstItem).isVisible();

        page.fill("#ev-search", first);
        assertThat(page.locator(".events li").first()).containsText(first);
        assertThat(page.locator(".events li", new Page.LocatorOptions().setHasNotText(first))).hasCount(0);
        page.fill("#ev-search", "");

        Locator pause = page.locator("button[aria-pressed]", new Page.LocatorOptions().setHasText("Pause"));
        pause.click();
        Locator resume = page.locator("button[aria-pressed='true']");
        assertThat(resume).hasText("Resume (0)");
        String second = ui.prefix() + "-ev-paused";
        ui.docker("create", "--network", "none", "--name", second, "local/busybox:1");
        // held back while paused: the button counts it, the list does not show it
        assertThat(resume).hasText(Pattern.compile("Resume \\([1-9]\\d*\\)"));
        assertThat(page.locator(".events li", new Page.LocatorOptions().setHasText(second))).hasCount(0);
        resume.click();
        assertThat(page.locator(".events li", new Page.LocatorOptions().setHasText(second)).first()).isVisible();
    }

    @Test
    void theOverviewCountsAreTheServersAndFollowChangesLive() throws Exception {
        ObjectMapper json = new ObjectMapper();
        // one finished run, so the count is not trivially zero
        assertThat(ui.api("POST", "/api/chainbot/workflows", """
                {"id": "ui-counted", "name": "counted", "type": "sequential",
                 "steps": [{"id": "only", "type": "transform", "config": {"template": "x"}}]}""").statusCode()).isIn(200, 201);
        HttpResponse<String> ran = ui.api("POST", "/api/chainbot/workflows/ui-counted/execute?wait=30", "{}");
        assertThat(ran.body()).as("execute").contains("completed");
        int containers = json.readTree(ui.api("GET", "/api/watchtower/containers", "").body()).path("count").asInt();
        int agents = json.readTree(ui.api("GET", "/api/agents", "").body()).path("count").asInt();
        int[] runs = {0};
        json.readTree(ui.api("GET", "/api/health", "").body()).path("components").path("chainbot").path("details")
                .path("workflows").path("executions_by_status").forEach(n -> runs[0] += n.asInt());
        ui.login(VIEWER);
        Locator containersStat = card("Containers").locator(".stat");
        assertThat(containersStat).hasText(String.valueOf(containers));
        assertThat(card("Agents").locator(".stat")).hasText(String.valueOf(agents));
        assertThat(card("Workflow runs").locator(".stat")).hasText(String.valueOf(runs[0]));
        ui.docker("create", "--network", "none", "--name", ui.prefix() + "-counted", "local/busybox:1");
        assertThat(containersStat).hasText(String.valueOf(containers + 1));
    }

    private Locator card(String title) {
        return page.locator(".panel", new Page.LocatorOptions().setHas(page.locator(".muted", new Page.LocatorOptions()
                .setHasText(Pattern.compile("^" + title + "$")))));
    }

    @Test
    void aChatReplyIsShownWhileItIsStillStreaming() {
        // the fake model sends two chunks and holds the rest until released: what the page shows
        // in between can only have come from the stream
        CompletableFuture<Void> release = new CompletableFuture<>();
        ui.llm().enqueue(ChatReply.chunks("Streaming ", "reply ", "arrives ", "in parts.").holdAfter(2, release));
        try {
            ui.login(OPERATOR);
            ui.chat("streaming chat", "chatgpt-001", "Stream, please");
            Locator chat = page.locator(".chat");
            assertThat(chat).containsText("Streaming reply");
            assertThat(chat).not().containsText("in parts.");
            ui.shot("chainbot-session-streaming");
            release.complete(null);
            assertThat(chat).containsText("Streaming reply arrives in parts.");
        } finally {
            release.complete(null);
        }
    }
}
