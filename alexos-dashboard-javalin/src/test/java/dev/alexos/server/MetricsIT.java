package dev.alexos.server;

import static dev.alexos.server.ServerFixture.OPERATOR;
import static dev.alexos.server.ServerFixture.VIEWER;
import static dev.alexos.server.ServerFixture.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.alexos.testkit.ChatReply;
import dev.alexos.testkit.FakeChatModel;
import dev.alexos.testkit.FakeContainer;
import dev.alexos.testkit.FakeDockerEngine;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code /metrics} on a real server: a workflow run through the HTTP API shows up as run and
 * step metrics, and its {@code llm} step (an AI agent on testkit's loopback chat model) as LLM
 * call and token metrics; the containers gauge counts what Watchtower sees on a loopback Docker API
 * (testkit's engine, spoken to by the real docker-java client) and has no series for an
 * endpoint nobody answers on.
 */
class MetricsIT {
    @TempDir
    static Path data;
    static FakeDockerEngine docker;
    static FakeChatModel llm;
    static ServerFixture fx;

    @BeforeAll
    static void start() throws IOException {
        docker = FakeDockerEngine.start();
        docker.add(FakeContainer.builder("web").image("nginx:1.25").running().build());
        docker.add(FakeContainer.builder("api").image("nginx:1.25").running().build());
        docker.add(FakeContainer.builder("job").image("busybox:1.36").exited(0).build());
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        llm = FakeChatModel.start();
        llm.respondWith(req -> ChatReply.text("Hello from metrics"));
        fx = new ServerFixture(data, Map.of(), Map.of(
                "watchtower", Map.of("endpoints", List.of(Map.of("name", "local", "host", docker.dockerHost()),
                        Map.of("name", "gone", "host", "tcp://127.0.0.1:" + closedPort, "timeout", "1s"))),
                "chainbot", Map.of(
                        "providers", Map.of("openai", Map.of("api_key", "sk-metrics-it-key", "base_url", llm.openAiBaseUrl())),
                        "ai_agents", List.of(Map.of("id", "writer", "name", "Writer", "type", "chatgpt", "provider", "openai",
                                "model", "gpt-4o-mini", "system_prompt", "Answer briefly.", "stream", false)))));
    }

    @AfterAll
    static void stop() {
        if (fx != null) {
            fx.close();
        }
        if (docker != null) {
            docker.close();
        }
        if (llm != null) {
            llm.close();
        }
    }

    @Test
    void aWorkflowRunShowsUpAsRunAndStepMetrics() throws Exception {
        String wf = """
                {"id": "metrics-it", "steps": [
                  {"id": "a", "type": "transform", "config": {"value": 1}},
                  {"id": "b", "type": "transform", "config": {"value": "${steps.a.output}"}},
                  {"id": "c", "type": "llm", "config": {"agent": "writer", "prompt": "Say hello"}}],
                 "output": "${steps.b.output}"}""";
        HttpResponse<String> created = fx.send("POST", "/api/chainbot/workflows", OPERATOR, "application/json", wf);
        assertThat(created.statusCode()).as(created.body()).isBetween(200, 201);
        HttpResponse<String> run = fx.send("POST", "/api/chainbot/workflows/metrics-it/execute", OPERATOR,
                "application/json", "{\"inputs\": {}}");
        assertThat(json(run).path("status").asText()).as(run.body()).isEqualTo("completed");

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            String text = scrape();
            assertThat(value(text, "alexos_workflow_runs_total{outcome=\"completed\",workflow=\"metrics-it\"}"))
                    .isEqualTo(1.0);
            assertThat(value(text, "alexos_workflow_run_duration_seconds_count{outcome=\"completed\",workflow=\"metrics-it\"}"))
                    .isEqualTo(1.0);
            assertThat(value(text, "alexos_workflow_steps_total{outcome=\"completed\",type=\"transform\"}")).isEqualTo(2.0);
            assertThat(value(text, "alexos_workflow_step_duration_seconds_count{outcome=\"completed\",type=\"transform\"}"))
                    .isEqualTo(2.0);
            assertThat(text).contains("alexos_workflow_step_duration_seconds_bucket{outcome=\"completed\",type=\"transform\",le=\"+Inf\"} 2");
            assertThat(value(text, "alexos_workflow_step_duration_seconds_count{outcome=\"completed\",type=\"llm\"}"))
                    .isEqualTo(1.0);
            // the llm step's call: the fake model counts words as tokens ("Hello from metrics" = 3)
            assertThat(value(text, "alexos_llm_calls_total{model=\"gpt-4o-mini\",outcome=\"success\",provider=\"openai\"}"))
                    .isEqualTo(1.0);
            assertThat(value(text, "alexos_llm_tokens_total{kind=\"completion\",model=\"gpt-4o-mini\",provider=\"openai\"}"))
                    .isEqualTo(3.0);
            assertThat(value(text, "alexos_llm_tokens_total{kind=\"prompt\",model=\"gpt-4o-mini\",provider=\"openai\"}"))
                    .isPositive();
            assertThat(text).doesNotContain("sk-metrics-it-key");
        });
    }

    @Test
    void containersAreCountedByEndpointAndStateAndAnUnreachableEndpointIsAbsent() throws Exception {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            String text = scrape();
            assertThat(value(text, "alexos_containers{endpoint=\"local\",state=\"running\"}")).isEqualTo(2.0);
            assertThat(value(text, "alexos_containers{endpoint=\"local\",state=\"exited\"}")).isEqualTo(1.0);
            assertThat(value(text, "alexos_containers{endpoint=\"local\",state=\"paused\"}")).isEqualTo(0.0);
        });
        assertThat(scrape()).doesNotContain("endpoint=\"gone\"");
    }

    private static String scrape() throws Exception {
        HttpResponse<String> r = fx.send("GET", "/metrics", VIEWER, null, (String) null);
        assertThat(r.statusCode()).isEqualTo(200);
        return r.body();
    }

    /** The sample's value, or null when the series is absent. */
    private static Double value(String text, String series) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\S+)$").matcher(text);
        return m.find() ? Double.valueOf(m.group(1)) : null;
    }
}
