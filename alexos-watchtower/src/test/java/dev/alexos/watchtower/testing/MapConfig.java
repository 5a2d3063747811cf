package dev.alexos.watchtower.testing;

import dev.alexos.core.config.ConfigException;
import dev.alexos.core.config.ConfigSection;
import dev.alexos.core.config.Secret;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** A configuration section over a map (nested maps and lists as YAML would give). Test-only. */
public final class MapConfig implements ConfigSection {
    private final String path;
    private final Map<String, Object> values;

    public MapConfig(String path, Map<String, ?> values) {
        this.path = path;
        this.values = new LinkedHashMap<>(values);
    }

    private String key(String k) {
        return path.isEmpty() ? k : path + "." + k;
    }

    @Override
    public String path() {
        return path;
    }

    @Override
    @SuppressWarnings("unchecked")
    public ConfigSection section(String name) {
        Object v = values.get(name);
        return new MapConfig(key(name), v instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of());
    }

    @Override
    public boolean has(String key) {
        return values.containsKey(key);
    }

    @Override
    public Set<String> keys() {
        return values.keySet();
    }

    @Override
    public Optional<String> string(String key) {
        Object v = values.get(key);
        return v == null ? Optional.empty() : Optional.of(String.valueOf(v));
    }

    @Override
    public String string(String key, String defaultValue) {
        return string(key).orElse(defaultValue);
    }

    @Override
    public int integer(String key, int defaultValue, int min, int max) {
        return (int) longValue(key, defaultValue, min, max);
    }

    @Override
    public long longValue(String key, long defaultValue, long min, long max) {
        Optional<String> s = string(key);
        if (s.isEmpty()) {
            return defaultValue;
        }
        try {
            long v = Long.parseLong(s.get().strip());
            if (v < min || v > max) {
                throw new ConfigException(key(key), s.get(), "an integer in [" + min + ", " + max + "]");
            }
            return v;
        } catch (NumberFormatException e) {
            throw new ConfigException(key(key), s.get(), "an integer in [" + min + ", " + max + "]");
        }
    }

    @Override
    public double decimal(String key, double defaultValue, double min, double max) {
        return string(key).map(Double::parseDouble).orElse(defaultValue);
    }

    @Override
    public boolean bool(String key, boolean defaultValue) {
        return string(key).map(s -> switch (s.toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on", "1" -> true;
            case "false", "no", "off", "0" -> false;
            default -> throw new ConfigException(key(key), s, "true or false");
        }).orElse(defaultValue);
    }

    @Override
    public Duration duration(String key, Duration defaultValue, Duration min, Duration max) {
        Optional<String> s = string(key);
        if (s.isEmpty()) {
            return defaultValue;
        }
        String v = s.get().strip();
        Duration d;
        try {
            if (v.endsWith("ms")) {
                d = Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
            } else if (v.matches("\\d+[smhd]")) {
                long n = Long.parseLong(v.substring(0, v.length() - 1));
                d = switch (v.charAt(v.length() - 1)) {
                    case 's' -> Duration.ofSeconds(n);
                    case 'm' -> Duration.ofMinutes(n);
                    case 'h' -> Duration.ofHours(n);
                    default -> Duration.ofDays(n);
                };
            } else {
                d = Duration.ofSeconds(Long.parseLong(v));
            }
        } catch (NumberFormatException e) {
            throw new ConfigException(key(key), v, "a duration such as 30s");
        }
        if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
            throw new ConfigException(key(key), v, "a duration in [" + min + ", " + max + "]");
        }
        return d;
    }

    @Override
    public String oneOf(String key, String defaultValue, Set<String> allowed) {
        return string(key, defaultValue).toLowerCase(Locale.ROOT);
    }

    @Override
    public <E extends Enum<E>> E enumValue(String key, Class<E> type, E defaultValue) {
        return string(key).map(s -> Enum.valueOf(type, s.toUpperCase(Locale.ROOT).replace('-', '_'))).orElse(defaultValue);
    }

    @Override
    public List<String> list(String key) {
        Object v = values.get(key);
        if (v instanceof List<?> l) {
            return l.stream().map(String::valueOf).toList();
        }
        return v == null ? List.of() : List.of(String.valueOf(v).split(","));
    }

    @Override
    @SuppressWarnings("unchecked")
    public List<ConfigSection> sections(String key) {
        Object v = values.get(key);
        List<ConfigSection> out = new ArrayList<>();
        if (v instanceof List<?> l) {
            for (int i = 0; i < l.size(); i++) {
                out.add(new MapConfig(key(key) + "[" + i + "]", (Map<String, Object>) l.get(i)));
            }
        }
        return out;
    }

    @Override
    public Optional<Secret> secret(String key) {
        return string(key).map(Secret::of);
    }

    @Override
    public Map<String, Object> redacted() {
        return Map.copyOf(values);
    }
}
