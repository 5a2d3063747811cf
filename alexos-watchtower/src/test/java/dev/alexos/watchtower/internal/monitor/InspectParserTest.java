package dev.alexos.watchtower.internal.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.alexos.core.json.Json;
import dev.alexos.watchtower.ContainerInfo;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Against inspect documents captured from a real Docker 20.10 engine (see fixtures/). */
class InspectParserTest {

    static JsonNode fixture(String name) throws IOException {
        try (InputStream in = InspectParserTest.class.getResourceAsStream("/fixtures/" + name)) {
            return Json.mapper().readTree(in);
        }
    }

    @Test
    void parsesARunningUnhealthyContainer() throws IOException {
        ContainerInfo c = InspectParser.parse("local", fixture("inspect-unhealthy.json"));
        assertThat(c.name()).isEqualTo("c2");
        assertThat(c.id()).hasSize(64);
        assertThat(c.image()).isEqualTo("local/unhealthy:1");
        assertThat(c.imageId()).startsWith("sha256:");
        assertThat(c.status()).isEqualTo("running");
        assertThat(c.health()).isEqualTo("unhealthy");
        assertThat(c.state()).isEqualTo("running (unhealthy)");
        assertThat(c.startedAt()).isEqualTo(Instant.parse("2026-11-23T22:56:21.968266551Z"));
        assertThat(c.finishedAt()).isNull();
        assertThat(c.networks()).containsExactly("none");
        assertThat(c.endpoint()).isEqualTo("local");
        assertThat(c.shortId()).hasSize(12);
    }

    @Test
    void parsesMountsLabelsAndEnvNamesAndRedactsValues() throws IOException {
        JsonNode raw = fixture("inspect-privileged.json");
        assertThat(raw.toString()).contains("supersecret");
        ContainerInfo c = InspectParser.parse("edge", raw);
        assertThat(c.status()).isEqualTo("created");
        assertThat(c.health()).isEqualTo("none");
        assertThat(c.labels()).containsEntry("app", "web");
        assertThat(c.envNames()).contains("API_KEY", "PLAIN");
        assertThat(c.mounts()).singleElement().satisfies(m -> {
            assertThat(m.destination()).isEqualTo("/var/run/docker.sock");
            assertThat(m.type()).isEqualTo("bind");
            assertThat(m.readWrite()).isTrue();
        });
        JsonNode redacted = InspectParser.redact(raw);
        assertThat(redacted.toString()).doesNotContain("supersecret").contains("API_KEY=******");
        assertThat(raw.toString()).contains("supersecret"); // the original is not touched
        assertThat(Json.mapper().valueToTree(c).toString()).doesNotContain("supersecret");
    }

    @Test
    void describesStates() {
        assertThat(InspectParser.describe("exited", "none", 137)).isEqualTo("exited (137)");
        assertThat(InspectParser.describe("running", "none", 0)).isEqualTo("running");
        assertThat(InspectParser.describe("paused", "healthy", 0)).isEqualTo("paused");
    }

    @Test
    void portsFromBindingsAndExposure() {
        var doc = Json.object();
        doc.put("Id", "a".repeat(64)).putObject("State").put("Status", "running");
        var ports = doc.putObject("NetworkSettings").putObject("Ports");
        ports.putArray("80/tcp").addObject().put("HostIp", "127.0.0.1").put("HostPort", "8080");
        ports.putNull("53/udp");
        doc.putObject("Config").putObject("ExposedPorts").putObject("9000/tcp");
        ContainerInfo c = InspectParser.parse("local", doc);
        assertThat(c.ports()).containsExactly(new ContainerInfo.Port(80, "tcp", "127.0.0.1", 8080),
                new ContainerInfo.Port(53, "udp", null, null), new ContainerInfo.Port(9000, "tcp", null, null));
    }
}
