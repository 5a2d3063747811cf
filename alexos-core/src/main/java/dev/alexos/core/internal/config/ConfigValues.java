package dev.alexos.core.internal.config;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parsing and redaction helpers shared by the configuration classes. */
final class ConfigValues {
    static final String REDACTED = "******";
    private static final Pattern DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m|h|d)?");
    private static final Set<String> TRUE = Set.of("true", "yes", "on", "1");
    private static final Set<String> FALSE = Set.of("false", "no", "off", "0");

    private ConfigValues() {
    }

    /** Whether a key names a secret: its value is never shown. */
    static boolean isSecretKey(String key) {
        String k = key.toLowerCase(Locale.ROOT);
        return k.contains("key") || k.contains("token") || k.contains("password") || k.contains("secret");
    }

    /** {@code null} when the text is not a boolean. */
    static Boolean parseBool(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        if (TRUE.contains(t)) {
            return Boolean.TRUE;
        }
        return FALSE.contains(t) ? Boolean.FALSE : null;
    }

    /** {@code null} when the text is not a duration. */
    static Duration parseDuration(String text) {
        String t = text.trim();
        if (t.regionMatches(true, 0, "P", 0, 1)) {
            try {
                return Duration.parse(t.toUpperCase(Locale.ROOT));
            } catch (DateTimeParseException e) {
                return null;
            }
        }
        Matcher m = DURATION.matcher(t.toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            return null;
        }
        double amount = Double.parseDouble(m.group(1));
        String unit = m.group(2) == null ? "s" : m.group(2);
        double millis = switch (unit) {
            case "ms" -> amount;
            case "s" -> amount * 1_000;
            case "m" -> amount * 60_000;
            case "h" -> amount * 3_600_000;
            default -> amount * 86_400_000;
        };
        if (millis > Long.MAX_VALUE / 2) {
            return null;
        }
        return Duration.ofNanos(Math.round(millis * 1_000_000));
    }

    /** A short human form: {@code 250ms}, {@code 30s}, {@code 5m}, {@code 2h}, {@code 1d}. */
    static String format(Duration d) {
        long ms = d.toMillis();
        if (ms == 0 || ms % 1000 != 0) {
            return ms + "ms";
        }
        long s = ms / 1000;
        if (s % 86_400 == 0) {
            return s / 86_400 + "d";
        }
        if (s % 3600 == 0) {
            return s / 3600 + "h";
        }
        if (s % 60 == 0) {
            return s / 60 + "m";
        }
        return s + "s";
    }

    /** A deep copy of plain data with every secret-looking key's value replaced by {@link #REDACTED}. */
    static Map<String, Object> redact(Map<String, Object> values) {
        Map<String, Object> out = new LinkedHashMap<>();
        values.forEach((k, v) -> out.put(k, isSecretKey(k) && v != null ? REDACTED : redactValue(v)));
        return out;
    }

    /** A value with every secret-looking key inside it redacted. */
    @SuppressWarnings("unchecked")
    static Object redactValue(Object v) {
        if (v instanceof Map<?, ?> m) {
            return redact((Map<String, Object>) m);
        }
        if (v instanceof List<?> l) {
            return l.stream().map(ConfigValues::redactValue).toList();
        }
        return v;
    }
}
