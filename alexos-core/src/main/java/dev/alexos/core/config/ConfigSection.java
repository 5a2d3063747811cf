package dev.alexos.core.config;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A typed view of one section of the configuration (e.g. {@code watchtower}, {@code chainbot}).
 *
 * <p>Values come from the YAML file with environment variables on top. Every getter validates:
 * a present but invalid value throws {@link ConfigException} naming the full key, the value and
 * what is allowed. Modules read their settings in {@code start} so that bad values stop
 * start-up. Immutable and thread-safe.
 */
public interface ConfigSection {

    /** The dotted path of this section ({@code watchtower}), empty for the root. */
    String path();

    /** A nested section (empty when absent). */
    ConfigSection section(String name);

    /** Whether the key is set (to anything). */
    boolean has(String key);

    /** The keys directly under this section. */
    Set<String> keys();

    Optional<String> string(String key);

    String string(String key, String defaultValue);

    /** An integer in {@code [min, max]}. */
    int integer(String key, int defaultValue, int min, int max);

    long longValue(String key, long defaultValue, long min, long max);

    double decimal(String key, double defaultValue, double min, double max);

    /** {@code true/false/yes/no/on/off/1/0}, case-insensitive. */
    boolean bool(String key, boolean defaultValue);

    /**
     * A duration: a number of seconds ({@code 30}), or with a unit ({@code 250ms}, {@code 30s},
     * {@code 5m}, {@code 2h}, {@code 1d}), or ISO-8601 ({@code PT30S}); within {@code [min, max]}.
     */
    Duration duration(String key, Duration defaultValue, Duration min, Duration max);

    /** One of the {@code allowed} values, case-insensitive; returned in lower case. */
    String oneOf(String key, String defaultValue, Set<String> allowed);

    /** An enum constant by name, case-insensitive, {@code -} and {@code _} interchangeable. */
    <E extends Enum<E>> E enumValue(String key, Class<E> type, E defaultValue);

    /** A list of strings (a YAML list, or a comma-separated string). */
    List<String> list(String key);

    /** A list of nested sections (a YAML list of maps). */
    List<ConfigSection> sections(String key);

    /** A secret: its {@code toString()} never shows the value. */
    Optional<Secret> secret(String key);

    /** Plain data of this section with every secret-looking value redacted, for display. */
    java.util.Map<String, Object> redacted();
}
