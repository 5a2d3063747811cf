package dev.alexos.watchtower.it;

import static dev.alexos.watchtower.it.RealEnv.docker;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.alexos.core.http.ApiException;
import dev.alexos.core.http.HttpMethod;
import dev.alexos.testkit.TestApiRequest;
import dev.alexos.watchtower.ContainerInfo;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Two engines at once: containers of both, each tagged with its endpoint. */
class TwoEnginesIT {
    private static final String LABEL = "alexos.it=watchtower-two";
    private String one;
    private String two;
    private ItWatchtower wt;

    @BeforeEach
    void setUp() {
        one = RealEnv.require("ALEXOS_IT_DOCKER_HOST");
        two = RealEnv.require("ALEXOS_IT_DOCKER_HOST_2");
        wt = new ItWatchtower(Map.of("one", one, "two", two), Duration.ofSeconds(20), Duration.ofSeconds(30));
        await().atMost(Duration.ofSeconds(30)).until(() -> wt.watchtower.monitors().stream().allMatch(m -> m.isUp()));
    }

    @AfterEach
    void tearDown() throws Exception {
        if (one == null || two == null || wt == null) {
            return; // setUp aborted: no engine (scripts/test.sh provides one)
        }
        for (String host : new String[] {one, two}) {
            RealEnv.removeLabelled(host, LABEL);
        }
        wt.close();
    }

    @Test
    void containersOfBothEnginesTaggedWithTheirEndpoint() throws Exception {
        String name = "twin-" + UUID.randomUUID().toString().substring(0, 8);
        String a = docker(one, "run", "-d", "--network", "none", "--label", LABEL, "--name", name, "local/busybox:1");
        String b = docker(two, "create", "--network", "none", "--label", LABEL, "--name", name, "local/busybox:1");
        await().atMost(Duration.ofSeconds(30)).until(() -> wt.watchtower.containers(null, null).stream()
                .filter(c -> c.name().equals(name)).count() == 2);
        ContainerInfo onOne = wt.watchtower.find(a, null).info();
        ContainerInfo onTwo = wt.watchtower.find(b, null).info();
        assertThat(onOne.endpoint()).isEqualTo("one");
        assertThat(onOne.status()).isEqualTo("running");
        assertThat(onTwo.endpoint()).isEqualTo("two");
        assertThat(onTwo.status()).isEqualTo("created");
        assertThat(wt.watchtower.containers(null, "two")).extracting(ContainerInfo::id).contains(b).doesNotContain(a);

        String t = "/api/watchtower/containers/{id}";
        try {
            wt.call(TestApiRequest.of(HttpMethod.GET, t).withPathParam("id", name));
            throw new AssertionError("the same name on two engines must be ambiguous");
        } catch (ApiException e) {
            assertThat(e.status()).isEqualTo(409);
            assertThat(e.getMessage()).contains("one/" + name).contains("two/" + name);
        }
        Object found = wt.call(TestApiRequest.of(HttpMethod.GET, t).withPathParam("id", name).withQuery("endpoint", "two"));
        assertThat(found.toString()).contains(b);
        assertThat(wt.watchtower.health().details().get("status")).isEqualTo("healthy");
    }
}
