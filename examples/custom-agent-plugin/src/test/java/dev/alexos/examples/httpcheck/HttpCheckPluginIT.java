package dev.alexos.examples.httpcheck;

import static org.assertj.core.api.Assertions.assertThat;

import dev.alexos.core.AgentInfo;
import dev.alexos.core.plugin.PluginInfo;
import dev.alexos.testkit.FakeHttpPeer;
import dev.alexos.testkit.HttpReply;
import dev.alexos.testkit.PluginFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The jar Maven packaged is a working drop-in plugin: it loads, passes the checks, unloads cleanly. */
class HttpCheckPluginIT {

    @Test
    void packagedJarLoadsWorksAndUnloads() {
        Path jar = Path.of(System.getProperty("httpcheck.plugin.jar", "target/missing.jar"));
        assertThat(jar).as("the packaged plugin jar (run through mvn verify)").exists();
        try (FakeHttpPeer service = FakeHttpPeer.start();
                PluginFixture fx = PluginFixture.load(jar, Map.of("httpcheck", Map.of(
                        "endpoints", List.of(service.url() + "/health"), "interval", "30s", "failure_threshold", 1)))) {
            service.on("GET", "/health").replyOnce(HttpReply.status(500)).reply(HttpReply.status(200));
            assertThat(fx.plugins()).extracting(PluginInfo::id, PluginInfo::state)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("httpcheck", "started"));
            assertThat(fx.moduleIds()).containsExactly("httpcheck");
            assertThat(fx.agents()).extracting(AgentInfo::id).containsExactly("httpcheck-1");

            fx.clock().advance(Duration.ofSeconds(30));
            assertThat(fx.events().events("httpcheck.*")).extracting(e -> e.topic())
                    .containsExactly("httpcheck.endpoint_down", "httpcheck.endpoint_up");
            assertThat(fx.ledger().verify().ok()).isTrue();

            fx.checkAgents();
            fx.unloadAndAssertCollected(Duration.ofSeconds(20));
        }
        assertThat(Files.exists(jar)).isTrue();
    }
}
