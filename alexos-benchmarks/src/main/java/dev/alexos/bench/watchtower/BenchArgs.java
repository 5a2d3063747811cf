package dev.alexos.bench.watchtower;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * {@code key=value} command-line arguments of the load drivers, each with a default and a
 * range: an unknown key or a value out of range stops the driver with a message naming it.
 */
public final class BenchArgs {
    private final Map<String, String> values = new HashMap<>();

    public BenchArgs(String[] args, Set<String> known) {
        for (String a : args) {
            int eq = a.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("argument '" + a + "': expected key=value, keys " + known);
            }
            String key = a.substring(0, eq);
            if (!known.contains(key)) {
                throw new IllegalArgumentException("unknown argument '" + key + "': expected one of " + known);
            }
            values.put(key, a.substring(eq + 1));
        }
    }

    public int integer(String key, int defaultValue, int min, int max) {
        String v = values.get(key);
        if (v == null) {
            return defaultValue;
        }
        int n;
        try {
            n = Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("argument '" + key + "': not an integer: " + v);
        }
        if (n < min || n > max) {
            throw new IllegalArgumentException("argument '" + key + "': " + n + " is outside " + min + ".." + max);
        }
        return n;
    }

    public String string(String key, String defaultValue) {
        return values.getOrDefault(key, defaultValue);
    }
}
