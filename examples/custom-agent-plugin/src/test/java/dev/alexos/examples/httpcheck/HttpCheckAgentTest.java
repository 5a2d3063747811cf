package dev.alexos.examples.httpcheck;

import static dev.alexos.testkit.AlexOsAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.alexos.core.Health;
import dev.alexos.testkit.AgentTestKit;
import dev.alexos.testkit.FakeHttpPeer;
import dev.alexos.testkit.HttpReply;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class HttpCheckAgentTest {
    private final FakeHttpPeer service = FakeHttpPeer.start();
    private final FakeHttpPeer.Route health = service.on("GET", "/health").reply(HttpReply.json(200, Map.of("ok", true)));

    @AfterEach
    void close() {
        service.close();
    }

    private AgentTestKit kit(Map<String, ?> extra) {
        Map<String, Object> config = new java.util.LinkedHashMap<>(Map.of("endpoints", List.of(service.url() + "/health"),
                "interval", "30s", "timeout", "2s", "failure_threshold", 2));
        config.putAll(extra);
        return AgentTestKit.builder().module("httpcheck").config(config).build();
    }

    @Test
    void probesOnStartAndEveryInterval() {
        try (AgentTestKit kit = kit(Map.of())) {
            kit.start(new HttpCheckAgent());
            kit.advance(Duration.ZERO);
            assertThat(service.requests()).hasSize(1);
            kit.advance(Duration.ofMinutes(2));
            assertThat(service.requests()).hasSize(5);
            assertThat(service.requests().get(0).header("user-agent")).isEqualTo("alexos-httpcheck");
            assertThat(kit.info().health()).isHealthy();
            assertThat(kit.events()).doesNotContainTopic("httpcheck.*");
        }
    }

    @Test
    void downAfterTheThresholdThenUpWhenItAnswersAgain() {
        try (AgentTestKit kit = kit(Map.of())) {
            kit.start(new HttpCheckAgent());
            kit.advance(Duration.ZERO);
            health.replyTimes(3, HttpReply.status(503));

            kit.advance(Duration.ofSeconds(30));
            assertThat(kit.events()).doesNotContainTopic("httpcheck.endpoint_down");
            kit.advance(Duration.ofSeconds(30));
            assertThat(kit.events()).lastEvent("httpcheck.endpoint_down")
                    .hasData("url", service.url() + "/health").hasData("status_code", 503).hasData("failures", 2)
                    .hasSource("httpcheck-1");
            assertThat(kit.info().health()).isDegraded().hasMessageContaining("1 of 1 endpoints down");

            kit.advance(Duration.ofSeconds(60));
            assertThat(kit.events()).hasCount("httpcheck.endpoint_down", 1)
                    .lastEvent("httpcheck.endpoint_up").hasData("down_seconds", 60);
            assertThat(kit.ledger()).verifies().hasEntryCount("httpcheck.endpoint_down", 1)
                    .hasEntry("httpcheck.endpoint_up", Map.of("status_code", 200, "down_seconds", 60));
            assertThat(kit.info().health()).isHealthy();
        }
    }

    @Test
    void noAnswerInTimeCountsAsAFailure() {
        health.reply(HttpReply.hang());
        try (AgentTestKit kit = kit(Map.of("timeout", "300ms", "failure_threshold", 1))) {
            kit.start(new HttpCheckAgent());
            kit.advance(Duration.ZERO);
            assertThat(kit.events()).lastEvent("httpcheck.endpoint_down").hasData("status_code", 0);
            // The request or (on a loaded machine) the connection times out: both are HttpTimeoutExceptions.
            assertThat(kit.events().events().get(0).data().get("error").asText()).startsWith("Http")
                    .contains("timed out");
        }
    }

    @Test
    void unreachableServiceIsDown() {
        service.close();
        try (AgentTestKit kit = kit(Map.of("failure_threshold", 1))) {
            kit.start(new HttpCheckAgent());
            kit.advance(Duration.ZERO);
            assertThat(kit.events()).containsTopic("httpcheck.endpoint_down");
            assertThat(kit.ledger()).hasEntry("httpcheck.endpoint_down", Map.of("status_code", 0));
        }
    }

    @Test
    void checkAndStatusTasks() {
        try (AgentTestKit kit = kit(Map.of())) {
            kit.start(new HttpCheckAgent());
            assertThat(kit.call("status")).succeeded().hasOutput("endpoints.0.state", "unknown");
            assertThat(kit.call("check")).succeeded().hasOutput("endpoints.0.state", "up")
                    .hasOutput("endpoints.0.last_status_code", 200)
                    .hasOutput("endpoints.0.last_checked", "2026-01-01T00:00:00Z");
            assertThat(kit.call("status")).hasOutput("endpoints.0.consecutive_failures", 0);
        }
    }

    @Test
    void credentialsInTheUrlNeverShow() {
        String url = service.url().replace("http://", "http://admin:hunter2@") + "/health?token=s3cret";
        health.reply(HttpReply.status(500));
        try (AgentTestKit kit = kit(Map.of("endpoints", List.of(url), "failure_threshold", 1))) {
            kit.start(new HttpCheckAgent());
            kit.advance(Duration.ZERO);
            assertThat(kit.events()).lastEvent("httpcheck.endpoint_down").hasData("url", service.url() + "/health");
            assertThat(kit.events().events().toString()).doesNotContain("hunter2").doesNotContain("s3cret");
            assertThat(kit.ledger().entries().toString()).doesNotContain("hunter2").doesNotContain("s3cret");
            assertThat(kit.call("status").output().toString()).doesNotContain("hunter2").doesNotContain("s3cret");
        }
    }

    @Test
    void notConfiguredWithoutEndpointsAndBadUrlsStopStart() {
        try (AgentTestKit kit = AgentTestKit.builder().module("httpcheck").build()) {
            kit.start(new HttpCheckAgent());
            assertThat(kit.info().health()).hasStatus(Health.Status.NOT_CONFIGURED);
            assertThat(kit.scheduler().pendingCount()).isZero();
        }
        try (AgentTestKit kit = kit(Map.of("endpoints", List.of("ftp://example.org/x")))) {
            assertThatThrownBy(() -> kit.start(new HttpCheckAgent())).hasMessageContaining("httpcheck.endpoints")
                    .hasMessageContaining("http:// or https:// URL");
        }
    }
}
