package dev.alexos.chainbot.internal.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import dev.alexos.chainbot.workflow.RunStatus;
import dev.alexos.chainbot.workflow.WorkflowRun;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SmokeTest {
    @TempDir
    Path dir;

    @Test
    void runsASequenceThroughAnAgent() throws Exception {
        try (Harness h = new Harness(dir)) {
            h.start();
            ScriptedAgent echo = h.echo("echo-1");
            h.define("""
                    id: hello
                    steps:
                      - id: greet
                        type: agent_task
                        config: {agent: echo-1, action: say, params: {text: "hello ${inputs.name}"}}
                      - id: shout
                        type: transform
                        config: {value: {loud: "${upper(steps.greet.output.text)}"}}
                    output: "${steps.shout.output.loud}"
                    """);
            WorkflowRun r = h.execute("hello", "{\"name\": \"ada\"}");
            assertThat(r.error()).isNull();
            assertThat(r.status()).isEqualTo(RunStatus.COMPLETED);
            assertThat(r.result().asText()).isEqualTo("HELLO ADA");
            assertThat(echo.tasks).hasSize(1);
            assertThat(h.engine.run(r.id()).orElseThrow().steps()).hasSize(2);
            assertThat(h.ledger.entries).hasSize(1);
        }
    }
}
