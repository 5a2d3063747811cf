package dev.alexos.chainbot.internal.framework;

import dev.alexos.chainbot.FrameworkAgentSpec;
import dev.alexos.core.Agent;
import dev.alexos.core.Task;
import dev.alexos.core.json.Json;
import dev.alexos.testkit.AgentCompatibilityKit;
import dev.alexos.testkit.AgentTestKit;
import java.time.Instant;

/** A spawned data_processor agent (as the spawner registers it) passes the testkit's compatibility kit. */
class DataProcessorCompatibilityTest extends AgentCompatibilityKit {
    @Override
    protected Agent createAgent() {
        FrameworkAgentSpec spec = new FrameworkAgentSpec("dp-1", "Processor", "data_processor",
                Json.object().put("output_format", "csv"), Instant.parse("2026-01-01T00:00:00Z"));
        return new SpawnedAgent(spec, new DataProcessorType().create(spec));
    }

    @Override
    protected String module() {
        return "chainbot";
    }

    @Override
    protected void exercise(AgentTestKit kit) {
        kit.send("dp-1", Task.of("process", Json.object().put("input", "a,b\n1,2\n"))).join();
    }
}
