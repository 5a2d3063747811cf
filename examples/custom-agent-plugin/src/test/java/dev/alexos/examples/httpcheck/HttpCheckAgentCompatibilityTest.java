package dev.alexos.examples.httpcheck;

import dev.alexos.core.Agent;
import dev.alexos.testkit.AgentCompatibilityKit;
import dev.alexos.testkit.FakeHttpPeer;
import dev.alexos.testkit.HttpReply;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;

/** The checker follows the Agent SPI (checked by the testkit's compatibility kit). */
class HttpCheckAgentCompatibilityTest extends AgentCompatibilityKit {
    private static final FakeHttpPeer SERVICE = FakeHttpPeer.start();

    static {
        // Flapping, so that the exercise makes the agent publish and append.
        SERVICE.on("GET", "/health").replyTimes(2, HttpReply.status(503)).reply(HttpReply.status(200));
    }

    @AfterAll
    static void close() {
        SERVICE.close();
    }

    @Override
    protected Agent createAgent() {
        return new HttpCheckAgent();
    }

    @Override
    protected String module() {
        return "httpcheck";
    }

    @Override
    protected Map<String, ?> config() {
        return Map.of("endpoints", List.of(SERVICE.url() + "/health"), "interval", "30s", "failure_threshold", 1,
                "api_key", "not-used-but-must-not-leak");
    }
}
