package dev.alexos.server.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static dev.alexos.server.browser.DashboardFixture.OPERATOR;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.ColorScheme;
import com.microsoft.playwright.options.ReducedMotion;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The dashboard checked with Deque's axe-core (WCAG 2.0/2.1 A and AA) on every page and state
 * that matters — login, the overview and each of its tabs, Watchtower with a real container's
 * detail, ChainBot's workflows, a workflow, a run, a chat session and an entanglement, the
 * confirmation dialog open, an empty state and error states — each in light and dark colour
 * scheme at desktop and phone width. A test fails on any violation and lists them all (rule,
 * impact, element, help URL). Screenshots "STATE-light" / "STATE-dark" go to target/screenshots.
 * Then keyboard-only use (skip link, tabs pattern, navigation, the dialog's focus handling,
 * a visible focus ring at every stop) in both themes, and prefers-reduced-motion.
 */
class DashboardAccessibilityIT {
    @RegisterExtension
    static final DashboardFixture ui = DashboardFixture.create();

    Page page;
    AxeAudit axe;

    @BeforeEach
    void bindPage() {
        page = ui.page();
        axe = new AxeAudit();
    }

    @AfterEach
    void noViolations() {
        if (axe.runs() > 0) {
            System.out.println(axe.report());
        }
        assertThat(axe.violations()).as(axe.report()).isEmpty();
    }

    private void audit(String state, Runnable ready) {
        axe.checkAllThemesAndWidths(page, state, ready, ui::shot);
    }

    @Test
    void loginPageAndItsFailedState() {
        page.navigate(ui.base() + "/login");
        audit("login", () -> assertThat(page.locator("#token")).isVisible());
        page.navigate(ui.base() + "/login?failed");
        audit("login-failed", () -> assertThat(page.locator("#failed")).isVisible());
    }

    @Test
    void overviewAndEachOfItsTabs() {
        ui.login(OPERATOR);
        audit("overview", () -> {
            assertThat(page.locator("#conn")).hasText("live");
            assertThat(page.locator("#panel-summary")).containsText("watchtower");
            assertThat(page.locator("#panel-summary .events li").first()).isVisible();
        });
        page.click("#tab-agents");
        audit("agents", () -> assertThat(page.locator("#panel-agents table")).containsText("watchtower-001"));
        page.locator("#panel-agents a", new Page.LocatorOptions().setHasText("watchtower")).first().click();
        audit("agent-detail", () -> assertThat(page.locator("#panel-agents h2")).isVisible());
        page.click("#tab-events");
        audit("events", () -> assertThat(page.locator("#panel-events .events li[data-seq]").first()).isVisible());
        page.click("#tab-compliance");
        audit("compliance", () -> assertThat(page.locator("#compliance-score")).containsText("%"));
        page.click("#tab-chainbot");
        audit("overview-chainbot", () -> assertThat(page.locator("#panel-chainbot table")).isVisible());
    }

    @Test
    void themeToggleSwitchesBetweenLightAndDarkWithoutViolations() {
        ui.login(OPERATOR);
        assertThat(page.locator("#conn")).hasText("live");
        String light = background();
        page.click("#theme");
        assertThat(page.locator("html")).hasAttribute("data-theme", "dark");
        String dark = background();
        assertThat(dark).as("background after ◐").isNotEqualTo(light);
        axe.check(page, "overview (◐ dark)");
        page.click("#theme");
        assertThat(page.locator("html")).hasAttribute("data-theme", "light");
        assertThat(background()).isEqualTo(light);
        // the explicit choice wins over the system's preference, and survives a reload
        page.emulateMedia(new Page.EmulateMediaOptions().setColorScheme(ColorScheme.DARK));
        page.reload();
        assertThat(page.locator("html")).hasAttribute("data-theme", "light");
        assertThat(background()).isEqualTo(light);
        axe.check(page, "overview (◐ light under a dark system)");
    }

    private String background() {
        return (String) page.evaluate("getComputedStyle(document.body).backgroundColor");
    }

    @Test
    void watchtowerListContainerDetailAndTheConfirmationDialog() {
        String name = ui.prefix() + "-a11y";
        ui.docker("run", "-d", "--network", "none", "--name", name, "local/busybox:1", "/bin/sh", "-c",
                "echo accessible-log-line; exec sleep 3600");
        ui.login(OPERATOR);
        page.navigate(ui.base() + "/dashboard/watchtower");
        Locator row = page.locator("tr[data-name='" + name + "']");
        audit("watchtower", () -> assertThat(row).containsText("running"));
        row.locator("a").click();
        audit("watchtower-detail", () -> {
            assertThat(page.locator("#wt-detail h2")).hasText(name);
            assertThat(page.locator("#wt-detail pre.logs")).containsText("accessible-log-line");
            assertThat(page.locator("#wt-detail .chart[role=img]").first()).hasAttribute("aria-label", Pattern.compile("CPU %: latest"));
        });
        page.locator("#wt-detail button:text-is('stop')").click();
        audit("confirm-dialog", () -> assertThat(page.locator("#confirm")).isVisible());
        page.keyboard().press("Escape");
        assertThat(page.locator("#confirm")).isHidden();
        assertThat(row).containsText("running");
    }

    @Test
    void chainbotWorkflowsAWorkflowARunSessionsAndEntanglements() {
        created(ui.api("POST", "/api/chainbot/workflows", """
                {"id": "a11y-approval", "name": "A11y approval", "type": "sequential",
                 "steps": [
                   {"id": "prepare", "type": "transform", "config": {"template": "hello ${inputs.who}"}},
                   {"id": "approve", "type": "approval", "config": {"message": "go on?"}}
                 ]}"""));
        ui.login(OPERATOR);
        page.navigate(ui.base() + "/dashboard/chainbot");
        audit("chainbot-workflows", () -> assertThat(page.locator("tr[data-workflow='a11y-approval']")).isVisible());
        page.locator("tr[data-workflow='a11y-approval'] a").click();
        audit("chainbot-workflow", () -> assertThat(page.locator("#wf-run-btn")).isVisible());
        page.fill("#wf-inputs", "{\"who\": \"axe\"}");
        page.click("#wf-run-btn");
        audit("chainbot-run", () -> {
            assertThat(page.locator("#run-status")).containsText("waiting approval");
            assertThat(page.locator("#approve")).isVisible();
        });
        page.click("#cb-executions");
        audit("chainbot-executions", () -> assertThat(page.locator("td", new Page.LocatorOptions().setHasText("a11y-approval")).first()).isVisible());
        page.locator("tr[data-workflow='a11y-approval'] a").first().click();
        audit("chainbot-executions-run", () -> assertThat(page.locator("#ex-detail #run-status")).containsText("waiting approval"));

        String session = id(created(ui.api("POST", "/api/chainbot/sessions", "{\"name\": \"a11y chat\", \"agent_ids\": [\"chatgpt-001\"]}")));
        created(ui.api("POST", "/api/chainbot/sessions/" + session + "/messages", "{\"content\": \"Say hello\"}"));
        page.click("#cb-sessions");
        page.locator("a", new Page.LocatorOptions().setHasText("a11y chat")).click();
        audit("chainbot-session", () -> assertThat(page.locator(".chat")).containsText("Hello from the fake model."));

        String group = id(created(ui.api("POST", "/api/chainbot/entanglements", "{\"name\": \"a11y group\", \"agent_ids\": [\"chatgpt-001\"]}")));
        created(ui.api("POST", "/api/chainbot/entanglements/" + group + "/messages", "{\"content\": \"Report in\", \"to\": \"all\"}"));
        page.click("#cb-entanglements");
        page.locator("tr[data-entanglement='" + group + "'] a").click();
        audit("chainbot-entanglement", () -> assertThat(page.locator("#ent-log")).containsText("Hello from the fake model."));
    }

    @Test
    void emptyAndErrorStates() {
        ui.login(OPERATOR);
        page.navigate(ui.base() + "/dashboard/#agents");
        assertThat(page.locator("#panel-agents table")).containsText("watchtower-001");
        page.fill("#ag-q", "no-agent-is-called-like-this");
        audit("empty-state", () -> assertThat(page.locator("#panel-agents .empty")).hasText("No agent matches the filter."));
        page.navigate(ui.base() + "/dashboard/no-such-page");
        audit("error-state", () -> assertThat(page.locator("main [role=alert]")).containsText("No dashboard page 'no-such-page'"));
    }

    /** JS: null when the focused element shows a focus ring (≥ 2 px, ≥ 3:1 against what is behind it), else why not. */
    private static final String FOCUS_PROBLEM = """
            () => {
              const el = document.activeElement;
              if (!el || el === document.body) return 'nothing is focused';
              const what = el.outerHTML.slice(0, 90);
              const cs = getComputedStyle(el);
              if (cs.outlineStyle === 'none' || !(parseFloat(cs.outlineWidth) >= 2)) return 'no visible focus outline on ' + what;
              const rgb = (c) => { const m = /rgba?\\(([^)]+)\\)/.exec(c); if (!m) return null;
                const p = m[1].split(/[\\s,\\/]+/).filter(Boolean).map(Number); return p.length > 3 && p[3] === 0 ? null : p.slice(0, 3); };
              const lum = (c) => { const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
                return 0.2126 * f(c[0]) + 0.7152 * f(c[1]) + 0.0722 * f(c[2]); };
              let bg = null;
              for (let p = el.parentElement; p && !bg; p = p.parentElement) bg = rgb(getComputedStyle(p).backgroundColor);
              const [hi, lo] = [lum(rgb(cs.outlineColor)), lum(bg || [255, 255, 255])].sort((a, b) => b - a);
              const ratio = (hi + 0.05) / (lo + 0.05);
              return ratio >= 3 ? null : 'focus outline contrast ' + ratio.toFixed(2) + ':1 on ' + what;
            }""";

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"light", "dark"})
    void keyboardOnlyLoginNavigationTabsContainerDetailAndConfirmationDialog(String scheme) {
        String name = ui.prefix() + "-kbd-" + scheme;
        ui.docker("run", "-d", "--network", "none", "--name", name, "local/busybox:1", "sleep", "3600");
        page.emulateMedia(new Page.EmulateMediaOptions().setColorScheme(ColorScheme.valueOf(scheme.toUpperCase())));
        page.navigate(ui.base() + "/login");
        assertThat(page.locator("#token")).isFocused();
        page.keyboard().type(OPERATOR);
        page.keyboard().press("Enter");
        page.waitForURL("**/dashboard/**");
        assertThat(page.locator("#conn")).hasText("live");
        assertThat(page.locator("#tab-summary")).isVisible();

        // skip link: the first Tab stop, visible when focused, Enter moves focus to main
        page.keyboard().press("Tab");
        assertThat(page.locator(".skip")).isFocused();
        focusVisible();
        assertThat(page.locator(".skip").boundingBox().x).as("skip link on screen when focused").isGreaterThanOrEqualTo(0);
        page.keyboard().press("Enter");
        assertThat(page.locator("#main")).isFocused();
        assertThat(page.url()).doesNotContain("#main");

        // tabs pattern: Tab enters the tablist on the selected tab; arrows, Home and End move and select
        page.keyboard().press("Tab");
        assertThat(page.locator("#tab-summary")).isFocused();
        focusVisible();
        page.keyboard().press("ArrowRight");
        assertThat(page.locator("#tab-agents")).isFocused();
        assertThat(page.locator("#tab-agents")).hasAttribute("aria-selected", "true");
        assertThat(page.locator("#panel-agents table")).containsText("watchtower-001");
        page.keyboard().press("End");
        Locator overviewTabs = page.locator("[aria-label='Overview sections'] [role=tab]");
        assertThat(overviewTabs.last()).isFocused();
        page.keyboard().press("Home");
        assertThat(page.locator("#tab-summary")).isFocused();
        page.keyboard().press("ArrowLeft");
        assertThat(overviewTabs.last()).isFocused();
        assertThat(overviewTabs.last()).hasAttribute("aria-selected", "true");
        assertThat(page.locator("[aria-label='Overview sections'] [role=tab][aria-selected=true]")).hasCount(1);
        assertThat(page.locator("#cb-workflows")).isVisible();
        page.keyboard().press("Tab");
        assertThat(page.locator("[aria-label='Overview sections'] [role=tab]:focus")).hasCount(0);

        // navigation: back up to the Watchtower link and follow it
        tabUntil("document.activeElement.matches('#nav a') && document.activeElement.textContent === 'Watchtower'", true);
        page.keyboard().press("Enter");
        page.waitForURL("**/dashboard/watchtower");
        assertThat(page.locator("#nav a[aria-current=page]")).hasText("Watchtower");

        // a container's detail, then its stop button, by keyboard
        assertThat(page.locator("tr[data-name='" + name + "']")).containsText("running");
        tabUntil("document.activeElement.closest('tr')?.dataset.name === '" + name + "'", false);
        page.keyboard().press("Enter");
        assertThat(page.locator("#wt-detail h2")).hasText(name);
        tabUntil("document.activeElement.matches('#wt-detail button') && document.activeElement.textContent === 'stop'", false);

        // the confirmation dialog: focus moves in, is trapped, Escape closes it, focus returns
        page.keyboard().press("Enter");
        assertThat(page.locator("#confirm")).isVisible();
        assertThat(page.locator("#confirm button[value=cancel]")).isFocused();
        focusVisible();
        page.keyboard().press("Tab");
        assertThat(page.locator("#confirm-ok")).isFocused();
        focusVisible();
        page.keyboard().press("Tab");
        assertThat(page.locator("#confirm button[value=cancel]")).isFocused();
        page.keyboard().press("Shift+Tab");
        assertThat(page.locator("#confirm-ok")).isFocused();
        page.keyboard().press("Escape");
        assertThat(page.locator("#confirm")).isHidden();
        assertThat(page.locator("#wt-detail button:text-is('stop')")).isFocused();
        focusVisible();
        assertThat(page.locator("tr[data-name='" + name + "']")).hasAttribute("data-state", "running");
    }

    /** Presses Tab (or Shift+Tab) until the JS condition holds; every stop on the way must show its focus. */
    private void tabUntil(String condition, boolean backwards) {
        for (int i = 0; i < 80; i++) {
            page.keyboard().press(backwards ? "Shift+Tab" : "Tab");
            focusVisible();
            if (Boolean.TRUE.equals(page.evaluate("() => { try { return !!(" + condition + "); } catch (e) { return false; } }"))) {
                return;
            }
        }
        throw new AssertionError("no Tab stop matched " + condition + "; focus is on "
                + page.evaluate("document.activeElement.outerHTML.slice(0, 120)"));
    }

    private void focusVisible() {
        assertThat((String) page.evaluate(FOCUS_PROBLEM)).as("focus indicator").isNull();
    }

    @Test
    void nothingMovesWhenReducedMotionIsAsked() {
        page.emulateMedia(new Page.EmulateMediaOptions().setReducedMotion(ReducedMotion.REDUCE));
        ui.login(OPERATOR);
        for (String path : List.of("/dashboard/", "/dashboard/#events", "/dashboard/watchtower", "/dashboard/chainbot")) {
            page.navigate(ui.base() + path);
            assertThat(page.locator("main h1, main h2").first()).isVisible();
            @SuppressWarnings("unchecked")
            List<String> moving = (List<String>) page.evaluate("""
                    () => [...document.querySelectorAll('*')].flatMap((el) => {
                      const cs = getComputedStyle(el);
                      const longest = (v) => Math.max(...v.split(',').map((d) => parseFloat(d) * (d.trim().endsWith('ms') ? 1 : 1000)));
                      const out = [];
                      if (cs.animationName !== 'none' && longest(cs.animationDuration) > 1) out.push('animation on ' + el.tagName + '.' + el.className);
                      if (longest(cs.transitionDuration) > 1) out.push('transition on ' + el.tagName + '.' + el.className);
                      if (cs.scrollBehavior === 'smooth') out.push('smooth scrolling on ' + el.tagName);
                      return out;
                    }).concat(document.getAnimations().filter((a) => a.effect.getTiming().duration > 1).map((a) => 'running: ' + a.animationName))""");
            assertThat(moving).as("moving under prefers-reduced-motion at " + path).isEmpty();
        }
    }

    private static HttpResponse<String> created(HttpResponse<String> r) {
        assertThat(r.statusCode()).as(r.body()).isIn(200, 201);
        return r;
    }

    private static String id(HttpResponse<String> r) {
        var m = Pattern.compile("\"id\"\\s*:\\s*\"([^\"]+)\"").matcher(r.body());
        assertThat(m.find()).as("id in " + r.body()).isTrue();
        return m.group(1);
    }
}
