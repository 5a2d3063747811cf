package dev.alexos.server.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static dev.alexos.server.browser.DashboardFixture.OPERATOR;
import static dev.alexos.server.browser.DashboardFixture.VIEWER;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Image updates from the Watchtower page in a real browser, against the real loopback registry
 * and a real engine: the preview shows both digests, the kept configuration (environment by
 * name only) and what the new image brings; the update is applied and appears in the history;
 * a build that exits at once is rolled back, with its reason in the history, while the
 * original container keeps running. Viewers get no update button.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DashboardUpdateBrowserIT {
    private static final String SECRET_VALUE = "s3cret-value-never-shown";
    private static final String HEALTHY = "HEALTHCHECK --interval=1s --timeout=2s --retries=2 CMD [\"/bin/true\"]\n";

    @RegisterExtension
    static final DashboardFixture ui = DashboardFixture.create().configure(cfg -> {
        @SuppressWarnings("unchecked")
        Map<String, Object> wt = (Map<String, Object>) cfg.get("watchtower");
        // a broken build is found out in seconds, not the default minute
        wt.put("health_timeout", "20s");
        wt.put("health_grace", "3s");
    });

    @TempDir
    static Path builds;
    static String repo;
    static String name;

    Page page;

    @BeforeEach
    void bindPage() {
        page = ui.page();
    }

    private static String build(String version, String dockerfileBody) throws IOException {
        Path dir = builds.resolve("v" + version);
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("Dockerfile"), "FROM local/busybox:1\nLABEL version=" + version + "\n" + dockerfileBody);
        ui.docker("build", "-q", "-t", repo + ":latest", dir.toString());
        ui.docker("push", repo + ":latest");
        return ui.docker("inspect", "--format", "{{index .RepoDigests 0}}", repo + ":latest").replaceFirst("^.*@", "");
    }

    private void openContainer() {
        page.navigate(ui.base() + "/dashboard/watchtower");
        page.locator("tr[data-name='" + name + "'] a").click();
        assertThat(page.locator("#wt-detail h2")).hasText(name);
    }

    private static LocatorAssertions.ContainsTextOptions slow() {
        return new LocatorAssertions.ContainsTextOptions().setTimeout(90_000);
    }

    @Test
    @Order(1)
    void previewShowsBothDigestsAndTheKeptConfigurationThenTheUpdateIsAppliedAndInTheHistory() throws IOException {
        repo = ui.registry() + "/" + ui.prefix() + "-app";
        name = ui.prefix() + "-app";
        String oldDigest = build("1", HEALTHY + "CMD [\"/bin/sleep\",\"3600\"]\n");
        ui.docker("run", "-d", "--network", "none", "--name", name, "-e", "APP_TOKEN=" + SECRET_VALUE, "-l", "team=blue",
                "--restart", "unless-stopped", "--memory", "64m", repo + ":latest");
        String newDigest = build("2", HEALTHY + "ENV FEATURE_FLAG=on\nCMD [\"/bin/sleep\",\"3601\"]\n");
        assertThat(newDigest).isNotEqualTo(oldDigest);
        String oldId = ui.docker("inspect", "--format", "{{.Id}}", name);

        ui.login(OPERATOR);
        openContainer();
        page.locator("#wt-update-btn").click();
        Locator dialog = page.locator("dialog#wt-update");
        assertThat(dialog.locator("#wt-current-digest")).hasText(oldDigest);
        assertThat(dialog.locator("#wt-new-digest")).hasText(newDigest);
        assertThat(dialog.locator("#wt-update-availability")).containsText("update available");
        Locator kept = dialog.locator("#wt-kept");
        assertThat(kept.locator("dd[data-key=env_names]")).hasText("APP_TOKEN");
        assertThat(kept.locator("dd[data-key=labels]")).containsText("team=blue");
        assertThat(kept.locator("dd[data-key=restart_policy]")).hasText("unless-stopped");
        assertThat(kept.locator("dd[data-key=network_mode]")).hasText("none");
        assertThat(kept.locator("dd[data-key=memory]")).hasText("64 MiB");
        Locator fresh = dialog.locator("#wt-fresh");
        assertThat(fresh.locator("dd[data-key=labels]")).containsText("version=2");
        assertThat(fresh.locator("dd[data-key=env_names]")).containsText("FEATURE_FLAG");
        assertThat(fresh.locator("dd[data-key=command]")).hasText("/bin/sleep 3601");
        assertThat(fresh.locator("dd[data-key=replaces]")).containsText("command");
        assertThat(dialog).not().containsText(SECRET_VALUE);
        ui.shot("watchtower-update");
        AxeAudit axe = new AxeAudit();
        axe.checkAllThemesAndWidths(page, "watchtower-update", () -> assertThat(dialog.locator("#wt-new-digest")).isVisible(),
                state -> {
                    if (state.endsWith("-dark")) {
                        ui.shot(state);
                    }
                });
        assertThat(axe.violations()).as(axe.report()).isEmpty();

        dialog.locator("#wt-update-apply").click();
        assertThat(dialog.locator("#wt-update-result")).containsText("applied", slow());
        String newId = ui.docker("inspect", "--format", "{{.Id}}", name);
        assertThat(newId).isNotEqualTo(oldId);
        assertThat(ui.docker("inspect", "--format", "{{index .Config.Labels \"version\"}} {{index .Config.Labels \"team\"}}", name))
                .isEqualTo("2 blue");
        assertThat(ui.docker("inspect", "--format", "{{json .Config.Env}}", name)).contains("APP_TOKEN=" + SECRET_VALUE);
        ui.shot("watchtower-update-applied");
        dialog.locator("button:text-is('Close')").click();

        // The detail follows the replacement container live (container events), and both
        // histories show the update (update events).
        assertThat(page.locator("#wt-detail")).containsText(newId.substring(0, 12));
        Locator row = page.locator("#wt-history tr[data-outcome=applied][data-container='" + name + "']");
        assertThat(row).containsText("applied");
        assertThat(row).containsText(newDigest.substring("sha256:".length(), "sha256:".length() + 12));
        assertThat(page.locator("#wt-container-history tr[data-outcome=applied]")).hasCount(1);
    }

    @Test
    @Order(2)
    void aBuildThatExitsAtOnceIsRolledBackWithItsReasonWhileTheOriginalKeepsRunning() throws IOException {
        String runningId = ui.docker("inspect", "--format", "{{.Id}}", name);
        ui.login(OPERATOR);
        openContainer();
        page.locator("#wt-update-btn").click();
        Locator dialog = page.locator("dialog#wt-update");
        // nothing new in the registry yet: the preview says so and offers only a forced recreate
        assertThat(dialog.locator("#wt-update-availability")).containsText("up to date");
        assertThat(dialog.locator("#wt-update-apply")).hasText("Recreate anyway");
        assertThat(dialog.locator("#wt-new-digest")).hasText(dialog.locator("#wt-current-digest").innerText());
        dialog.locator("button:text-is('Cancel')").click();
        assertThat(dialog).not().isVisible();

        build("3", "CMD [\"/bin/sh\",\"-c\",\"exit 3\"]\n");
        page.locator("#wt-update-btn").click();
        assertThat(dialog.locator("#wt-update-availability")).containsText("update available");
        assertThat(dialog.locator("#wt-fresh dd[data-key=command]")).hasText("/bin/sh -c exit 3");
        dialog.locator("#wt-update-apply").click();
        assertThat(dialog.locator("#wt-update-result")).containsText("rolled back", slow());
        assertThat(dialog.locator("#wt-update-result")).containsText("the original container runs again");
        dialog.locator("button:text-is('Close')").click();

        Locator row = page.locator("#wt-history tr[data-outcome=rolled_back][data-container='" + name + "']");
        assertThat(row.locator("td").nth(2)).containsText("rolled back");
        String reason = row.locator("td.reason").innerText();
        assertThat(reason).isNotBlank();
        assertThat(page.locator("#wt-container-history tr[data-outcome=rolled_back] td.reason")).hasText(reason);
        assertThat(page.locator("#wt-container-history tr[data-outcome=applied]")).hasCount(1);
        assertThat(ui.docker("inspect", "--format", "{{.Id}} {{.State.Running}}", name)).isEqualTo(runningId + " true");
        assertThat(ui.docker("inspect", "--format", "{{index .Config.Labels \"version\"}}", name)).isEqualTo("2");
        ui.shot("watchtower-update-rollback");
        AxeAudit axe = new AxeAudit();
        axe.checkAllThemesAndWidths(page, "watchtower-update-rollback", () -> assertThat(row).isVisible(), state -> { });
        assertThat(axe.violations()).as(axe.report()).isEmpty();
    }

    @Test
    @Order(3)
    void viewersSeeTheHistoryButNoUpdateButton() {
        ui.login(VIEWER);
        openContainer();
        assertThat(page.locator("#wt-container-history tr[data-outcome=rolled_back]")).hasCount(1);
        assertThat(page.locator("#wt-update-btn")).hasCount(0);
        assertThat(page.locator("#wt-history tr[data-container='" + name + "']")).hasCount(2);

        // The charts (uPlot) are redrawn in the other theme's colours when the theme changes.
        Locator chart = page.locator("#wt-cpu-chart");
        assertThat(chart).hasAttribute("aria-label", Pattern.compile("CPU %: latest"));
        assertThat(chart.locator(".uplot")).hasCount(1);
        chart.locator(".uplot").evaluate("el => el.dataset.drawnBefore = 'yes'");
        page.locator("#theme").click();
        assertThat(chart.locator(".uplot:not([data-drawn-before])")).hasCount(1);
        assertThat(chart.locator(".uplot")).hasCount(1);
        ui.shot("watchtower-update-history-dark");
    }
}
