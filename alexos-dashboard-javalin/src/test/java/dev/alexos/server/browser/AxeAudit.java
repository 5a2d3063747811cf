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
 * Runs Deque's axe-core in the page with the WCAG 2.0 and 2.1 level A and AA rules and keeps
 * every violation as one readable line: where (page state, theme, width), rule id, impact,
 * the failing element's selector and the rule's help URL. A test collects the lines of all
 * its states and fails once at the end with all of them, so one run shows every problem.
 */
final class AxeAudit {
    /** The axe tags of WCAG 2.0 and 2.1, levels A and AA. */
    static final List<String> WCAG_A_AA = List.of("wcag2a", "wcag2aa", "wcag21a", "wcag21aa");

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
        AxeResults results = new AxeBuilder(page).withTags(WCAG_A_AA).analyze();
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
                check(page, state + " (" + scheme.name().toLowerCase() + ", " + w.name().toLowerCase() + ")");
            }
            page.setViewportSize(Width.DESKTOP.width, Width.DESKTOP.height);
            shot.accept(state + "-" + scheme.name().toLowerCase());
        }
        page.emulateMedia(new Page.EmulateMediaOptions().setColorScheme(ColorScheme.LIGHT));
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
