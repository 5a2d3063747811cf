package dev.alexos.server.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static dev.alexos.server.browser.DashboardFixture.OPERATOR;
import static dev.alexos.server.browser.DashboardFixture.VIEWER;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.APIResponse;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Route;
import com.microsoft.playwright.options.ColorScheme;
import dev.alexos.core.json.Json;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The ChainBot page draws a workflow as a graph (SVG, nodes and edges as data attributes), runs
 * it with inputs and shows each step's status on its node as the run goes, lists the run in
 * the history (filtered by workflow and status) and shows a failed step's error on its node.
 * A real server on a real engine, Debian's headless Chromium ({@link DashboardFixture}).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WorkflowGraphBrowserIT {
    @RegisterExtension
    static final DashboardFixture ui = DashboardFixture.create();

    /** A fork (left, right, check after start), a condition with two branches, an approval gate and a join. */
    private static final String GRAPH = """
            {"id": "ui-graph", "name": "UI graph", "type": "graph",
             "inputs": {"n": {"type": "integer", "required": true}},
             "nodes": [
               {"id": "start", "type": "transform", "config": {"value": "${inputs.n}"}},
               {"id": "left", "type": "wait", "config": {"duration": "1s"}},
               {"id": "right", "type": "emit_event", "config": {"event": "ui_graph_right", "data": {"n": "${inputs.n}"}}},
               {"id": "gate", "type": "approval", "config": {"message": "join?"}},
               {"id": "check", "type": "condition", "config": {"if": "inputs.n > 10"},
                "then": [{"id": "big", "type": "transform", "config": {"template": "big ${inputs.n}"}}],
                "else": [{"id": "small", "type": "transform", "config": {"template": "small ${inputs.n}"}}]},
               {"id": "join", "type": "transform", "config": {"template": "joined after ${steps.check.output.branch}"}}
             ],
             "edges": [
               {"from": "start", "to": "left"}, {"from": "start", "to": "right"}, {"from": "start", "to": "check"},
               {"from": "right", "to": "gate"},
               {"from": "left", "to": "join"}, {"from": "gate", "to": "join"}, {"from": "check", "to": "join"}
             ]}""";

    private static final String FAILING = """
            {"id": "ui-graph-fail", "name": "UI graph failing", "type": "graph",
             "nodes": [
               {"id": "first", "type": "transform", "config": {"value": 1}},
               {"id": "broken", "type": "transform", "config": {"template": "${inputs.missing}"}},
               {"id": "after", "type": "transform", "config": {"value": 2}}
             ],
             "edges": [{"from": "first", "to": "broken"}, {"from": "broken", "to": "after"}]}""";

    /** Every container kind in the original (sequential) form, with aliases ("if") and nested steps in either place. */
    private static final String KINDS = """
            {"id": "ui-kinds", "name": "UI kinds", "type": "sequential",
             "steps": [
               {"id": "fan", "type": "parallel", "steps": [
                 {"id": "p1", "type": "transform", "config": {"value": 1}},
                 {"id": "p2", "type": "wait", "config": {"duration": "1s"}}]},
               {"id": "route", "type": "switch", "config": {"value": "${inputs.kind}",
                 "cases": {"red": [{"id": "r1", "type": "transform", "config": {"value": "r"}}]},
                 "default": [{"id": "d1", "type": "transform", "config": {"value": "d"}}]}},
               {"id": "gate", "type": "if", "config": {"if": "inputs.n > 1"},
                "then": [{"id": "t1", "type": "transform", "config": {"value": "t"}}]},
               {"id": "each", "type": "for_each", "config": {"items": [1, 2],
                 "steps": [{"id": "e1", "type": "transform", "config": {"value": "${item}"}}]}},
               {"id": "child", "type": "sub_workflow", "config": {"workflow_id": "ui-graph-fail"}},
               {"id": "ok", "type": "approval"}
             ]}""";

    private static final String PARALLEL = """
            {"id": "ui-par", "type": "parallel", "steps": [
              {"id": "a", "type": "transform", "config": {"value": 1}},
              {"id": "b", "type": "transform", "config": {"value": 2}},
              {"id": "c", "type": "transform", "config": {"value": 3}}]}""";

    static String runId;

    Page page;

    @BeforeAll
    static void defineWorkflows() {
        for (String wf : List.of(GRAPH, FAILING, KINDS, PARALLEL)) {
            HttpResponse<String> created = ui.api("POST", "/api/chainbot/workflows", wf);
            assertThat(created.statusCode()).as(created.body()).isIn(200, 201);
        }
    }

    @BeforeEach
    void bindPage() {
        page = ui.page();
    }

    private void openWorkflow(String id) {
        page.navigate(ui.base() + "/dashboard/chainbot");
        page.locator("tr[data-workflow='" + id + "'] a").click();
        assertThat(page.locator("#wf-graph svg")).isVisible();
    }

    @SuppressWarnings("unchecked")
    private List<String> attrs(String selector, String attr) {
        return (List<String>) page.locator(selector).evaluateAll("(els, a) => els.map((e) => e.getAttribute(a))", attr);
    }

    private Locator node(String scope, String id) {
        return page.locator(scope + " g[data-node='" + id + "']");
    }

    @Test
    @Order(1)
    void theDefinitionIsDrawnAsAGraphWithAListAlternative() {
        ui.login(OPERATOR);
        openWorkflow("ui-graph");
        Locator svg = page.locator("#wf-graph svg");
        assertThat(svg).hasAttribute("role", "img");
        assertThat(svg.locator("title").first()).containsText("UI graph");
        assertThat(attrs("#wf-graph g[data-node]", "data-node"))
                .containsExactlyInAnyOrder("start", "left", "right", "gate", "check", "big", "small", "join");
        assertThat(attrs("#wf-graph g[data-edge]", "data-edge")).containsExactlyInAnyOrder(
                "start->left", "start->right", "start->check", "right->gate", "check->big", "check->small",
                "left->join", "gate->join", "big->join", "small->join");
        assertThat(page.locator("#wf-graph g[data-edge='check->big']")).hasAttribute("data-label", "then");
        assertThat(page.locator("#wf-graph g[data-edge='check->small']")).hasAttribute("data-label", "else");
        assertThat(node("#wf-graph", "gate")).hasAttribute("data-type", "approval");
        assertThat(node("#wf-graph", "check")).containsText("condition");
        // layered: the fork's targets are below start, the join below everything before it
        double startY = box(node("#wf-graph", "start")).y;
        double joinY = box(node("#wf-graph", "join")).y;
        for (String id : List.of("left", "right", "check")) {
            assertThat(box(node("#wf-graph", id)).y).as(id).isGreaterThan(startY);
        }
        for (String id : List.of("gate", "big", "small")) {
            assertThat(box(node("#wf-graph", id)).y).as(id).isLessThan(joinY);
        }
        ui.shot("chainbot-graph");

        page.click("#wf-view-list");
        assertThat(page.locator("#wf-graph")).isHidden();
        assertThat(page.locator("#wf-list li[data-node='small']")).containsText("transform");
        assertThat(page.locator("#wf-list li[data-node='join']")).containsText("after left, gate, check");
        page.click("#wf-view-graph");
        assertThat(page.locator("#wf-graph")).isVisible();

        // at phone width the graph scrolls inside its frame; the page itself does not overflow
        page.setViewportSize(390, 844);
        Object overflow = page.evaluate("() => { const w = document.querySelector('#wf-graph');"
                + " return [w.scrollWidth > w.clientWidth, document.documentElement.scrollWidth <= window.innerWidth + 1]; }");
        @SuppressWarnings("unchecked")
        List<Object> flags = (List<Object>) overflow;
        assertThat(flags).containsExactly(true, true);
        page.setViewportSize(1280, 860);
    }

    private static String latestRun(String workflowId) {
        try {
            return Json.mapper().readTree(ui.api("GET", "/api/chainbot/executions?workflow_id=" + workflowId + "&limit=1", "").body())
                    .at("/executions/0/execution_id").asText();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static com.microsoft.playwright.options.BoundingBox box(Locator l) {
        return l.boundingBox();
    }

    @Test
    @Order(2)
    void aRunShowsEachStepsStatusOnItsNodeAsItGoes() {
        ui.login(OPERATOR);
        openWorkflow("ui-graph");
        page.fill("#wf-inputs", "{\"n\": 3}");
        page.click("#wf-run-btn");
        String run = "#run-graph";
        assertThat(page.locator("#run-status")).containsText("waiting approval");
        assertThat(node(run, "gate")).hasAttribute("data-status", "waiting_approval");
        assertThat(node(run, "gate")).containsText("waiting approval");
        assertThat(node(run, "start")).hasAttribute("data-status", "completed");
        assertThat(node(run, "right")).hasAttribute("data-status", "completed");
        assertThat(node(run, "small")).hasAttribute("data-status", "completed");
        assertThat(node(run, "big")).hasAttribute("data-status", "skipped");
        assertThat(node(run, "big")).containsText("skipped");
        assertThat(node(run, "join")).hasAttribute("data-status", "pending");
        assertThat(node(run, "left")).hasAttribute("data-status", "completed");
        runId = latestRun("ui-graph");
        assertThat(page.locator("#run-graph svg")).hasAttribute("role", "group");

        // a node opens its step's output: by click, and by keyboard
        node(run, "small").click();
        assertThat(page.locator("#run-node")).containsText("small 3");
        node(run, "big").focus();
        page.keyboard().press("Enter");
        assertThat(page.locator("#run-node")).containsText("branch was not taken");

        page.click("#approve");
        assertThat(page.locator("#run-status")).containsText("completed");
        assertThat(node(run, "gate")).hasAttribute("data-status", "completed");
        assertThat(node(run, "join")).hasAttribute("data-status", "completed");
        assertThat(node(run, "join")).containsText("completed");
        assertThat(node(run, "big")).hasAttribute("data-status", "skipped");
        node(run, "join").click();
        assertThat(page.locator("#run-node")).containsText("joined after else");
        ui.shot("chainbot-run");
        page.emulateMedia(new Page.EmulateMediaOptions().setColorScheme(ColorScheme.DARK));
        ui.shot("chainbot-run-dark");
    }

    @Test
    @Order(3)
    void theHistoryListsTheRunAndOpensItWithItsFinalStatuses() {
        assertThat(runId).as("set by the run test").isNotBlank();
        ui.login(VIEWER);
        page.navigate(ui.base() + "/dashboard/chainbot");
        page.click("#cb-executions");
        Locator row = page.locator("tr[data-execution='" + runId + "']");
        assertThat(row).containsText("completed");
        assertThat(row).containsText("operator");
        assertThat(row).containsText("ui-graph");
        page.selectOption("#ex-status", "failed");
        assertThat(row).hasCount(0);
        page.selectOption("#ex-status", "completed");
        page.selectOption("#ex-workflow", "ui-graph");
        assertThat(row).hasCount(1);
        assertThat(page.locator("#ex-list tbody tr")).hasCount(1);
        row.locator("a").click();
        assertThat(page.locator("#run-status")).containsText("completed");
        assertThat(node("#ex-detail", "join")).hasAttribute("data-status", "completed");
        assertThat(node("#ex-detail", "big")).hasAttribute("data-status", "skipped");
        // a viewer sees the run but no actions on it
        assertThat(page.locator("#approve")).hasCount(0);
        assertThat(page.locator("button:text-is('Cancel run')")).hasCount(0);
        ui.shot("chainbot-history");
        page.setViewportSize(390, 844);
        assertThat(page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth + 1")).isEqualTo(true);
        page.setViewportSize(1280, 860);
    }

    @Test
    @Order(5)
    void everyContainerKindIsDrawnWithItsForksJoinsAndBranches() {
        ui.login(VIEWER);
        openWorkflow("ui-kinds");
        assertThat(attrs("#wf-graph g[data-edge]", "data-edge")).containsExactlyInAnyOrder(
                "fan->p1", "fan->p2", "p1->route", "p2->route", "route->r1", "route->d1", "r1->gate", "d1->gate",
                "gate->t1", "t1->each", "gate->each", "each->e1", "e1->each", "e1->child", "child->ok");
        assertThat(page.locator("#wf-graph g[data-edge='route->r1']")).hasAttribute("data-label", "red");
        assertThat(page.locator("#wf-graph g[data-edge='route->d1']")).hasAttribute("data-label", "default");
        assertThat(page.locator("#wf-graph g[data-edge='gate->each']")).hasAttribute("data-label", "else");
        assertThat(page.locator("#wf-graph g[data-edge='e1->each']")).hasClass(Pattern.compile("back"));
        assertThat(node("#wf-graph", "gate")).hasAttribute("data-type", "condition");
        assertThat(node("#wf-graph", "child")).containsText("ui-graph-fail");
        assertThat(node("#wf-graph", "p2")).containsText("for 1s");
        assertThat(page.locator("#wf-graph")).not().containsText("undefined");
        ui.shot("chainbot-graph-kinds");

        openWorkflow("ui-par");
        assertThat(attrs("#wf-graph g[data-node]", "data-node")).containsExactly("a", "b", "c");
        assertThat(page.locator("#wf-graph g[data-edge]")).hasCount(0);
        double y = box(node("#wf-graph", "a")).y;
        assertThat(box(node("#wf-graph", "c")).y).isEqualTo(y);
    }

    @Test
    @Order(6)
    void nodesMoveWithTheLiveEventsEvenWhenTheRunsRecordIsStale() {
        // Every read of the run after the first answers that first (stale) record: what moves
        // the nodes and the run's status from then on is the /ws events alone.
        AtomicReference<String> first = new AtomicReference<>();
        AtomicInteger stale = new AtomicInteger();
        page.route(Pattern.compile(".*/api/chainbot/executions/[^/?]+$"), route -> {
            if (!route.request().method().equals("GET")) {
                route.resume();
                return;
            }
            if (first.get() == null) {
                APIResponse real = route.fetch();
                first.set(real.text());
                route.fulfill(new Route.FulfillOptions().setResponse(real));
            } else {
                stale.incrementAndGet();
                route.fulfill(new Route.FulfillOptions().setStatus(200).setContentType("application/json").setBody(first.get()));
            }
        });
        ui.login(OPERATOR);
        openWorkflow("ui-graph");
        page.fill("#wf-inputs", "{\"n\": 30}");
        page.click("#wf-run-btn");
        String run = "#run-graph";
        assertThat(node(run, "gate")).hasAttribute("data-status", "waiting_approval");
        assertThat(page.locator("#run-status")).containsText("waiting approval");
        assertThat(node(run, "check")).hasAttribute("data-status", "completed");
        assertThat(node(run, "big")).hasAttribute("data-status", "completed");
        assertThat(node(run, "small")).hasAttribute("data-status", "skipped");
        assertThat(node(run, "left")).hasAttribute("data-status", "completed");
        assertThat(node(run, "join")).hasAttribute("data-status", "pending");
        page.click("#approve");
        assertThat(node(run, "gate")).hasAttribute("data-status", "completed");
        assertThat(node(run, "join")).hasAttribute("data-status", "completed");
        assertThat(page.locator("#run-status")).containsText("completed");
        // and it stays so: the stale reads each event triggers (debounced) do not move it back
        Awaitility.await().pollInSameThread().during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(10))
                .until(() -> page.locator("#run-status").textContent().contains("completed")
                        && "completed".equals(node(run, "join").getAttribute("data-status")));
        assertThat(stale.get()).as("reads answered with the stale record").isPositive();
        assertThat(first.get()).doesNotContain("\"join\"");
    }

    @Test
    @Order(4)
    void aFailingStepShowsFailedOnItsNodeWithTheError() {
        ui.login(OPERATOR);
        openWorkflow("ui-graph-fail");
        page.click("#wf-run-btn");
        assertThat(page.locator("#run-status")).containsText("failed");
        assertThat(node("#run-graph", "first")).hasAttribute("data-status", "completed");
        assertThat(node("#run-graph", "broken")).hasAttribute("data-status", "failed");
        assertThat(node("#run-graph", "broken")).containsText("failed");
        assertThat(node("#run-graph", "after")).hasAttribute("data-status", "not_run");
        node("#run-graph", "broken").click();
        assertThat(page.locator("#run-node .error-box")).containsText("missing");
        assertThat(page.locator("#run-node .error-box")).containsText(Pattern.compile("not found"));
    }
}
