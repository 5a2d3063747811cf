package dev.alexos.testkit;

import dev.alexos.core.Agent;
import dev.alexos.core.Task;
import dev.alexos.core.json.Json;
import java.util.Map;

/** The testkit's own sample agent passes the compatibility kit. */
class TickerAgentCompatibilityTest extends AgentCompatibilityKit {

    @Override
    protected Agent createAgent() {
        return new TickerAgent();
    }

    @Override
    protected String module() {
        return "ticker";
    }

    @Override
    protected Map<String, ?> config() {
        return Map.of("interval", "15s", "api_key", "sk-do-not-leak");
    }

    @Override
    protected Task longRunningTask() {
        return Task.of("wait", Json.object().put("seconds", 3600));
    }
}
