package dev.alexos.watchtower.internal.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.alexos.core.event.Event;
import dev.alexos.watchtower.ContainerInfo;
import dev.alexos.watchtower.internal.WatchtowerSettings;
import dev.alexos.watchtower.testing.FakeEngine;
import dev.alexos.watchtower.testing.Harness;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EndpointMonitorTest {

    private static List<String> statusChanges(Harness h) {
        return h.bus.events("watchtower.container_status_changed").stream()
                .map(e -> e.data().get("old_status").asText() + "->" + e.data().get("new_status").asText())
                .toList();
    }

    @Test
    void registersEveryContainerOnFirstConnectAfterEndpointUp() {
        Harness h = new Harness();
        FakeEngine engine = h.engine();
        String a = engine.create("web", "nginx:1.25");
        engine.start(a);
        engine.create("db", "postgres:16");
        h.start();

        assertThat(h.types()).containsExactly("watchtower_started", "endpoint_up", "container_registered",
                "container_registered");
        assertThat(h.watchtower.containers(null, null)).extracting(ContainerInfo::name).containsExactly("db", "web");
        assertThat(h.watchtower.containers("running", null)).extracting(ContainerInfo::name).containsExactly("web");
        assertThat(h.watchtower.health().details().get("status")).isEqualTo("healthy");
    }

    @Test
    void followsTheLifecycleInOrderFromEvents() {
        Harness h = new Harness().start();
        FakeEngine engine = h.engine();
        h.bus.clear();

        String id = engine.create("app", "local/busybox:1");
        engine.start(id);
        engine.emit(id, "pause", Map.of());
        engine.setStatusSilently(id, "paused");
        engine.setStatusSilently(id, "running");
        engine.emit(id, "unpause", Map.of());
        engine.stop(id, 10);
        engine.remove(id, false);

        assertThat(h.types()).containsExactly("container_registered", "container_status_changed",
                "container_status_changed", "container_status_changed", "container_status_changed",
                "container_unregistered");
        assertThat(statusChanges(h)).containsExactly("created->running", "running->paused", "paused->running",
                "running->exited");
        Event exited = h.bus.events("watchtower.container_status_changed").get(3);
        assertThat(exited.data().get("exit_code").asInt()).isEqualTo(143);
        assertThat(h.bus.events("watchtower.container_unregistered").get(0).data().get("reason").asText()).isEqualTo("destroyed");
        assertThat(h.watchtower.containers(null, null)).isEmpty();
    }

    @Test
    void healthStatusEventsChangeHealth() {
        Harness h = new Harness().start();
        FakeEngine engine = h.engine();
        String id = engine.create("app", "local/unhealthy:1");
        engine.start(id);
        engine.setHealth(id, "starting");
        engine.setHealth(id, "unhealthy");

        List<Event> changes = h.bus.events("watchtower.container_health_changed");
        assertThat(changes).extracting(e -> e.data().get("new_health").asText()).containsExactly("starting", "unhealthy");
        assertThat(h.watchtower.find("app", null).info().state()).isEqualTo("running (unhealthy)");
    }

    @Test
    void reconnectsWithBackoffAndPublishesOnlyTheDifferences() {
        Harness h = new Harness().start();
        FakeEngine engine = h.engine();
        String kept = engine.create("kept", "a:1");
        String stopped = engine.create("stopped", "a:1");
        engine.start(stopped);
        String removed = engine.create("removed", "a:1");
        h.bus.clear();

        engine.goDown();
        assertThat(h.types()).containsExactly("endpoint_down");
        assertThat(h.watchtower.health().details().get("status")).isEqualTo("docker_unavailable");

        // while down: changes the monitor cannot see
        engine.comeBack();
        engine.setStatusSilently(stopped, "exited");
        engine.removeSilently(removed);
        String created = engine.create("created-while-down", "a:1");
        engine.goDown();

        h.clock.advance(Duration.ofMillis(500)); // first retry: still down, no second endpoint_down
        assertThat(h.types()).containsExactly("endpoint_down");
        engine.comeBack();
        h.clock.advance(Duration.ofMillis(999)); // backoff doubled: not yet
        assertThat(engine.streaming()).isFalse();
        h.clock.advance(Duration.ofMillis(1));

        assertThat(h.types()).containsExactly("endpoint_down", "endpoint_up", "container_status_changed",
                "container_registered", "container_unregistered");
        assertThat(h.watchtower.containers(null, null)).extracting(ContainerInfo::id)
                .containsExactlyInAnyOrder(kept, stopped, created);
        assertThat(h.watchtower.find("stopped", null).info().status()).isEqualTo("exited");
        assertThat(h.bus.events("watchtower.container_unregistered").get(0).data().get("reason").asText()).isEqualTo("gone");
    }

    @Test
    void periodicResyncRepairsALostEvent() {
        Harness h = new Harness().start();
        FakeEngine engine = h.engine();
        String id = engine.create("app", "a:1");
        engine.start(id);
        h.bus.clear();
        engine.setStatusSilently(id, "exited");

        h.clock.advance(Duration.ofSeconds(29));
        assertThat(h.types()).isEmpty();
        h.clock.advance(Duration.ofSeconds(1));
        assertThat(statusChanges(h)).containsExactly("running->exited");
        assertThat(h.bus.events("watchtower.container_status_changed").get(0).data().get("cause").asText()).isEqualTo("resync");
    }

    @Test
    void resyncWithoutChangesReadsNoContainer() {
        Harness h = new Harness().start();
        FakeEngine engine = h.engine();
        for (int i = 0; i < 5; i++) {
            engine.start(engine.create("c" + i, "a:1"));
        }
        int before = engine.inspectCalls;
        h.bus.clear();
        h.clock.advance(Duration.ofSeconds(90));
        assertThat(engine.inspectCalls).isEqualTo(before);
        assertThat(h.types()).isEmpty();
    }

    @Test
    void reportsARestartLoopOncePerWindow() {
        Harness h = new Harness().start();
        FakeEngine engine = h.engine();
        String id = engine.create("crashy", "a:1");
        engine.start(id);
        for (int i = 0; i < 5; i++) {
            engine.restart(id, 1);
            h.clock.advance(Duration.ofSeconds(5));
        }
        assertThat(h.bus.events("watchtower.container_restarting_loop")).hasSize(1);
        assertThat(h.bus.events("watchtower.container_restarting_loop").get(0).data().get("deaths").asInt()).isEqualTo(3);
    }

    @Test
    void oomEventIsPublished() {
        Harness h = new Harness().start();
        FakeEngine engine = h.engine();
        String id = engine.create("hungry", "a:1");
        engine.start(id);
        engine.emit(id, "oom", Map.of());
        assertThat(h.bus.events("watchtower.container_oom")).singleElement()
                .satisfies(e -> assertThat(e.data().get("name").asText()).isEqualTo("hungry"));
    }

    @Test
    void environmentValuesNeverLeaveTheMonitor() {
        Harness h = new Harness().start();
        String id = h.engine().create("app", "a:1");
        EndpointMonitor.Tracked t = h.watchtower.monitors().get(0).container(id).orElseThrow();
        assertThat(t.info().envNames()).containsExactly("PATH", "DB_PASSWORD");
        assertThat(t.inspect().toString()).doesNotContain("hunter2").contains("DB_PASSWORD=" + InspectParser.REDACTED);
        assertThat(h.bus.events().toString()).doesNotContain("hunter2");
    }

    @Test
    void podmanHealthIsReadOnResync() {
        Harness h = new Harness();
        h.engine().podman();
        h.start();
        FakeEngine engine = h.engine();
        String id = engine.create("pod", "a:1");
        engine.start(id);
        ((com.fasterxml.jackson.databind.node.ObjectNode) engine.document(id).get("State")).putObject("Health")
                .put("Status", "healthy");
        engine.emit(id, "update", Map.of()); // picks up the health check's existence
        ((com.fasterxml.jackson.databind.node.ObjectNode) engine.document(id).get("State")).putObject("Health")
                .put("Status", "unhealthy"); // no event: Podman may not send one
        h.clock.advance(Duration.ofSeconds(30));
        assertThat(h.watchtower.find(id, null).info().health()).isEqualTo("unhealthy");
    }

    @Test
    void twoEndpointsTagTheirContainers() {
        Harness h = new Harness("one", "two").start();
        h.engines.get("one").create("web", "a:1");
        h.engines.get("two").create("web", "a:1");
        assertThat(h.watchtower.containers(null, null)).extracting(ContainerInfo::endpoint).containsExactly("one", "two");
        assertThat(h.watchtower.containers(null, "two")).hasSize(1);
    }

    @Test
    void disabledMonitoringWatchesNothing() {
        WatchtowerSettings s = Harness.settings();
        WatchtowerSettings off = new WatchtowerSettings(s.endpoints(), false, s.monitoringInterval(), s.statsInterval(),
                s.statsHistory(), s.reconnectMaxBackoff(), s.stopTimeout(), s.restartLoopThreshold(),
                s.restartLoopWindow(), s.statsBackgroundInterval(), s.statsHotFor());
        Harness h = new Harness(off).start();
        assertThat(h.engine().streaming()).isFalse();
        assertThat(h.watchtower.health().status()).isEqualTo(dev.alexos.core.Health.Status.NOT_CONFIGURED);
    }
}
