package dev.alexos.chainbot.internal.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/** Durations in definitions: seconds as a number, {@code 250ms}, {@code 30s}, {@code 5m}, {@code 2h}, {@code 1d}, or ISO-8601. */
final class Durations {
    private Durations() {
    }

    /** Parses a duration; null for null/missing; throws IllegalArgumentException with the allowed forms. */
    static Duration parse(JsonNode n) {
        if (n == null || n.isNull() || n.isMissingNode()) {
            return null;
        }
        if (n.isNumber()) {
            return nonNegative(Duration.ofMillis(Math.round(n.doubleValue() * 1000)), n.asText());
        }
        return parse(n.asText());
    }

    static Duration parse(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        try {
            if (t.startsWith("pt") || t.startsWith("p")) {
                return nonNegative(Duration.parse(t.toUpperCase(Locale.ROOT)), text);
            }
            if (t.endsWith("ms")) {
                return nonNegative(Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2).trim())), text);
            }
            char unit = t.isEmpty() ? ' ' : t.charAt(t.length() - 1);
            String num = Character.isDigit(unit) ? t : t.substring(0, t.length() - 1).trim();
            double v = Double.parseDouble(num);
            long ms = switch (unit) {
                case 's' -> Math.round(v * 1000);
                case 'm' -> Math.round(v * 60_000);
                case 'h' -> Math.round(v * 3_600_000);
                case 'd' -> Math.round(v * 86_400_000);
                default -> {
                    if (!Character.isDigit(unit)) {
                        throw new NumberFormatException();
                    }
                    yield Math.round(v * 1000);
                }
            };
            return nonNegative(Duration.ofMillis(ms), text);
        } catch (NumberFormatException | DateTimeParseException e) {
            throw new IllegalArgumentException("'" + text + "' is not a duration (use 30, 250ms, 30s, 5m, 2h, 1d or PT30S)");
        }
    }

    private static Duration nonNegative(Duration d, String text) {
        if (d.isNegative()) {
            throw new IllegalArgumentException("'" + text + "' is negative");
        }
        return d;
    }

    /** Text form for display: {@code 1500ms}, {@code 30s}. */
    static String format(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + "s" : d.toMillis() + "ms";
    }
}
