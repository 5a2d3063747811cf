package dev.alexos.watchtower.internal.update;

import dev.alexos.core.config.ConfigException;
import dev.alexos.core.config.ConfigSection;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Update settings (config section {@code watchtower}, the seed's names): {@code update_interval}
 * (seconds, default 300), {@code schedule} (a cron expression, see {@link UpdateSchedule}; when
 * set it replaces the interval), {@code auto_update} (default false: detect and show, update on
 * request), {@code cleanup}, {@code monitor_only}, {@code label_enable} (watch only containers
 * labelled enable=true), {@code maintenance_window} ({@code HH:mm-HH:mm} UTC),
 * {@code cooldown} (only apply an image published at least this long ago: counted from the
 * image's creation time in the registry, or from when it was first seen when the registry does
 * not tell), {@code health_timeout},
 * {@code health_grace}, {@code registry_budget} (manifest checks per registry per hour).
 */
public record UpdateSettings(Duration updateInterval, UpdateSchedule schedule, boolean autoUpdate, boolean cleanup, boolean monitorOnly,
        boolean labelEnable, UpdatePolicy.Window maintenanceWindow, Duration coolDown, Duration healthTimeout,
        Duration healthGrace, int registryBudget) {

    /**
     * Reads and validates the section.
     *
     * @throws ConfigException naming the key, value and what is allowed
     */
    public static UpdateSettings from(ConfigSection c) {
        UpdatePolicy.Window window;
        String w = c.string("maintenance_window", "");
        try {
            window = UpdatePolicy.Window.parse(w);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(c.path() + ".maintenance_window", w, e.getMessage());
        }
        String cron = c.string("schedule", "");
        UpdateSchedule schedule = null;
        if (!cron.isBlank()) {
            try {
                schedule = UpdateSchedule.parse(cron);
            } catch (IllegalArgumentException e) {
                throw new ConfigException(c.path() + ".schedule", cron, e.getMessage());
            }
        }
        return new UpdateSettings(
                c.duration("update_interval", Duration.ofSeconds(300), Duration.ofSeconds(10), Duration.ofDays(7)),
                schedule,
                c.bool("auto_update", false),
                c.bool("cleanup", true),
                c.bool("monitor_only", false),
                c.bool("label_enable", false),
                window,
                c.duration("cooldown", Duration.ZERO, Duration.ZERO, Duration.ofDays(30)),
                c.duration("health_timeout", Duration.ofSeconds(60), Duration.ofSeconds(1), Duration.ofMinutes(30)),
                c.duration("health_grace", Duration.ofSeconds(10), Duration.ZERO, Duration.ofMinutes(10)),
                c.integer("registry_budget", 100, 1, 100_000));
    }

    /** When the scheduled run after {@code now} is due: the cron's next fire time, else {@code now} + the interval. */
    public java.time.Instant nextRun(java.time.Instant now) {
        return schedule == null ? now.plus(updateInterval) : schedule.next(now).orElse(now.plus(updateInterval));
    }

    /** For display and {@code GET /config}. */
    public Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("update_interval", updateInterval.toSeconds());
        m.put("schedule", schedule == null ? "" : schedule.expression());
        m.put("auto_update", autoUpdate);
        m.put("cleanup", cleanup);
        m.put("monitor_only", monitorOnly);
        m.put("label_enable", labelEnable);
        m.put("maintenance_window", maintenanceWindow.toString());
        m.put("cooldown", coolDown.toSeconds());
        m.put("health_timeout", healthTimeout.toSeconds());
        m.put("health_grace", healthGrace.toSeconds());
        m.put("registry_budget", registryBudget);
        return m;
    }
}
