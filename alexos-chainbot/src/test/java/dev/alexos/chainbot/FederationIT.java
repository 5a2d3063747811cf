package dev.alexos.chainbot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.alexos.chainbot.testing.EchoType;
import dev.alexos.chainbot.testing.Harness;
import dev.alexos.chainbot.testing.HarnessHttpServer;
import dev.alexos.core.internal.scheduler.DefaultScheduler;
import dev.alexos.testkit.TestResponse;
import dev.alexos.testkit.VirtualClock;
import dev.alexos.testkit.VirtualScheduler;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two ChainBots: B serves the remote contract from its own routes, A syncs from it and runs B's workflow. */
class FederationIT {
    @TempDir
    Path dirA;
    @TempDir
    Path dirB;

    @Test
    void oneChainBotSyncsFromAnotherAndRunsItsWorkflow() throws Exception {
        try (DefaultScheduler io = new DefaultScheduler("test", 2)) {
            Harness b = new Harness(new HashMap<>(), dirB, io, Clock.systemUTC(), List.of(new EchoType()));
            try (HarnessHttpServer serverB = new HarnessHttpServer(b)) {
                b.post("/api/chainbot/agents/alex-framework", "{\"type\": \"echo\", \"id\": \"echo-b\"}");
                assertThat(b.post("/api/chainbot/workflows", """
                        {"id": "greet", "steps": [{"id": "g", "type": "agent_task",
                          "config": {"agent": "echo-b", "action": "chat", "params": {"prompt": "hi ${inputs.name}"}}}],
                         "output": "${steps.g.output.text}"}""").status()).isBetween(200, 201);
                JsonNode contract = b.get("/api/chainbot/alex-agents").json();
                assertThat(contract.isArray()).isTrue();

                VirtualClock clock = VirtualClock.at(Instant.parse("2026-01-01T00:00:00Z"));
                VirtualScheduler time = new VirtualScheduler(clock, io.executor());
                Harness a = new Harness(new HashMap<>(Map.of("api_url", serverB.url())), dirA, time, clock, List.of());
                try {
                    await().atMost(Duration.ofSeconds(20)).until(() -> {
                        clock.runDue();
                        return !a.bus.events("chainbot.remote_synced").isEmpty();
                    });
                    JsonNode fw = a.get("/api/chainbot/agents/alex-framework").json();
                    assertThat(fw.get("agents").findValuesAsText("id")).contains("remote:echo-b");
                    JsonNode ai = a.get("/api/chainbot/agents/ai").json();
                    assertThat(ai.get("agents").findValuesAsText("id")).contains("chatgpt-001", "remote:chatgpt-001");
                    JsonNode wfs = a.get("/api/chainbot/remote/workflows").json();
                    assertThat(wfs.get("workflows").findValuesAsText("id")).contains("remote:greet");

                    JsonNode run = a.post("/api/chainbot/remote/workflows/remote:greet/execute",
                            "{\"inputs\": {\"name\": \"bob\"}}").json();
                    assertThat(run.get("status").asText()).isEqualTo("completed");
                    assertThat(run.get("result").asText()).isEqualTo("echo-b heard: hi bob");
                    // the same workflow through the workflow routes, listed beside A's own
                    JsonNode listing = a.get("/api/chainbot/workflows").json();
                    JsonNode greet = null;
                    for (JsonNode w : listing.get("workflows")) {
                        if (w.get("id").asText().equals("remote:greet")) {
                            greet = w;
                        }
                    }
                    assertThat(greet).isNotNull();
                    assertThat(greet.get("source").asText()).isEqualTo("remote");
                    assertThat(listing.get("workflows").findValuesAsText("source")).contains("local", "remote");
                    TestResponse viaRoutes = a.post("/api/chainbot/workflows/remote:greet/execute",
                            "{\"inputs\": {\"name\": \"ann\"}}");
                    assertThat(viaRoutes.status()).isEqualTo(200);
                    assertThat(viaRoutes.json().get("workflow_id").asText()).isEqualTo("remote:greet");
                    assertThat(viaRoutes.json().get("status").asText()).isEqualTo("completed");
                    assertThat(viaRoutes.json().get("result").asText()).isEqualTo("echo-b heard: hi ann");
                    // the execution id is B's: it is in B's history
                    String execution = viaRoutes.json().get("execution_id").asText();
                    assertThat(execution).startsWith("remote:");
                    assertThat(b.get("/api/chainbot/executions/" + execution.substring("remote:".length())).json()
                            .get("status").asText()).isEqualTo("completed");
                    assertThat(a.post("/api/chainbot/workflows/remote:nope/execute", "{}").status()).isEqualTo(404);
                    assertThat(a.get("/api/chainbot/health").json().get("status").asText()).isEqualTo("healthy");
                } finally {
                    a.close();
                }
            } finally {
                b.close();
            }
        }
    }
}
