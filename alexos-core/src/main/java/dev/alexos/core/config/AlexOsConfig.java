package dev.alexos.core.config;

import dev.alexos.core.internal.config.ConfigLoader;
import dev.alexos.core.internal.config.MapConfigSection;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * The whole configuration of a runtime: one YAML file with environment variables on top.
 *
 * <p>Sections: {@code server}, {@code watchtower}, {@code chainbot}, {@code ledger},
 * {@code events}, one per module, and top-level {@code data_dir} and {@code plugins_dir}.
 * Environment variables override the file: {@code WATCHTOWER_PORT} → {@code server.port},
 * {@code WATCHTOWER_DEBUG} → {@code server.debug}, {@code CHAINBOT_API_URL} →
 * {@code chainbot.api_url}, {@code CHAINBOT_API_KEY} → {@code chainbot.api_key},
 * {@code DOCKER_HOST} → {@code watchtower.docker_host}, {@code ALEXOS_DATA_DIR} →
 * {@code data_dir}, {@code ALEXOS_PLUGINS_DIR} → {@code plugins_dir}, {@code ALEXOS_AUTH} →
 * {@code server.auth}, {@code ALEXOS_API_TOKEN} → {@code server.api_token},
 * {@code ALEXOS_BIND} → {@code server.bind}, and generically
 * {@code ALEXOS_<SECTION>__<KEY>} → {@code section.key} (lower case; more {@code __} nest
 * deeper). The named variables win over the generic form. A variable set to the empty
 * string counts as unset.
 *
 * <p>Values are validated when read through {@link ConfigSection}'s typed getters; an invalid
 * one throws {@link ConfigException} naming the key (and the variable, when it came from the
 * environment), the value (redacted when the key looks secret) and what is allowed.
 *
 * <pre>{@code
 * AlexOsConfig config = AlexOsConfig.load(Path.of("alexos.yaml"), System.getenv());
 * int port = config.section("server").integer("port", 8000, 1, 65535);
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 */
public final class AlexOsConfig {
    private static final AlexOsConfig EMPTY = of(Map.of());

    private final ConfigSection root;

    private AlexOsConfig(ConfigLoader.Loaded loaded) {
        this.root = new MapConfigSection("", loaded.values(), loaded.origins());
    }

    /**
     * Reads a YAML file (or nothing) and lays the environment on top.
     *
     * @param yamlFileOrNull the file; {@code null} for environment only
     * @param env environment variables, usually {@code System.getenv()}
     * @throws ConfigException when the file is missing, unreadable or malformed (the message
     *     names the file, line and column)
     */
    public static AlexOsConfig load(Path yamlFileOrNull, Map<String, String> env) {
        Objects.requireNonNull(env, "env");
        return new AlexOsConfig(ConfigLoader.load(yamlFileOrNull, env));
    }

    /**
     * Configuration from plain data: nested {@code Map<String, Object>}s, {@code List}s and
     * scalars, as a YAML file would give. The data is copied.
     */
    public static AlexOsConfig of(Map<String, Object> values) {
        Objects.requireNonNull(values, "values");
        return new AlexOsConfig(ConfigLoader.of(values));
    }

    /** No configuration at all: every getter returns its default. */
    public static AlexOsConfig empty() {
        return EMPTY;
    }

    /** The top level (keys {@code data_dir}, {@code plugins_dir} and the sections). */
    public ConfigSection root() {
        return root;
    }

    /**
     * A top-level section; empty when absent.
     *
     * @throws ConfigException when the key holds something other than a map
     */
    public ConfigSection section(String name) {
        return root.section(name);
    }

    /** Redacted for display: secrets never show. */
    @Override
    public String toString() {
        return "AlexOsConfig" + root.redacted();
    }
}
