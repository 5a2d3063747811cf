package dev.alexos.chainbot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.alexos.chainbot.testing.EchoType;
import dev.alexos.chainbot.testing.Harness;
import dev.alexos.testkit.TestResponse;
import dev.alexos.testkit.VirtualClock;
import dev.alexos.testkit.VirtualScheduler;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EntanglementTest {
    @TempDir
    Path dir;
    VirtualClock clock;
    VirtualScheduler time;
    Harness h;
    String eid;

    @BeforeEach
    void setUp() throws Exception {
        clock = VirtualClock.at(Instant.parse("2026-01-01T00:00:00Z"));
        time = new VirtualScheduler(clock, Runnable::run);
        h = new Harness(new HashMap<>(), dir, time, clock, List.of(new EchoType()));
        h.post("/api/chainbot/agents/alex-framework", "{\"type\": \"echo\", \"id\": \"a\"}");
        h.post("/api/chainbot/agents/alex-framework", "{\"type\": \"echo\", \"id\": \"b\"}");
        h.post("/api/chainbot/agents/alex-framework", "{\"type\": \"echo\", \"id\": \"c\", \"config\": {\"hang\": true}}");
        TestResponse r = h.post("/api/chainbot/entanglements", "{\"name\": \"trio\", \"agent_ids\": [\"a\", \"b\", \"c\"]}");
        assertThat(r.status()).isEqualTo(201);
        eid = r.json().get("id").asText();
    }

    @AfterEach
    void tearDown() {
        h.close();
    }

    @Test
    void creationIsAnEventAndMembershipIsListed() {
        assertThat(h.bus.events("chainbot.entanglement_created")).hasSize(1);
        assertThat(h.bus.events("chainbot.entanglement_created").get(0).data().get("agent_ids").toString())
                .isEqualTo("[\"a\",\"b\",\"c\"]");
        JsonNode list = h.get("/api/chainbot/entanglements").json();
        assertThat(list.get("count").asInt()).isEqualTo(1);
        assertThat(list.at("/entanglements/0/members").findValuesAsText("status")).containsOnly("running");
    }

    @Test
    void sendsToOneMemberAndPersistsAcrossRestart() throws Exception {
        JsonNode r = h.post("/api/chainbot/entanglements/" + eid + "/messages",
                "{\"content\": \"ping\", \"from\": \"a\", \"to\": \"b\"}").json();
        assertThat(r.get("deliveries")).hasSize(1);
        assertThat(r.at("/deliveries/0/reply/content").asText()).startsWith("b heard: Message from a in entanglement 'trio'");
        assertThat(h.bus.events("chainbot.entanglement_message")).hasSize(1);
        assertThat(h.bus.events("chainbot.entanglement_message").get(0).data().get("to").asText()).isEqualTo("b");
        assertThat(h.post("/api/chainbot/entanglements/" + eid + "/messages", "{\"content\": \"x\", \"to\": \"zz\"}").status())
                .isEqualTo(422);
        assertThat(h.post("/api/chainbot/entanglements/" + eid + "/messages", "{\"content\": \"x\", \"from\": \"zz\"}").status())
                .isEqualTo(422);
        assertThat(h.post("/api/chainbot/entanglements/nope/messages", "{\"content\": \"x\"}").status()).isEqualTo(404);

        h.restart();
        JsonNode e = h.get("/api/chainbot/entanglements/" + eid).json();
        assertThat(e.get("agent_ids").toString()).isEqualTo("[\"a\",\"b\",\"c\"]");
        assertThat(e.get("messages").findValuesAsText("kind")).containsExactly("message", "reply");
    }

    /**
     * Waits until {@code n} more delivery timers have been asked for: each delivery schedules its
     * timer and an answered one cancels it at once, so "a timer is pending" can be true before
     * the last delivery was sent (advancing then would fire the wrong timer and miss the last one).
     */
    private void awaitDeliveries(int asked, int n) {
        await().atMost(Duration.ofSeconds(10)).until(() -> time.requestedDelays().size() >= asked + n);
    }

    private static JsonNode reply(CompletableFuture<TestResponse> call) {
        return call.orTimeout(10, TimeUnit.SECONDS).join().json();
    }

    @Test
    void broadcastReachesEveryOtherMemberAndATimeoutIsRecorded() {
        int asked = time.requestedDelays().size();
        CompletableFuture<TestResponse> call = CompletableFuture.supplyAsync(() ->
                h.post("/api/chainbot/entanglements/" + eid + "/messages", "{\"content\": \"all hands\", \"from\": \"a\"}"));
        awaitDeliveries(asked, 2);
        clock.advance(Duration.ofSeconds(120));
        JsonNode r = reply(call);
        assertThat(r.get("deliveries").findValuesAsText("to")).containsExactly("b", "c");
        assertThat(r.at("/deliveries/0/reply/status").asText()).isEqualTo("ok");
        assertThat(r.at("/deliveries/1/reply/status").asText()).isEqualTo("timeout");
    }

    @Test
    void coordinateRunsOnEveryMemberWithATimeout() {
        int asked = time.requestedDelays().size();
        CompletableFuture<TestResponse> call = CompletableFuture.supplyAsync(() ->
                h.post("/api/chainbot/entanglements/" + eid + "/coordinate",
                        "{\"task\": {\"action\": \"inventory\", \"params\": {\"x\": 1}}, \"timeout_seconds\": 5}"));
        awaitDeliveries(asked, 3);
        clock.advance(Duration.ofSeconds(4));
        assertThat(call).isNotDone();
        clock.advance(Duration.ofSeconds(1));
        JsonNode r = reply(call);
        assertThat(r.get("results").findValuesAsText("agent_id")).containsExactly("a", "b", "c");
        assertThat(r.get("results").findValuesAsText("status")).containsExactly("succeeded", "succeeded", "timeout");
        assertThat(r.at("/results/0/output/action").asText()).isEqualTo("inventory");
        assertThat(r.get("succeeded").asInt()).isEqualTo(2);
        assertThat(r.get("timed_out").asInt()).isEqualTo(1);
        assertThat(h.bus.events("chainbot.entanglement_coordinated")).hasSize(1);
        assertThat(h.post("/api/chainbot/entanglements/" + eid + "/coordinate", "{}").json().at("/error/field").asText())
                .isEqualTo("task");
        assertThat(h.post("/api/chainbot/entanglements/" + eid + "/coordinate", "{\"prompt\": \"x\", \"timeout_seconds\": -1}")
                .json().at("/error/field").asText()).isEqualTo("timeout_seconds");
    }
}
