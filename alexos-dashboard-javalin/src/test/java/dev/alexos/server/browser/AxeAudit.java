package dev.alexos.server.browser;

import com.deque.html.axecore.playwright.AxeBuilder;
import com.deque.html.axecore.results.AxeResults;
import com.deque.html.axecore.results.CheckedNode;
import com.deque.html.axecore.results.Rule;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.ColorScheme;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Runs Deque's axe-core in the page with the WCAG 2.0 and 2.1 level A and AA rules (and axe's
 * best practices) and keeps
 * every violation as one readable line: where (page state, theme, width), rule id, impact,
 * the failing element's selector and the rule's help URL. A test collects the lines of all
 * its states and fails once at the end with all of them, so one run shows every problem.
 */
final class AxeAudit {
    /** The axe tags of WCAG 2.0 and 2.1, levels A and AA. */
    static final List<String> WCAG_A_AA = List.of("wcag2a", "wcag2aa", "wcag21a", "wcag21aa");

    /**
     * The tags checked: WCAG A/AA plus axe's best practices (heading order, one h1, landmarks,
     * content inside landmarks), which the dashboard passes too; {@code -Dalexos.axe.tags=a,b}
     * overrides them.
     */
    private static final List<String> TAGS = List.of(System.getProperty("alexos.axe.tags",
            String.join(",", WCAG_A_AA) + ",best-practice").split(","));

    /** A viewport the dashboard must work at. */
    enum Width {
        DESKTOP(1280, 860), PHONE(390, 844);

        final int width;
        final int height;

        Width(int width, int height) {
            this.width = width;
            this.height = height;
        }
    }

    private final List<String> violations = new ArrayList<>();
    private int runs;

    /** Audits the page as it is now; {@code where} names the state for the report. */
    void check(Page page, String where) {
        AxeResults results = new AxeBuilder(page).withTags(TAGS).analyze();
        runs++;
        if (results.isErrored()) {
            violations.add(where + ": axe failed to run: " + results.getErrorMessage());
            return;
        }
        for (Rule rule : results.getViolations()) {
            for (CheckedNode node : rule.getNodes()) {
                violations.add(String.format("%s: %s [%s] %s -- %s (%s)%n    %s", where, rule.getId(),
                        node.getImpact() == null ? rule.getImpact() : node.getImpact(), node.getTarget(),
                        rule.getHelp(), rule.getHelpUrl(), firstLine(node.getFailureSummary())));
            }
        }
    }

    /**
     * Audits the page in light and dark colour scheme (prefers-color-scheme, as the system
     * setting would give it) at desktop and phone width, after {@code ready} confirmed the
     * state is on screen at that size. Then {@code shot} gets "state-light" / "state-dark" to
     * take screenshots (at desktop width; {@link DashboardFixture#shot} adds the phone one).
     */
    void checkAllThemesAndWidths(Page page, String state, Runnable ready, Consumer<String> shot) {
        for (ColorScheme scheme : List.of(ColorScheme.LIGHT, ColorScheme.DARK)) {
            page.emulateMedia(new Page.EmulateMediaOptions().setColorScheme(scheme));
            for (Width w : Width.values()) {
                page.setViewportSize(w.width, w.height);
                ready.run();
                String where = state + " (" + scheme.name().toLowerCase() + ", " + w.name().toLowerCase() + ")";
                check(page, where);
                if (w == Width.PHONE) {
                    reflow(page, where);
                }
            }
            page.setViewportSize(Width.DESKTOP.width, Width.DESKTOP.height);
            shot.accept(state + "-" + scheme.name().toLowerCase());
        }
        page.emulateMedia(new Page.EmulateMediaOptions().setColorScheme(ColorScheme.LIGHT));
    }

    /**
     * WCAG 1.4.10 Reflow, which axe does not test: at phone width the page itself must not
     * scroll sideways (a wide table may scroll inside its own box).
     */
    void reflow(Page page, String where) {
        Number overflow = (Number) page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth");
        if (overflow.intValue() > 0) {
            Object widest = page.evaluate("""
                    () => { const vw = document.documentElement.clientWidth; let worst = null;
                      const clipped = (el) => { for (let p = el.parentElement; p && p !== document.body; p = p.parentElement)
                        if (getComputedStyle(p).overflowX !== 'visible') return true; return false; };
                      for (const el of document.body.querySelectorAll('*')) { const r = el.getBoundingClientRect();
                        if (r.right > vw + 1 && !clipped(el) && (!worst || r.right > worst.r)) worst = { r: r.right, what: el.tagName.toLowerCase()
                          + (el.id ? '#' + el.id : '') + (el.className && typeof el.className === 'string' ? '.' + el.className.trim().split(/\\s+/).join('.') : '') }; }
                      return worst ? worst.what + ' reaches ' + Math.round(worst.r) + 'px' : '?'; }""");
            violations.add(where + ": reflow (WCAG 1.4.10) -- the page scrolls sideways by " + overflow + " px; " + widest);
        }
    }

    /** How many times axe ran (a test asserts it really audited something). */
    int runs() {
        return runs;
    }

    List<String> violations() {
        return List.copyOf(violations);
    }

    /** The violations as a report, one per line, for the assertion message and the log. */
    String report() {
        return violations.size() + " accessibility violation(s) in " + runs + " axe run(s):\n" + String.join("\n", violations);
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        String[] lines = s.strip().split("\n");
        return lines.length > 1 ? lines[0] + " " + lines[1].strip() : lines[0];
    }
}
