package dev.alexos.watchtower.internal;

import dev.alexos.core.Agent;
import dev.alexos.testkit.AgentCompatibilityKit;
import dev.alexos.testkit.AgentTestKit;
import dev.alexos.watchtower.testing.FakeEngine;
import dev.alexos.watchtower.testing.Harness;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

/** The testkit's Agent SPI checks, on watchtower-001 over a fake engine with a changing container. */
class WatchtowerAgentCompatibilityTest extends AgentCompatibilityKit {
    private FakeEngine engine;

    @Override
    protected Agent createAgent() {
        engine = new FakeEngine(Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC));
        engine.start(engine.create("web", "nginx:1.25"));
        Watchtower w = new Watchtower(Harness.settings(), e -> engine);
        return new WatchtowerAgent(w, new ContainerActions(w));
    }

    @Override
    protected String module() {
        return "watchtower";
    }

    @Override
    protected void exercise(AgentTestKit kit) {
        String id = engine.create("job", "busybox:1");
        engine.start(id);
        kit.advance(Duration.ofMinutes(1));
        engine.stop(id, 1);
        engine.goDown();
        kit.advance(Duration.ofMinutes(2));
        engine.comeBack();
        kit.advance(Duration.ofMinutes(7));
    }
}
