package dev.alexos.watchtower.internal.stats;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.alexos.core.http.HttpMethod;
import dev.alexos.core.json.Json;
import dev.alexos.testkit.TestApiRequest;
import dev.alexos.watchtower.internal.WatchtowerSettings;
import dev.alexos.watchtower.testing.FakeEngine;
import dev.alexos.watchtower.testing.Harness;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Hot containers at the fast rate, cold ones at the background rate, on the virtual clock. */
class AdaptiveSamplingTest {
    private static final String STATS = "/api/watchtower/containers/{id}/stats";

    private static Harness harness(Duration interval, Duration background, Duration hotFor) {
        WatchtowerSettings d = Harness.settings();
        return new Harness(new WatchtowerSettings(d.endpoints(), true, d.monitoringInterval(), interval,
                d.statsHistory(), d.reconnectMaxBackoff(), d.stopTimeout(), d.restartLoopThreshold(),
                d.restartLoopWindow(), background, hotFor));
    }

    private static String running(FakeEngine engine, String name) {
        String id = engine.create(name, "local/busybox:1");
        engine.start(id);
        return id;
    }

    private static int calls(FakeEngine engine, String id) {
        return engine.statsCalls.getOrDefault(id, 0);
    }

    private static JsonNode look(Harness h, String name) throws Exception {
        return Json.mapper().valueToTree(h.call(TestApiRequest.of(HttpMethod.GET, STATS).withPathParam("id", name)));
    }

    @Test
    void defaultsAreFiveSecondsHotAndFiveMinutesInTheBackground() {
        WatchtowerSettings d = Harness.settings();
        assertThat(d.statsInterval()).isEqualTo(Duration.ofSeconds(5));
        assertThat(d.statsBackgroundInterval()).isEqualTo(Duration.ofMinutes(5));
        assertThat(d.statsHotFor()).isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void coldContainersAtTheBackgroundRateHotOnesEveryRoundUntilHotnessExpires() throws Exception {
        Harness h = harness(Duration.ofSeconds(5), Duration.ofMinutes(5), Duration.ofMinutes(2)).start();
        FakeEngine engine = h.engine();
        String web = running(engine, "web");
        String db = running(engine, "db");
        String stopped = engine.create("batch", "local/busybox:1");

        // two running, one round of 5s in 5m: a share of one cold container per round, by name
        h.clock.advance(Duration.ofSeconds(5)); // t=5s: first round
        assertThat(calls(engine, db)).isEqualTo(1);
        assertThat(calls(engine, web)).isZero();
        h.clock.advance(Duration.ofSeconds(5)); // t=10s
        assertThat(calls(engine, web)).isEqualTo(1);
        assertThat(calls(engine, stopped)).isZero();
        h.clock.advance(Duration.ofSeconds(55)); // t=65s: twelve more rounds, nobody looking
        assertThat(calls(engine, web)).isEqualTo(1);
        assertThat(calls(engine, db)).isEqualTo(1);

        JsonNode first = look(h, "web"); // t=65s: web becomes hot until t=185s
        assertThat(first.get("hot").asBoolean()).isTrue();
        assertThat(calls(engine, web)).isEqualTo(2); // its last sample was a minute old: one taken now
        assertThat(first.get("current").get("cpu_percent").asDouble()).isEqualTo(20.0);
        h.clock.advance(Duration.ofSeconds(60)); // t=125s: rounds at 70..125s
        assertThat(calls(engine, web)).isEqualTo(2 + 12);
        assertThat(calls(engine, db)).isEqualTo(1);
        assertThat(h.watchtower.sampler().history("local", web)).hasSize(14);

        // t=185s hotness ends: the round at 185s is the first that no longer samples web
        h.clock.advance(Duration.ofSeconds(55)); // t=180s
        assertThat(calls(engine, web)).isEqualTo(2 + 23);
        h.clock.advance(Duration.ofSeconds(100)); // t=280s
        assertThat(calls(engine, web)).isEqualTo(2 + 23);
        assertThat(h.watchtower.sampler().isHot("local", web)).isFalse();

        // db was sampled in the round at 5s: next at 305s; web's last sample was the round at 180s: next at 480s
        h.clock.advance(Duration.ofSeconds(20)); // t=300s
        assertThat(calls(engine, db)).isEqualTo(1);
        h.clock.advance(Duration.ofSeconds(5)); // t=305s
        assertThat(calls(engine, db)).isEqualTo(2);
        h.clock.advance(Duration.ofSeconds(170)); // t=475s
        assertThat(calls(engine, web)).isEqualTo(2 + 23);
        h.clock.advance(Duration.ofSeconds(5)); // t=480s
        assertThat(calls(engine, web)).isEqualTo(2 + 24);
        assertThat(calls(engine, db)).isEqualTo(2);
        assertThat(calls(engine, stopped)).isZero();
    }

    @Test
    void firstLookAtAColdContainerSamplesOnDemandAndRepeatedLooksReuseAFreshSample() throws Exception {
        // background 0: nobody samples a container until someone looks at it
        Harness h = harness(Duration.ofSeconds(5), Duration.ZERO, Duration.ofMinutes(5)).start();
        FakeEngine engine = h.engine();
        String web = running(engine, "web");
        h.clock.advance(Duration.ofMinutes(10));
        assertThat(calls(engine, web)).isZero();
        assertThat(h.watchtower.sampler().history("local", web)).isEmpty();

        JsonNode first = look(h, "web");
        assertThat(calls(engine, web)).isEqualTo(1);
        assertThat(first.get("current").isObject()).isTrue();
        assertThat(first.get("history")).hasSize(1);
        assertThat(first.get("hot").asBoolean()).isTrue();

        // a second look within the same interval reuses the sample when it has a CPU figure;
        // the on-demand first one asked the engine for two readings, so it has one
        JsonNode again = look(h, "web");
        assertThat(calls(engine, web)).isEqualTo(1);
        assertThat(again.get("history")).hasSize(1);

        h.clock.advance(Duration.ofSeconds(30)); // six rounds, web is hot
        assertThat(calls(engine, web)).isEqualTo(7);
        assertThat(look(h, "web").get("history")).hasSize(7);
        assertThat(calls(engine, web)).isEqualTo(7); // the round just sampled it
    }

    @Test
    void zeroIntervalSamplesNothingPeriodically() throws Exception {
        Harness h = harness(Duration.ZERO, Duration.ofMinutes(5), Duration.ofMinutes(5)).start();
        FakeEngine engine = h.engine();
        String web = running(engine, "web");
        h.clock.advance(Duration.ofHours(1));
        assertThat(calls(engine, web)).isZero();
        look(h, "web"); // the API still answers with a sample taken for it
        assertThat(calls(engine, web)).isEqualTo(1);
        assertThat(h.watchtower.sampler().isHot("local", web)).isFalse();
        h.clock.advance(Duration.ofHours(1));
        assertThat(calls(engine, web)).isEqualTo(1);
    }

    @Test
    void historyAndHotnessOfRemovedContainersAreDropped() throws Exception {
        Harness h = harness(Duration.ofSeconds(5), Duration.ofMinutes(5), Duration.ofMinutes(5)).start();
        FakeEngine engine = h.engine();
        String web = running(engine, "web");
        look(h, "web");
        h.clock.advance(Duration.ofSeconds(10));
        assertThat(h.watchtower.sampler().history("local", web)).isNotEmpty();
        engine.stop(web, 0);
        engine.remove(web, false);
        h.clock.advance(Duration.ofSeconds(5));
        assertThat(h.watchtower.sampler().history("local", web)).isEmpty();
        assertThat(h.watchtower.sampler().isHot("local", web)).isFalse();
    }

    @Test
    void coldContainersAreSpreadOverTheBackgroundIntervalNotSampledInOneBurst() {
        Harness h = harness(Duration.ofSeconds(5), Duration.ofSeconds(60), Duration.ofMinutes(5)).start();
        FakeEngine engine = h.engine();
        for (int i = 0; i < 24; i++) {
            running(engine, "c" + (char) ('a' + i));
        }
        // 24 containers, 12 rounds per background interval: two per round
        int total = 0;
        for (int round = 1; round <= 36; round++) {
            h.clock.advance(Duration.ofSeconds(5));
            int now = engine.statsCalls.values().stream().mapToInt(Integer::intValue).sum();
            assertThat(now - total).as("round %d", round).isEqualTo(2);
            total = now;
        }
        // three background intervals: each container sampled three times, none skipped or repeated
        assertThat(engine.statsCalls).hasSize(24).allSatisfy((id, n) -> assertThat(n).isEqualTo(3));
    }
}
