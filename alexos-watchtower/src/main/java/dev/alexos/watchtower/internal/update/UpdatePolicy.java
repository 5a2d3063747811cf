package dev.alexos.watchtower.internal.update;

import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What may happen to one container: watched or not, monitor-only or updatable, and when.
 * Built from the global settings and the container's labels. Our labels
 * ({@code dev.alexos.watchtower.*}) and containrrr/watchtower's
 * ({@code com.centurylinklabs.watchtower.enable}, {@code ...monitor-only}) are both honoured, so
 * its users switch without relabelling; ours win when both are set.
 *
 * @param watched whether updates are checked at all
 * @param monitorOnly detect and notify, never change the container
 * @param autoUpdate apply updates on the schedule (otherwise on request only)
 * @param dependsOn names of containers that must be updated first
 */
public record UpdatePolicy(boolean watched, boolean monitorOnly, boolean autoUpdate, List<String> dependsOn) {

    public static final String ENABLE = "dev.alexos.watchtower.enable";
    public static final String MONITOR_ONLY = "dev.alexos.watchtower.monitor-only";
    public static final String DEPENDS_ON = "dev.alexos.watchtower.depends-on";
    public static final String LEGACY_ENABLE = "com.centurylinklabs.watchtower.enable";
    public static final String LEGACY_MONITOR_ONLY = "com.centurylinklabs.watchtower.monitor-only";
    public static final String LEGACY_DEPENDS_ON = "com.centurylinklabs.watchtower.depends-on";

    public UpdatePolicy {
        dependsOn = List.copyOf(dependsOn);
    }

    /** The policy of a container with these labels under these settings. */
    public static UpdatePolicy of(Map<String, String> labels, UpdateSettings settings) {
        Map<String, String> l = labels == null ? Map.of() : labels;
        Boolean enable = flag(l, ENABLE, LEGACY_ENABLE);
        boolean watched = enable != null ? enable : !settings.labelEnable();
        Boolean monitor = flag(l, MONITOR_ONLY, LEGACY_MONITOR_ONLY);
        boolean monitorOnly = monitor != null ? monitor : settings.monitorOnly();
        String deps = l.getOrDefault(DEPENDS_ON, l.getOrDefault(LEGACY_DEPENDS_ON, ""));
        List<String> dependsOn = Arrays.stream(deps.split(",")).map(String::trim).filter(s -> !s.isEmpty())
                .map(s -> s.startsWith("/") ? s.substring(1) : s).toList();
        return new UpdatePolicy(watched, monitorOnly, settings.autoUpdate(), dependsOn);
    }

    private static Boolean flag(Map<String, String> labels, String ours, String legacy) {
        String v = labels.containsKey(ours) ? labels.get(ours) : labels.get(legacy);
        return v == null ? null : Boolean.valueOf(v.trim().toLowerCase(Locale.ROOT).equals("true"));
    }

    /**
     * A maintenance window {@code HH:mm-HH:mm} in UTC (may wrap midnight), or always open.
     */
    public record Window(LocalTime from, LocalTime to) {
        public static final Window ALWAYS = new Window(null, null);

        /**
         * @throws IllegalArgumentException for anything but {@code HH:mm-HH:mm}
         */
        public static Window parse(String text) {
            if (text == null || text.isBlank()) {
                return ALWAYS;
            }
            String[] parts = text.trim().split("-");
            if (parts.length != 2) {
                throw new IllegalArgumentException("expected HH:mm-HH:mm (UTC), e.g. 02:00-04:00");
            }
            try {
                return new Window(LocalTime.parse(parts[0].trim()), LocalTime.parse(parts[1].trim()));
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("expected HH:mm-HH:mm (UTC), e.g. 02:00-04:00");
            }
        }

        public boolean isOpen(java.time.Instant now) {
            if (from == null) {
                return true;
            }
            LocalTime t = ZonedDateTime.ofInstant(now, ZoneOffset.UTC).toLocalTime();
            return from.isBefore(to) ? !t.isBefore(from) && t.isBefore(to) : !t.isBefore(from) || t.isBefore(to);
        }

        @Override
        public String toString() {
            return from == null ? "" : from + "-" + to;
        }
    }

    /** Cool-down: an image seen for less than this is not applied yet. */
    public static boolean cooledDown(java.time.Instant firstSeen, Duration coolDown, java.time.Instant now) {
        return coolDown.isZero() || !firstSeen.plus(coolDown).isAfter(now);
    }
}
