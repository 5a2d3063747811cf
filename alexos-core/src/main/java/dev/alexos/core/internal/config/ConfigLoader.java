package dev.alexos.core.internal.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.alexos.core.config.ConfigException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads the YAML file and lays the environment on top. The result is plain, unmodifiable data
 * plus the origin (environment variable) of every value that came from the environment.
 */
public final class ConfigLoader {

    /** The seed's variables and ours, with the key each sets. Applied after the generic form. */
    static final Map<String, String> NAMED_VARIABLES = namedVariables();

    private static final String GENERIC_PREFIX = "ALEXOS_";

    /**
     * Merged data and where env-sourced values came from.
     *
     * @param values unmodifiable nested data
     * @param origins full dotted key → environment variable
     */
    public record Loaded(Map<String, Object> values, Map<String, String> origins) {
    }

    private ConfigLoader() {
    }

    /**
     * Loads. An environment variable set to the empty string counts as unset (as
     * {@code KEY=} in a compose file usually means), so the file's value or the default applies.
     *
     * @param yamlFile the file, or {@code null} for none
     * @param env the environment (usually {@code System.getenv()})
     * @throws ConfigException when the file cannot be read or is malformed (naming file, line, column)
     */
    public static Loaded load(Path yamlFile, Map<String, String> env) {
        Map<String, Object> data = yamlFile == null ? new LinkedHashMap<>() : readYaml(yamlFile);
        Map<String, String> origins = new LinkedHashMap<>();
        // Generic variables first, in a stable order, so that the named ones (the seed's) win.
        for (Map.Entry<String, String> e : new TreeMap<>(env).entrySet()) {
            String name = e.getKey();
            if (e.getValue().isEmpty()) {
                continue;
            }
            if (name.startsWith(GENERIC_PREFIX) && name.contains("__")) {
                String rest = name.substring(GENERIC_PREFIX.length()).toLowerCase(Locale.ROOT);
                if (!rest.startsWith("_") && !rest.endsWith("_") && !rest.contains("___")) {
                    put(data, rest.replace("__", "."), e.getValue(), name, origins);
                }
            }
        }
        NAMED_VARIABLES.forEach((name, key) -> {
            String v = env.get(name);
            if (v != null && !v.isEmpty()) {
                put(data, key, v, name, origins);
            }
        });
        return new Loaded(freeze(data), Collections.unmodifiableMap(origins));
    }

    /** Plain data given by a program: copied and frozen, no environment. */
    public static Loaded of(Map<String, Object> values) {
        return new Loaded(freeze(values), Map.of());
    }

    @SuppressWarnings("unchecked")
    private static void put(Map<String, Object> data, String dottedKey, String value, String variable,
            Map<String, String> origins) {
        String[] parts = dottedKey.split("\\.");
        Map<String, Object> node = data;
        for (int i = 0; i < parts.length - 1; i++) {
            Object child = node.get(parts[i]);
            if (!(child instanceof Map<?, ?>)) {
                // The variable wins over a scalar in the file: that is what setting it means.
                child = new LinkedHashMap<String, Object>();
                node.put(parts[i], child);
            } else if (!(child instanceof LinkedHashMap<?, ?>)) {
                child = new LinkedHashMap<>((Map<String, Object>) child);
                node.put(parts[i], child);
            }
            node = (Map<String, Object>) child;
        }
        node.put(parts[parts.length - 1], value);
        origins.put(dottedKey, variable);
    }

    private static Map<String, Object> readYaml(Path file) {
        String name = file.toString();
        if (!Files.isRegularFile(file)) {
            throw new ConfigException("config file " + name + " does not exist or is not a file", name, null,
                    "a readable YAML file", null);
        }
        JsonNode root;
        try {
            root = new YAMLMapper().readTree(file.toFile());
        } catch (JsonProcessingException e) {
            JsonLocation loc = e.getLocation();
            String where = loc == null ? "" : " at line " + loc.getLineNr() + ", column " + loc.getColumnNr();
            String problem = problemLines(e.getOriginalMessage());
            throw new ConfigException("config file " + name + ": malformed YAML" + where + ": " + problem, name, null,
                    "well-formed YAML", null);
        } catch (IOException e) {
            throw new ConfigException("config file " + name + " cannot be read: " + e.getMessage(), name, null,
                    "a readable YAML file", e);
        }
        if (root == null || root.isMissingNode() || root.isNull()) {
            return new LinkedHashMap<>();
        }
        if (!root.isObject()) {
            throw new ConfigException("config file " + name + ": expected a map of sections at the top level, found "
                    + root.getNodeType().name().toLowerCase(Locale.ROOT), name, null, "a map of sections", null);
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> map = new YAMLMapper().convertValue(root, LinkedHashMap.class);
        return map;
    }

    /**
     * The parser's own words without the lines it quotes from the file (indented, or
     * "in 'reader'" positions): a quoted line may hold a secret.
     */
    private static String problemLines(String message) {
        if (message == null) {
            return "unknown problem";
        }
        String joined = message.lines()
                .filter(l -> !l.isBlank() && !Character.isWhitespace(l.charAt(0)))
                .map(String::strip)
                .collect(java.util.stream.Collectors.joining("; "));
        return joined.isEmpty() ? "unknown problem" : joined;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> freeze(Map<String, Object> in) {
        Map<String, Object> out = new LinkedHashMap<>();
        in.forEach((k, v) -> out.put(String.valueOf(k), freezeValue(v)));
        return Collections.unmodifiableMap(out);
    }

    @SuppressWarnings("unchecked")
    private static Object freezeValue(Object v) {
        if (v instanceof Map<?, ?> m) {
            return freeze((Map<String, Object>) m);
        }
        if (v instanceof List<?> l) {
            List<Object> out = new ArrayList<>();
            l.forEach(x -> out.add(freezeValue(x)));
            return Collections.unmodifiableList(out);
        }
        return v;
    }

    private static Map<String, String> namedVariables() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("WATCHTOWER_PORT", "server.port");
        m.put("WATCHTOWER_DEBUG", "server.debug");
        m.put("CHAINBOT_API_URL", "chainbot.api_url");
        m.put("CHAINBOT_API_KEY", "chainbot.api_key");
        m.put("DOCKER_HOST", "watchtower.docker_host");
        m.put("ALEXOS_DATA_DIR", "data_dir");
        m.put("ALEXOS_PLUGINS_DIR", "plugins_dir");
        m.put("ALEXOS_AUTH", "server.auth");
        m.put("ALEXOS_API_TOKEN", "server.api_token");
        m.put("ALEXOS_BIND", "server.bind");
        return Collections.unmodifiableMap(m);
    }
}
