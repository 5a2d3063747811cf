package dev.alexos.testkit;

import static dev.alexos.testkit.AlexOsAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.alexos.core.json.Json;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

@AgentTest(module = "ticker", config = {"interval=20s", "retry.max=3"})
class AgentTestExtensionTest {

    @Test
    void injectsAKitConfiguredFromTheAnnotation(AgentTestKit kit) {
        assertThat(kit.module()).isEqualTo("ticker");
        assertThat(kit.config().section("retry").integer("max", 0, 0, 10)).isEqualTo(3);
        kit.start(new TickerAgent());
        kit.advance(Duration.ofSeconds(60));
        assertThat(kit.events()).hasCount("ticker.tick", 3);
    }

    @Test
    @AgentTest(module = "other")
    void methodAnnotationWins(AgentTestKit kit) {
        assertThat(kit.module()).isEqualTo("other");
        assertThat(kit.config().keys()).isEmpty();
    }

    @Test
    void parsesNestedKeys() {
        assertThat(AgentTestExtension.parseConfig(new String[] {"a.b=1", "a.c = x,y", "d=2"}))
                .isEqualTo(Map.of("a", Map.of("b", "1", "c", "x,y"), "d", "2"));
        assertThatThrownBy(() -> AgentTestExtension.parseConfig(new String[] {"novalue"}))
                .hasMessageContaining("not key=value");
    }

    @Test
    void eventAssertionsExplainWhatWasCaptured(AgentTestKit kit) {
        kit.publish("chainbot.workflow_started", Json.object().put("id", "w1"));
        assertThatThrownBy(() -> assertThat(kit.events()).containsTopic("chainbot.workflow_executed"))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("Expected an event with topic <chainbot.workflow_executed>")
                .hasMessageContaining("#1 chainbot.workflow_started from test {\"id\":\"w1\"}");
        assertThatThrownBy(() -> assertThat(kit.events()).lastEvent("chainbot.workflow_started").hasData("id", "w2"))
                .hasMessageContaining("to have data id = <w2> but it was <\"w1\">");
        assertThat(kit.events()).containsEvent("chainbot.workflow_started", Map.of("id", "w1"))
                .containsTopicsInOrder("chainbot.workflow_started").doesNotContainTopic("watchtower.*");
        assertThat(List.of(1)).hasSize(1);
    }
}
