package dev.alexos.core.internal.config;

import dev.alexos.core.config.ConfigException;
import dev.alexos.core.config.ConfigSection;
import dev.alexos.core.config.Secret;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * {@link ConfigSection} over plain, already-merged data (YAML with the environment on top).
 * {@code origins} maps a full dotted key to the environment variable that set it, so that
 * errors name the variable the user actually typed. Immutable: built once, never changed.
 */
public final class MapConfigSection implements ConfigSection {
    private final String path;
    private final Map<String, Object> values;
    private final Map<String, String> origins;

    /**
     * @param path the dotted path of this section, empty for the root
     * @param values this section's data (unmodifiable, nested maps unmodifiable too)
     * @param origins full key → environment variable name, for every env-sourced value
     */
    public MapConfigSection(String path, Map<String, Object> values, Map<String, String> origins) {
        this.path = path;
        this.values = values;
        this.origins = origins;
    }

    @Override
    public String path() {
        return path;
    }

    @Override
    @SuppressWarnings("unchecked")
    public ConfigSection section(String name) {
        Object v = values.get(name);
        if (v == null) {
            return new MapConfigSection(fullKey(name), Map.of(), origins);
        }
        if (v instanceof Map<?, ?> m) {
            return new MapConfigSection(fullKey(name), (Map<String, Object>) m, origins);
        }
        throw invalid(name, v, "expected a section (a map of keys), found " + describe(v));
    }

    @Override
    public boolean has(String key) {
        return values.get(key) != null;
    }

    @Override
    public Set<String> keys() {
        return Collections.unmodifiableSet(values.keySet());
    }

    @Override
    public Optional<String> string(String key) {
        Object v = values.get(key);
        if (v == null) {
            return Optional.empty();
        }
        if (v instanceof Map<?, ?> || v instanceof List<?>) {
            throw invalid(key, v, "expected a single value, found " + describe(v));
        }
        return Optional.of(String.valueOf(v));
    }

    @Override
    public String string(String key, String defaultValue) {
        return string(key).orElse(defaultValue);
    }

    @Override
    public int integer(String key, int defaultValue, int min, int max) {
        return (int) longValue(key, defaultValue, min, max, "an integer");
    }

    @Override
    public long longValue(String key, long defaultValue, long min, long max) {
        return longValue(key, defaultValue, min, max, "an integer");
    }

    private long longValue(String key, long defaultValue, long min, long max, String what) {
        Optional<String> text = string(key);
        if (text.isEmpty()) {
            return defaultValue;
        }
        String allowed = "expected " + what + " in [" + min + ", " + max + "]";
        try {
            long n = new BigDecimal(text.get().trim()).longValueExact();
            if (n < min || n > max) {
                throw invalid(key, text.get(), allowed);
            }
            return n;
        } catch (NumberFormatException | ArithmeticException e) {
            throw invalid(key, text.get(), allowed);
        }
    }

    @Override
    public double decimal(String key, double defaultValue, double min, double max) {
        Optional<String> text = string(key);
        if (text.isEmpty()) {
            return defaultValue;
        }
        String allowed = "expected a number in [" + min + ", " + max + "]";
        try {
            double d = Double.parseDouble(text.get().trim());
            if (Double.isNaN(d) || d < min || d > max) {
                throw invalid(key, text.get(), allowed);
            }
            return d;
        } catch (NumberFormatException e) {
            throw invalid(key, text.get(), allowed);
        }
    }

    @Override
    public boolean bool(String key, boolean defaultValue) {
        Optional<String> text = string(key);
        if (text.isEmpty()) {
            return defaultValue;
        }
        Boolean b = ConfigValues.parseBool(text.get());
        if (b == null) {
            throw invalid(key, text.get(), "expected true/false, yes/no, on/off or 1/0");
        }
        return b;
    }

    @Override
    public Duration duration(String key, Duration defaultValue, Duration min, Duration max) {
        Optional<String> text = string(key);
        if (text.isEmpty()) {
            return defaultValue;
        }
        Duration d = ConfigValues.parseDuration(text.get());
        if (d == null || d.compareTo(min) < 0 || d.compareTo(max) > 0) {
            throw invalid(key, text.get(), "expected a duration in [" + ConfigValues.format(min) + ", "
                    + ConfigValues.format(max) + "]: seconds (30), with a unit (250ms, 30s, 5m, 2h, 1d) or ISO-8601 (PT30S)");
        }
        return d;
    }

    @Override
    public String oneOf(String key, String defaultValue, Set<String> allowed) {
        Optional<String> text = string(key);
        if (text.isEmpty()) {
            return defaultValue;
        }
        String v = text.get().trim().toLowerCase(Locale.ROOT);
        for (String a : allowed) {
            if (a.toLowerCase(Locale.ROOT).equals(v)) {
                return v;
            }
        }
        throw invalid(key, text.get(), "expected one of " + sorted(allowed));
    }

    @Override
    public <E extends Enum<E>> E enumValue(String key, Class<E> type, E defaultValue) {
        Optional<String> text = string(key);
        if (text.isEmpty()) {
            return defaultValue;
        }
        String v = text.get().trim().replace('-', '_');
        for (E e : type.getEnumConstants()) {
            if (e.name().equalsIgnoreCase(v)) {
                return e;
            }
        }
        Set<String> names = new TreeSet<>();
        for (E e : type.getEnumConstants()) {
            names.add(e.name().toLowerCase(Locale.ROOT));
        }
        throw invalid(key, text.get(), "expected one of " + names);
    }

    @Override
    public List<String> list(String key) {
        Object v = values.get(key);
        if (v == null) {
            return List.of();
        }
        if (v instanceof List<?> l) {
            List<String> out = new ArrayList<>();
            for (Object item : l) {
                if (item == null || item instanceof Map<?, ?> || item instanceof List<?>) {
                    throw invalid(key, v, "expected a list of single values, found an item that is " + describe(item));
                }
                out.add(String.valueOf(item));
            }
            return List.copyOf(out);
        }
        if (v instanceof Map<?, ?>) {
            throw invalid(key, v, "expected a list or comma-separated values, found " + describe(v));
        }
        return java.util.Arrays.stream(String.valueOf(v).split(","))
                .map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    @Override
    @SuppressWarnings("unchecked")
    public List<ConfigSection> sections(String key) {
        Object v = values.get(key);
        if (v == null) {
            return List.of();
        }
        if (!(v instanceof List<?> l)) {
            throw invalid(key, v, "expected a list of sections (maps), found " + describe(v));
        }
        List<ConfigSection> out = new ArrayList<>();
        for (int i = 0; i < l.size(); i++) {
            if (!(l.get(i) instanceof Map<?, ?> m)) {
                throw invalid(key, v, "expected a list of sections (maps), item " + i + " is " + describe(l.get(i)));
            }
            out.add(new MapConfigSection(fullKey(key) + "[" + i + "]", (Map<String, Object>) m, origins));
        }
        return List.copyOf(out);
    }

    @Override
    public Optional<Secret> secret(String key) {
        return string(key).map(Secret::of);
    }

    @Override
    public Map<String, Object> redacted() {
        return ConfigValues.redact(values);
    }

    private String fullKey(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    /** An error naming the key (and its environment variable), the value (redacted if secret), what is allowed. */
    private ConfigException invalid(String key, Object value, String allowed) {
        String full = fullKey(key);
        String shown = ConfigValues.isSecretKey(key) ? ConfigValues.REDACTED
                : String.valueOf(ConfigValues.redactValue(value));
        String env = origins.get(full);
        String where = env == null ? full : env + " (" + full + ")";
        return new ConfigException(where + " = \"" + shown + "\": " + allowed, full, shown, allowed, null);
    }

    private static String describe(Object v) {
        if (v == null) {
            return "an empty value";
        }
        if (v instanceof Map<?, ?>) {
            return "a map";
        }
        return v instanceof List<?> ? "a list" : "a single value";
    }

    private static String sorted(Set<String> allowed) {
        return allowed.stream().map(a -> a.toLowerCase(Locale.ROOT)).sorted()
                .collect(Collectors.joining(", ", "[", "]"));
    }
}
