package dev.alexos.watchtower.internal.update;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class UpdatePolicyTest {
    private static final UpdateSettings DEFAULTS = UpdateSettingsDefaults.NONE;

    private static UpdateSettings labelEnable() {
        return new UpdateSettings(Duration.ofMinutes(5), null, true, true, false, true, UpdatePolicy.Window.ALWAYS, Duration.ZERO,
                Duration.ofMinutes(1), Duration.ofSeconds(10), 100);
    }

    @Test
    void containrrrLabelsAreHonoured() {
        assertThat(UpdatePolicy.of(Map.of("com.centurylinklabs.watchtower.enable", "false"), DEFAULTS).watched()).isFalse();
        assertThat(UpdatePolicy.of(Map.of("com.centurylinklabs.watchtower.monitor-only", "true"), DEFAULTS).monitorOnly()).isTrue();
        assertThat(UpdatePolicy.of(Map.of(), DEFAULTS).watched()).isTrue();
    }

    @Test
    void ourLabelsWinOverContainrrrs() {
        var labels = Map.of(UpdatePolicy.LEGACY_ENABLE, "false", UpdatePolicy.ENABLE, "true");
        assertThat(UpdatePolicy.of(labels, DEFAULTS).watched()).isTrue();
    }

    @Test
    void labelEnableWatchesOnlyOptedInContainers() {
        assertThat(UpdatePolicy.of(Map.of(), labelEnable()).watched()).isFalse();
        assertThat(UpdatePolicy.of(Map.of(UpdatePolicy.ENABLE, "true"), labelEnable()).watched()).isTrue();
    }

    @Test
    void dependsOnLabelIsParsed() {
        assertThat(UpdatePolicy.of(Map.of(UpdatePolicy.DEPENDS_ON, "db, /cache"), DEFAULTS).dependsOn()).containsExactly("db", "cache");
    }

    @Test
    void dependencyOrderPutsDependenciesFirstAndSurvivesCycles() {
        assertThat(DependencyOrder.sort(List.of("web", "db", "cache"), Map.of("web", List.of("db", "cache"), "cache", List.of("db"))))
                .containsExactly("db", "cache", "web");
        assertThat(DependencyOrder.sort(List.of("a", "b"), Map.of("a", List.of("b"), "b", List.of("a")))).containsExactlyInAnyOrder("a", "b");
    }

    @Test
    void maintenanceWindowMayWrapMidnight() {
        var w = UpdatePolicy.Window.parse("22:00-02:00");
        assertThat(w.isOpen(Instant.parse("2026-01-01T23:30:00Z"))).isTrue();
        assertThat(w.isOpen(Instant.parse("2026-01-01T01:59:00Z"))).isTrue();
        assertThat(w.isOpen(Instant.parse("2026-01-01T12:00:00Z"))).isFalse();
        assertThat(UpdatePolicy.Window.parse("").isOpen(Instant.EPOCH)).isTrue();
        assertThatThrownBy(() -> UpdatePolicy.Window.parse("2am")).hasMessageContaining("HH:mm-HH:mm");
    }

    @Test
    void coolDownWaitsUntilTheImageIsOldEnough() {
        Instant seen = Instant.parse("2026-01-01T00:00:00Z");
        assertThat(UpdatePolicy.cooledDown(seen, Duration.ofHours(6), seen.plus(Duration.ofHours(5)))).isFalse();
        assertThat(UpdatePolicy.cooledDown(seen, Duration.ofHours(6), seen.plus(Duration.ofHours(6)))).isTrue();
        assertThat(UpdatePolicy.cooledDown(seen, Duration.ZERO, seen)).isTrue();
    }
}
