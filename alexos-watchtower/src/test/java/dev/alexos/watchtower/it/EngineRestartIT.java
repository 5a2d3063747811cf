package dev.alexos.watchtower.it;

import static dev.alexos.watchtower.it.RealEnv.docker;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.alexos.core.event.Event;
import dev.alexos.watchtower.ContainerInfo;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The engine is killed (SIGKILL, like a crash) and restarted while Watchtower watches it: the
 * endpoint goes down and comes back, and the picture equals {@code docker ps -a} afterwards.
 * Uses the second engine so that a failure here cannot disturb the other tests' engine.
 */
class EngineRestartIT {
    private static final String LABEL = "alexos.it=watchtower-restart";
    private String host;
    private String engineDir;
    private ItWatchtower wt;

    @BeforeEach
    void setUp() {
        host = RealEnv.require("ALEXOS_IT_DOCKER_HOST_2");
        engineDir = RealEnv.require("ALEXOS_IT_ENV_DIR") + "/engine2";
        wt = new ItWatchtower(Map.of("second", host), Duration.ofSeconds(10), Duration.ofSeconds(30));
        await().atMost(Duration.ofSeconds(30)).until(() -> wt.watchtower.monitors().get(0).isUp());
    }

    @AfterEach
    void tearDown() throws Exception {
        if (host == null) {
            return; // setUp aborted: no engine (scripts/test.sh provides one)
        }
        // whatever happened, leave the engine running for the tests after this one
        if (RealEnv.dockerResult(host, "info").exit() != 0) {
            RealEnv.envScript("engine-start", engineDir);
        }
        RealEnv.removeLabelled(host, LABEL);
        wt.close();
    }

    /** {@code id status} of every container, as the CLI sees them. */
    private Set<String> dockerPsA() {
        String out = docker(host, "ps", "-a", "--no-trunc", "--format", "{{.ID}} {{.State}}");
        return Arrays.stream(out.split("\n")).map(String::strip).filter(s -> !s.isEmpty())
                .collect(Collectors.toCollection(TreeSet::new));
    }

    private Set<String> inventory() {
        return wt.watchtower.containers(null, null).stream().map(c -> c.id() + " " + c.status())
                .collect(Collectors.toCollection(TreeSet::new));
    }

    @Test
    void engineCrashAndRestartEndsWithThePictureOfDockerPsA() {
        String running = docker(host, "run", "-d", "--network", "none", "--label", LABEL, "local/busybox:1");
        String exited = docker(host, "run", "--network", "none", "--label", LABEL, "-d", "local/busybox:1", "true");
        String removedLater = docker(host, "create", "--network", "none", "--label", LABEL, "local/busybox:1");
        await().atMost(Duration.ofSeconds(30)).until(() -> inventory().equals(dockerPsA()));

        RealEnv.envScript("engine-stop", engineDir, "kill");
        await().atMost(Duration.ofSeconds(60)).until(() -> !wt.watchtower.monitors().get(0).isUp());
        assertThat(wt.bus.events("watchtower.endpoint_down")).isNotEmpty();
        assertThat(wt.watchtower.health().details().get("status")).isEqualTo("docker_unavailable");

        RealEnv.envScript("engine-start", engineDir);
        // changes right after the restart, before or while Watchtower reconnects
        docker(host, "rm", "-f", removedLater);
        String createdAfter = docker(host, "create", "--network", "none", "--label", LABEL, "local/busybox:1");

        await().atMost(Duration.ofSeconds(90)).until(() -> wt.watchtower.monitors().get(0).isUp());
        await().atMost(Duration.ofSeconds(60)).until(() -> inventory().equals(dockerPsA()));
        assertThat(inventory()).isEqualTo(dockerPsA());

        List<String> types = wt.bus.events().stream().map(Event::type).toList();
        int down = types.indexOf("endpoint_down");
        int upAgain = types.subList(down, types.size()).indexOf("endpoint_up") + down;
        assertThat(upAgain).isGreaterThan(down);
        List<String> ids = wt.watchtower.containers(null, null).stream().map(ContainerInfo::id).toList();
        assertThat(ids).contains(running, exited, createdAfter).doesNotContain(removedLater);
        // the SIGKILLed engine took its running container down: reported as a change, not a ghost
        assertThat(wt.watchtower.find(running, null).info().status()).isEqualTo("exited");
        assertThat(wt.eventsOf(removedLater)).extracting(Event::type).contains("container_unregistered");
        assertThat(wt.eventsOf(createdAfter)).extracting(Event::type).contains("container_registered");
    }
}
