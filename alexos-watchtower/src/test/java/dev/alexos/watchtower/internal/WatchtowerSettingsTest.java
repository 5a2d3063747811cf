package dev.alexos.watchtower.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.alexos.core.config.AlexOsConfig;
import dev.alexos.core.config.ConfigException;
import dev.alexos.core.config.ConfigSection;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WatchtowerSettingsTest {

    private static ConfigSection section(Map<String, Object> values) {
        return AlexOsConfig.of(Map.of("watchtower", values)).section("watchtower");
    }

    @Test
    void defaultsToDockerHostFromTheEnvironmentOrTheStandardSocket() {
        WatchtowerSettings s = WatchtowerSettings.from(section(Map.of()), k -> null);
        assertThat(s.endpoints()).singleElement().satisfies(e -> {
            assertThat(e.name()).isEqualTo("local");
            assertThat(e.host()).isEqualTo("unix:///var/run/docker.sock");
        });
        assertThat(s.monitoringInterval()).isEqualTo(Duration.ofSeconds(30));
        WatchtowerSettings env = WatchtowerSettings.from(section(Map.of()),
                k -> k.equals("DOCKER_HOST") ? "tcp://127.0.0.1:2375" : null);
        assertThat(env.endpoints().get(0).host()).isEqualTo("tcp://127.0.0.1:2375");
    }

    @Test
    void readsEndpointsAndIntervals() {
        WatchtowerSettings s = WatchtowerSettings.from(section(Map.of(
                "monitoring_interval", "45",
                "stats_interval", "0",
                "endpoints", List.of(
                        Map.of("name", "one", "host", "unix:///tmp/one.sock"),
                        Map.of("name", "two", "host", "tcp://127.0.0.1:2376", "tls_verify", "true",
                                "cert_path", "/certs", "timeout", "2s")))), k -> null);
        assertThat(s.endpoints()).extracting(EndpointSettings::name).containsExactly("one", "two");
        assertThat(s.endpoints().get(1).tlsVerify()).isTrue();
        assertThat(s.endpoints().get(1).timeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(s.monitoringInterval()).isEqualTo(Duration.ofSeconds(45));
        assertThat(s.statsInterval()).isZero();
    }

    @Test
    void invalidValuesNameTheKey() {
        assertThatThrownBy(() -> WatchtowerSettings.from(section(Map.of(
                "endpoints", List.of(Map.of("name", "x", "host", "http://nope")))), k -> null))
                .isInstanceOf(ConfigException.class).hasMessageContaining("watchtower.endpoints[0].host")
                .hasMessageContaining("http://nope");
        assertThatThrownBy(() -> WatchtowerSettings.from(section(Map.of(
                "endpoints", List.of(Map.of("name", "a", "host", "unix:///a"), Map.of("name", "a", "host", "unix:///b")))),
                k -> null)).isInstanceOf(ConfigException.class).hasMessageContaining("watchtower.endpoints[1].name");
        assertThatThrownBy(() -> WatchtowerSettings.from(section(Map.of(
                "monitoring_interval", "0")), k -> null)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("watchtower.monitoring_interval");
        assertThatThrownBy(() -> WatchtowerSettings.from(section(Map.of(
                "endpoints", List.of(Map.of("name", "Bad Name", "host", "unix:///a")))), k -> null))
                .isInstanceOf(ConfigException.class).hasMessageContaining("endpoints[0].name");
    }

    @Test
    void adaptiveStatsKeysAreReadAndValidated() {
        WatchtowerSettings s = WatchtowerSettings.from(section(Map.of(
                "stats_interval", "2s", "stats_background_interval", "0", "stats_hot_for", "90s")), k -> null);
        assertThat(s.statsInterval()).isEqualTo(Duration.ofSeconds(2));
        assertThat(s.statsBackgroundInterval()).isZero();
        assertThat(s.statsHotFor()).isEqualTo(Duration.ofSeconds(90));
        WatchtowerSettings d = WatchtowerSettings.from(section(Map.of()), k -> null);
        assertThat(d.statsInterval()).isEqualTo(Duration.ofSeconds(5));
        assertThat(d.statsBackgroundInterval()).isEqualTo(Duration.ofMinutes(5));
        assertThat(d.statsHotFor()).isEqualTo(Duration.ofMinutes(5));
        assertThat(WatchtowerSettings.from(section(Map.of("stats_interval", "30m")), k -> null)
                .statsBackgroundInterval()).isEqualTo(Duration.ofMinutes(30));
        assertThatThrownBy(() -> WatchtowerSettings.from(section(Map.of(
                "stats_interval", "10s", "stats_background_interval", "2s")), k -> null))
                .isInstanceOf(ConfigException.class).hasMessageContaining("watchtower.stats_background_interval")
                .hasMessageContaining("2s").hasMessageContaining("at least stats_interval");
        assertThatThrownBy(() -> WatchtowerSettings.from(section(Map.of(
                "stats_hot_for", "-1s")), k -> null))
                .isInstanceOf(ConfigException.class).hasMessageContaining("watchtower.stats_hot_for");
        assertThatThrownBy(() -> WatchtowerSettings.from(section(Map.of(
                "stats_background_interval", "forever")), k -> null))
                .isInstanceOf(ConfigException.class).hasMessageContaining("watchtower.stats_background_interval");
    }
}
