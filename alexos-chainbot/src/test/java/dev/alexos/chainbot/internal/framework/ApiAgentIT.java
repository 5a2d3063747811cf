package dev.alexos.chainbot.internal.framework;

import static dev.alexos.chainbot.testing.LoopbackServer.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.alexos.chainbot.FrameworkAgentSpec;
import dev.alexos.chainbot.testing.LoopbackServer;
import dev.alexos.core.Agent;
import dev.alexos.core.Task;
import dev.alexos.core.TaskResult;
import dev.alexos.core.config.Secret;
import dev.alexos.core.json.Json;
import java.net.http.HttpClient;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The {@code api} framework agent against a loopback HTTP service. */
class ApiAgentIT {
    LoopbackServer svc;
    Agent agent;

    @BeforeEach
    void setUp() throws Exception {
        svc = new LoopbackServer();
        ApiType type = new ApiType(HttpClient.newHttpClient(),
                name -> name.equals("svc") ? Optional.of(Secret.of("tok-123456789")) : Optional.empty());
        agent = type.create(new FrameworkAgentSpec("api-1", null, "api", Json.object().put("url", svc.url() + "/v2")
                .put("auth_secret", "svc").put("timeout_seconds", 5).set("headers", Json.object().put("X-Team", "ops")),
                Instant.EPOCH));
    }

    @AfterEach
    void tearDown() {
        svc.close();
    }

    @Test
    void callsWithPathQueryBodyAndAuth() {
        svc.enqueue("/v2/items", json(201, "{\"id\": 7}"));
        TaskResult r = agent.handle(new Task(null, "call", Json.object().put("path", "items").put("method", "post")
                .set("query", Json.object().put("dry run", "yes")), null, null)).join();
        assertThat(r.succeeded()).isTrue();
        assertThat(r.output().get("status").asInt()).isEqualTo(201);
        assertThat(r.output().at("/body/id").asInt()).isEqualTo(7);
        LoopbackServer.Recorded req = svc.requests.get(0);
        assertThat(req.method()).isEqualTo("POST");
        assertThat(req.header("Authorization")).isEqualTo("Bearer tok-123456789");
        assertThat(req.header("X-Team")).isEqualTo("ops");
    }

    @Test
    void errorStatusIsAFailedResultWithTheAnswerAndBadPathsAreRefused() {
        svc.enqueue("/v2", json(503, "{\"error\": \"maintenance\"}"));
        TaskResult r = agent.handle(Task.of("call", Json.object())).join();
        assertThat(r.succeeded()).isFalse();
        assertThat(r.error()).contains("answered HTTP 503");
        assertThat(r.output().at("/body/error").asText()).isEqualTo("maintenance");
        TaskResult escape = agent.handle(Task.of("call", Json.object().put("path", "../admin"))).join();
        assertThat(escape.error()).startsWith("path:");
        assertThat(agent.handle(Task.of("call", Json.object().put("method", "TRACE"))).join().error()).startsWith("method:");
        svc.close();
        TaskResult down = agent.handle(Task.of("call", Json.object())).join();
        assertThat(down.succeeded()).isFalse();
        assertThat(down.error()).contains("failed");
    }
}
