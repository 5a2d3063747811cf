package dev.alexos.chainbot.internal;

import dev.alexos.core.Agent;
import dev.alexos.core.Health;
import dev.alexos.core.Task;
import dev.alexos.core.json.Json;
import dev.alexos.testkit.AgentCompatibilityKit;
import dev.alexos.testkit.AgentTestKit;
import java.util.Map;

/** {@code chainbot-001} passes the testkit's compatibility kit. */
class SystemAgentCompatibilityTest extends AgentCompatibilityKit {
    @Override
    protected Agent createAgent() {
        return new ChainBotSystemAgent(Health::healthy, () -> Map.of("agent_id", ChainBotSystemAgent.ID));
    }

    @Override
    protected String module() {
        return "chainbot";
    }

    @Override
    protected void exercise(AgentTestKit kit) {
        kit.send(ChainBotSystemAgent.ID, Task.of("status", Json.object())).join();
    }
}
