package dev.alexos.chainbot.testing;

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

/** A test-only {@link ConfigSection} over nested maps (until the testkit lands). */
public final class MapConfig implements ConfigSection {
    private final String path;
    private final Map<String, Object> data;

    public MapConfig(String path, Map<String, Object> data) {
        this.path = path;
        this.data = data == null ? Map.of() : data;
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
        Object v = data.get(name);
        return new MapConfig(key(name), v instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of());
    }

    @Override
    public boolean has(String key) {
        return data.containsKey(key) && data.get(key) != null;
    }

    @Override
    public Set<String> keys() {
        return data.keySet();
    }

    @Override
    public Optional<String> string(String key) {
        Object v = data.get(key);
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
            long v = Long.parseLong(s.get().trim());
            if (v < min || v > max) {
                throw new ConfigException(key(key), s.get(), "expected an integer in [" + min + ", " + max + "]");
            }
            return v;
        } catch (NumberFormatException e) {
            throw new ConfigException(key(key), s.get(), "expected an integer in [" + min + ", " + max + "]");
        }
    }

    @Override
    public double decimal(String key, double defaultValue, double min, double max) {
        Optional<String> s = string(key);
        if (s.isEmpty()) {
            return defaultValue;
        }
        try {
            double v = Double.parseDouble(s.get());
            if (v < min || v > max) {
                throw new ConfigException(key(key), s.get(), "expected a number in [" + min + ", " + max + "]");
            }
            return v;
        } catch (NumberFormatException e) {
            throw new ConfigException(key(key), s.get(), "expected a number");
        }
    }

    @Override
    public boolean bool(String key, boolean defaultValue) {
        return string(key).map(s -> Set.of("true", "yes", "on", "1").contains(s.toLowerCase(Locale.ROOT))).orElse(defaultValue);
    }

    @Override
    public Duration duration(String key, Duration defaultValue, Duration min, Duration max) {
        Optional<String> s = string(key);
        if (s.isEmpty()) {
            return defaultValue;
        }
        String t = s.get().trim();
        Duration d;
        if (t.endsWith("ms")) {
            d = Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
        } else if (t.endsWith("s")) {
            d = Duration.ofMillis((long) (Double.parseDouble(t.substring(0, t.length() - 1)) * 1000));
        } else if (t.endsWith("m")) {
            d = Duration.ofMinutes(Long.parseLong(t.substring(0, t.length() - 1)));
        } else {
            d = Duration.ofMillis((long) (Double.parseDouble(t) * 1000));
        }
        if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
            throw new ConfigException(key(key), t, "expected a duration in [" + min + ", " + max + "]");
        }
        return d;
    }

    @Override
    public String oneOf(String key, String defaultValue, Set<String> allowed) {
        String v = string(key, defaultValue).toLowerCase(Locale.ROOT);
        if (!allowed.contains(v)) {
            throw new ConfigException(key(key), v, "expected one of " + allowed);
        }
        return v;
    }

    @Override
    public <E extends Enum<E>> E enumValue(String key, Class<E> type, E defaultValue) {
        return string(key).map(s -> Enum.valueOf(type, s.toUpperCase(Locale.ROOT).replace('-', '_'))).orElse(defaultValue);
    }

    @Override
    public List<String> list(String key) {
        Object v = data.get(key);
        if (v == null) {
            return List.of();
        }
        if (v instanceof List<?> l) {
            return l.stream().map(String::valueOf).toList();
        }
        return List.of(String.valueOf(v).split("\\s*,\\s*"));
    }

    @Override
    @SuppressWarnings("unchecked")
    public List<ConfigSection> sections(String key) {
        Object v = data.get(key);
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
    @SuppressWarnings("unchecked")
    public Map<String, Object> redacted() {
        Map<String, Object> out = new LinkedHashMap<>();
        data.forEach((k, v) -> {
            String lower = k.toLowerCase(Locale.ROOT);
            if (lower.contains("key") || lower.contains("token") || lower.contains("secret") || lower.contains("password")) {
                out.put(k, "******");
            } else if (v instanceof Map<?, ?> m) {
                out.put(k, new MapConfig(key(k), (Map<String, Object>) m).redacted());
            } else {
                out.put(k, v);
            }
        });
        return out;
    }
}
