package dev.alexos.core;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.alexos.core.compliance.ComplianceResult;
import dev.alexos.core.json.Json;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Values with enums serialize with the documented lower-case wire names, and read back. */
class WireNamesTest {

    @Test
    void enumsUseTheirWireNamesInJson() throws Exception {
        JsonNode h = Json.mapper().valueToTree(Health.notConfigured("no key").withDetails(Map.of("a", 1)));
        assertThat(h.get("status").asText()).isEqualTo("not_configured");
        assertThat(Json.mapper().valueToTree(AgentState.RUNNING).asText()).isEqualTo("running");
        assertThat(Json.mapper().valueToTree(TaskResult.failure("x")).get("status").asText()).isEqualTo("failed");
        JsonNode r = Json.mapper().valueToTree(new ComplianceResult("c", "t", ComplianceResult.Severity.HIGH,
                ComplianceResult.Status.NOT_APPLICABLE, "s", List.of(), null));
        assertThat(r.get("severity").asText()).isEqualTo("high");
        assertThat(r.get("status").asText()).isEqualTo("not_applicable");
        assertThat(Json.mapper().readValue("\"degraded\"", Health.Status.class)).isEqualTo(Health.Status.DEGRADED);
    }
}
