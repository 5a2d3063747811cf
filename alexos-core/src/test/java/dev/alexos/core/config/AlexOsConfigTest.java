package dev.alexos.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.alexos.core.ledger.Durability;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AlexOsConfigTest {

    @TempDir
    Path dir;

    private Path yaml(String text) throws IOException {
        Path f = dir.resolve("alexos.yaml");
        Files.writeString(f, text);
        return f;
    }

    @Test
    void readsYamlSectionsAndTypedValues() throws IOException {
        AlexOsConfig c = AlexOsConfig.load(yaml("""
                data_dir: /var/lib/alexos
                server:
                  port: 9000
                  debug: yes
                ledger:
                  durability: every-append
                  group_max_delay: 5ms
                events:
                  replay_capacity: 500
                watchtower:
                  endpoints:
                    - name: local
                      host: unix:///var/run/docker.sock
                  images: [nginx, redis]
                  interval: PT30S
                """), Map.of());
        assertThat(c.root().string("data_dir")).contains("/var/lib/alexos");
        assertThat(c.section("server").integer("port", 8000, 1, 65535)).isEqualTo(9000);
        assertThat(c.section("server").bool("debug", false)).isTrue();
        assertThat(c.section("ledger").enumValue("durability", Durability.class, Durability.GROUP))
                .isEqualTo(Durability.EVERY_APPEND);
        assertThat(c.section("ledger").duration("group_max_delay", Duration.ZERO, Duration.ZERO, Duration.ofSeconds(1)))
                .isEqualTo(Duration.ofMillis(5));
        ConfigSection wt = c.section("watchtower");
        assertThat(wt.list("images")).containsExactly("nginx", "redis");
        assertThat(wt.sections("endpoints")).hasSize(1);
        assertThat(wt.sections("endpoints").get(0).string("name")).contains("local");
        assertThat(wt.sections("endpoints").get(0).path()).isEqualTo("watchtower.endpoints[0]");
        assertThat(wt.duration("interval", Duration.ZERO, Duration.ZERO, Duration.ofHours(1)))
                .isEqualTo(Duration.ofSeconds(30));
        assertThat(c.section("absent").keys()).isEmpty();
        assertThat(c.section("absent").integer("x", 7, 0, 10)).isEqualTo(7);
    }

    @Test
    void environmentOverridesYaml() throws IOException {
        AlexOsConfig c = AlexOsConfig.load(yaml("""
                server:
                  port: 9000
                chainbot:
                  api_url: http://file.example
                """), Map.of("WATCHTOWER_PORT", "8081", "CHAINBOT_API_URL", "http://env.example",
                "ALEXOS_EVENTS__REPLAY_CAPACITY", "42", "ALEXOS_DATA_DIR", "/data",
                "DOCKER_HOST", "tcp://127.0.0.1:2375", "ALEXOS_SERVER__PORT", "1234"));
        assertThat(c.section("server").integer("port", 8000, 1, 65535)).isEqualTo(8081);
        assertThat(c.section("chainbot").string("api_url")).contains("http://env.example");
        assertThat(c.section("events").integer("replay_capacity", 1, 1, 100)).isEqualTo(42);
        assertThat(c.root().string("data_dir")).contains("/data");
        assertThat(c.section("watchtower").string("docker_host")).contains("tcp://127.0.0.1:2375");
    }

    @Test
    void anEmptyVariableCountsAsUnset() throws IOException {
        AlexOsConfig c = AlexOsConfig.load(yaml("server:\n  port: 9000\n"),
                Map.of("WATCHTOWER_PORT", "", "CHAINBOT_API_KEY", "", "ALEXOS_EVENTS__REPLAY_CAPACITY", ""));
        assertThat(c.section("server").integer("port", 8000, 1, 65535)).isEqualTo(9000);
        assertThat(c.section("chainbot").secret("api_key")).isEmpty();
        assertThat(c.section("events").has("replay_capacity")).isFalse();
    }

    @Test
    void envSourcedErrorNamesTheVariable() {
        AlexOsConfig c = AlexOsConfig.load(null, Map.of("WATCHTOWER_PORT", "80a"));
        assertThatThrownBy(() -> c.section("server").integer("port", 8000, 1, 65535))
                .isInstanceOf(ConfigException.class)
                .hasMessage("WATCHTOWER_PORT (server.port) = \"80a\": expected an integer in [1, 65535]")
                .satisfies(e -> assertThat(((ConfigException) e).key()).isEqualTo("server.port"));
    }

    @Test
    void integerOutOfRangeAndNotANumber() {
        AlexOsConfig c = AlexOsConfig.of(Map.of("server", Map.of("port", 70000, "workers", "many")));
        assertThatThrownBy(() -> c.section("server").integer("port", 8000, 1, 65535))
                .hasMessage("server.port = \"70000\": expected an integer in [1, 65535]");
        assertThatThrownBy(() -> c.section("server").integer("workers", 1, 1, 64))
                .hasMessage("server.workers = \"many\": expected an integer in [1, 64]");
        assertThatThrownBy(() -> c.section("server").decimal("workers", 1, 0, 1))
                .hasMessage("server.workers = \"many\": expected a number in [0.0, 1.0]");
    }

    @Test
    void invalidBoolDurationOneOfEnumListAndSection() {
        AlexOsConfig c = AlexOsConfig.of(Map.of(
                "server", Map.of("debug", "maybe", "auth", "sometimes", "timeout", "10 parsecs"),
                "ledger", Map.of("durability", "always", "group_max_delay", "2h"),
                "watchtower", Map.of("images", Map.of("a", 1), "endpoints", "local"),
                "chainbot", "enabled"));
        assertThatThrownBy(() -> c.section("server").bool("debug", false))
                .hasMessage("server.debug = \"maybe\": expected true/false, yes/no, on/off or 1/0");
        assertThatThrownBy(() -> c.section("server").duration("timeout", Duration.ofSeconds(1), Duration.ZERO,
                Duration.ofMinutes(5)))
                .hasMessageStartingWith("server.timeout = \"10 parsecs\": expected a duration in [0ms, 5m]");
        assertThatThrownBy(() -> c.section("ledger").duration("group_max_delay", Duration.ZERO, Duration.ZERO,
                Duration.ofSeconds(1)))
                .hasMessageStartingWith("ledger.group_max_delay = \"2h\": expected a duration in [0ms, 1s]");
        assertThatThrownBy(() -> c.section("server").oneOf("auth", "token", Set.of("token", "open")))
                .hasMessage("server.auth = \"sometimes\": expected one of [open, token]");
        assertThatThrownBy(() -> c.section("ledger").enumValue("durability", Durability.class, Durability.GROUP))
                .hasMessage("ledger.durability = \"always\": expected one of [every_append, group, none]");
        assertThatThrownBy(() -> c.section("watchtower").list("images"))
                .hasMessage("watchtower.images = \"{a=1}\": expected a list or comma-separated values, found a map");
        assertThatThrownBy(() -> c.section("watchtower").sections("endpoints"))
                .hasMessage("watchtower.endpoints = \"local\": expected a list of sections (maps), found a single value");
        assertThatThrownBy(() -> c.section("chainbot"))
                .hasMessage("chainbot = \"enabled\": expected a section (a map of keys), found a single value");
    }

    @Test
    void lenientFormsAreAccepted() {
        AlexOsConfig c = AlexOsConfig.of(Map.of("s", Map.of("a", "OFF", "b", "nginx, redis ,", "c", "250ms",
                "d", "Every-Append", "e", 90, "f", "TOKEN")));
        ConfigSection s = c.section("s");
        assertThat(s.bool("a", true)).isFalse();
        assertThat(s.list("b")).isEqualTo(List.of("nginx", "redis"));
        assertThat(s.duration("c", Duration.ZERO, Duration.ZERO, Duration.ofSeconds(1))).isEqualTo(Duration.ofMillis(250));
        assertThat(s.enumValue("d", Durability.class, Durability.NONE)).isEqualTo(Durability.EVERY_APPEND);
        assertThat(s.duration("e", Duration.ZERO, Duration.ZERO, Duration.ofHours(1))).isEqualTo(Duration.ofSeconds(90));
        assertThat(s.oneOf("f", "open", Set.of("token", "open"))).isEqualTo("token");
    }

    @Test
    void secretsAreRedactedInErrorsAndDisplay() {
        AlexOsConfig c = AlexOsConfig.load(null, Map.of("CHAINBOT_API_KEY", "sk-live-123456",
                "ALEXOS_API_TOKEN", "tok-abcdef", "ALEXOS_CHAINBOT__DB_PASSWORD", "hunter2"));
        assertThatThrownBy(() -> c.section("chainbot").integer("api_key", 0, 0, 1))
                .hasMessage("CHAINBOT_API_KEY (chainbot.api_key) = \"******\": expected an integer in [0, 1]")
                .satisfies(e -> assertThat(((ConfigException) e).value()).isEqualTo("******"));
        assertThat(c.section("chainbot").secret("api_key").orElseThrow().reveal()).isEqualTo("sk-live-123456");
        assertThat(c.section("chainbot").secret("api_key").orElseThrow()).hasToString("******");
        assertThat(c.section("chainbot").redacted()).containsEntry("api_key", "******")
                .containsEntry("db_password", "******");
        assertThat(c.toString()).doesNotContain("sk-live", "tok-abc", "hunter2");
    }

    @Test
    void malformedYamlNamesFileLineAndColumn() throws IOException {
        Path f = yaml("server:\n  port: 8000\n  bind: [127.0.0.1\nchainbot:\n  api_key: sk-secret-value\n");
        assertThatThrownBy(() -> AlexOsConfig.load(f, Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(f.toString())
                .hasMessageMatching("(?s).*malformed YAML at line \\d+, column \\d+: .*")
                .hasMessageNotContaining("sk-secret-value");
    }

    @Test
    void missingFileAndNonMapTopLevelAreRejected() throws IOException {
        assertThatThrownBy(() -> AlexOsConfig.load(dir.resolve("nope.yaml"), Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("nope.yaml does not exist");
        Path f = yaml("- a\n- b\n");
        assertThatThrownBy(() -> AlexOsConfig.load(f, Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("expected a map of sections");
    }

    @Test
    void emptyFileAndEmptyConfigGiveDefaults() throws IOException {
        assertThat(AlexOsConfig.load(yaml(""), Map.of()).root().keys()).isEmpty();
        assertThat(AlexOsConfig.empty().section("server").string("bind", "127.0.0.1")).isEqualTo("127.0.0.1");
    }
}
