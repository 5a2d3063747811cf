package dev.alexos.watchtower.internal.update;

import java.time.Duration;

/** Settings used only to read labels (no global overrides). */
final class UpdateSettingsDefaults {
    static final UpdateSettings NONE = new UpdateSettings(Duration.ofMinutes(5), null, false, false, false, false,
            UpdatePolicy.Window.ALWAYS, Duration.ZERO, Duration.ofMinutes(1), Duration.ofSeconds(10), 100);

    private UpdateSettingsDefaults() {
    }
}
