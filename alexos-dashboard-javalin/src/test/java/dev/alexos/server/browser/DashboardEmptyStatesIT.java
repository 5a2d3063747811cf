package dev.alexos.server.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static dev.alexos.server.browser.DashboardFixture.OPERATOR;

import com.microsoft.playwright.Page;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A server with nothing to show: its Docker endpoint is a socket nobody listens on and no LLM
 * provider is configured. The pages say so, with the reason, instead of showing blank panels.
 */
class DashboardEmptyStatesIT {
    private static final String GONE = Path.of(System.getProperty("java.io.tmpdir"),
            "alexos-no-engine-" + UUID.randomUUID() + ".sock").toString();

    @RegisterExtension
    static final DashboardFixture ui = DashboardFixture.create().configure(cfg -> {
        cfg.put("watchtower", new LinkedHashMap<>(Map.of(
                "endpoints", List.of(Map.of("name", "gone", "host", "unix://" + GONE)))));
        cfg.put("chainbot", new LinkedHashMap<>());
    });

    Page page;

    @BeforeEach
    void bindPage() {
        page = ui.page();
        // the containers route answers 503 (Docker unavailable) by design; the page must show it
        ui.allowConsoleError("status of 503");
        ui.allowConsoleError("503 http");
    }

    @Test
    void watchtowerSaysDockerIsNotReachableAndWhy() {
        ui.login(OPERATOR);
        page.navigate(ui.base() + "/dashboard/watchtower");
        assertThat(page.locator("main .empty").first()).containsText("Docker not reachable");
        assertThat(page.locator("main .empty").first()).containsText("gone: ");
        ui.shot("empty-watchtower");
    }

    @Test
    void chainbotSaysNoLlmIsConfigured() {
        ui.login(OPERATOR);
        page.navigate(ui.base() + "/dashboard/chainbot");
        page.click("#cb-agents");
        assertThat(page.locator("main")).containsText("No LLM configured");
        ui.shot("empty-chainbot");
    }

    @Test
    void theOverviewShowsTheUnhealthyModuleRatherThanABlankPanel() {
        ui.login(OPERATOR);
        assertThat(page.locator("main")).containsText("watchtower");
        assertThat(page.locator("main")).containsText("docker_unavailable");
    }
}
