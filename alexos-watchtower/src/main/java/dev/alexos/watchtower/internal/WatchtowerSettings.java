package dev.alexos.watchtower.internal;

import dev.alexos.core.config.ConfigException;
import dev.alexos.core.config.ConfigSection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Watchtower's configuration ({@code watchtower} section), read and validated once at start.
 *
 * @param endpoints the engines to watch (at least one)
 * @param monitoringEnabled whether to watch at all (the seed's {@code monitoring_enabled})
 * @param monitoringInterval period of the full resync that guards against silent stalls
 *     (the seed's {@code monitoring_interval})
 * @param statsInterval how often hot containers' resource use is sampled (containers whose stats were
 *     asked for within {@code statsHotFor}); zero turns sampling off
 * @param statsBackgroundInterval how often the other running containers are sampled; zero = never
 * @param statsHotFor how long a container stays hot after its stats were asked for
 * @param statsHistory samples kept per container
 * @param reconnectMaxBackoff ceiling of the reconnect backoff
 * @param stopTimeout seconds a stop or restart gives a container before killing it
 * @param restartLoopThreshold deaths within {@code restartLoopWindow} that make a restart loop
 * @param restartLoopWindow the window of the restart-loop detector
 */
public record WatchtowerSettings(
        List<EndpointSettings> endpoints, boolean monitoringEnabled, Duration monitoringInterval,
        Duration statsInterval, int statsHistory, Duration reconnectMaxBackoff, int stopTimeout,
        int restartLoopThreshold, Duration restartLoopWindow, Duration statsBackgroundInterval,
        Duration statsHotFor) {

    static final Duration DEFAULT_STATS_INTERVAL = Duration.ofSeconds(5);
    static final Duration DEFAULT_STATS_BACKGROUND = Duration.ofMinutes(5);
    static final Duration DEFAULT_STATS_HOT_FOR = Duration.ofMinutes(5);
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_.-]{0,62}");

    public WatchtowerSettings {
        endpoints = List.copyOf(endpoints);
        if (endpoints.isEmpty()) {
            throw new IllegalArgumentException("at least one endpoint");
        }
    }

    /** Defaults for one endpoint (tests and embedding). */
    public static WatchtowerSettings defaults(List<EndpointSettings> endpoints) {
        return new WatchtowerSettings(endpoints, true, Duration.ofSeconds(30), DEFAULT_STATS_INTERVAL, 120,
                Duration.ofSeconds(30), 10, 3, Duration.ofSeconds(60), DEFAULT_STATS_BACKGROUND, DEFAULT_STATS_HOT_FOR);
    }

    /**
     * Reads the section. {@code env} looks up environment variables ({@code DOCKER_HOST} is the
     * default endpoint's host).
     *
     * @throws ConfigException naming the key for any invalid value
     */
    public static WatchtowerSettings from(ConfigSection c, Function<String, String> env) {
        List<EndpointSettings> endpoints = new ArrayList<>();
        Duration defaultTimeout = c.duration("request_timeout", Duration.ofSeconds(30), Duration.ofMillis(100),
                Duration.ofMinutes(10));
        List<ConfigSection> sections = c.has("endpoints") ? c.sections("endpoints") : List.of();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < sections.size(); i++) {
            ConfigSection e = sections.get(i);
            String key = c.path() + ".endpoints[" + i + "]";
            String name = e.string("name", i == 0 ? "local" : "endpoint-" + (i + 1)).toLowerCase();
            if (!NAME.matcher(name).matches()) {
                throw new ConfigException(key + ".name", name, "lower-case letters, digits, '_', '.', '-'");
            }
            if (!names.add(name)) {
                throw new ConfigException(key + ".name", name, "a name not used by another endpoint");
            }
            String host = e.string("host").orElseThrow(() -> new ConfigException(key + ".host", null, "a Docker host is required"));
            checkHost(key + ".host", host);
            endpoints.add(new EndpointSettings(name, host, e.bool("tls_verify", false), e.string("cert_path").orElse(null),
                    e.duration("timeout", defaultTimeout, Duration.ofMillis(100), Duration.ofMinutes(10))));
        }
        if (endpoints.isEmpty()) {
            String host = c.string("docker_host").orElseGet(() -> {
                String fromEnv = env.apply("DOCKER_HOST");
                return fromEnv == null || fromEnv.isBlank() ? "unix:///var/run/docker.sock" : fromEnv;
            });
            checkHost(c.path() + ".docker_host", host);
            boolean tls = c.bool("tls_verify", "1".equals(env.apply("DOCKER_TLS_VERIFY")));
            String certPath = c.string("cert_path").orElse(env.apply("DOCKER_CERT_PATH"));
            endpoints.add(new EndpointSettings("local", host, tls, certPath, defaultTimeout));
        }
        Duration statsInterval = c.duration("stats_interval", DEFAULT_STATS_INTERVAL, Duration.ZERO, Duration.ofHours(1));
        // unset, it is never below stats_interval, so a long stats_interval alone stays valid
        Duration defaultBackground = statsInterval.compareTo(DEFAULT_STATS_BACKGROUND) > 0 ? statsInterval
                : DEFAULT_STATS_BACKGROUND;
        Duration background = c.duration("stats_background_interval", defaultBackground, Duration.ZERO,
                Duration.ofHours(24));
        if (!background.isZero() && background.compareTo(statsInterval) < 0) {
            // rounds run every stats_interval, so a shorter background rate could not be kept
            throw new ConfigException(c.path() + ".stats_background_interval", c.string("stats_background_interval")
                    .orElse(background.toString()), "0 (never) or at least stats_interval (" + statsInterval.toMillis() + "ms)");
        }
        Duration hotFor = c.duration("stats_hot_for", DEFAULT_STATS_HOT_FOR, Duration.ZERO, Duration.ofHours(24));
        return new WatchtowerSettings(endpoints,
                c.bool("monitoring_enabled", true),
                c.duration("monitoring_interval", Duration.ofSeconds(30), Duration.ofSeconds(1), Duration.ofHours(24)),
                statsInterval,
                c.integer("stats_history", 120, 1, 10_000),
                c.duration("reconnect_max_backoff", Duration.ofSeconds(30), Duration.ofMillis(100), Duration.ofHours(1)),
                c.integer("stop_timeout", 10, 0, 600),
                c.integer("restart_loop_threshold", 3, 2, 1000),
                c.duration("restart_loop_window", Duration.ofSeconds(60), Duration.ofSeconds(1), Duration.ofHours(24)),
                background, hotFor);
    }

    private static void checkHost(String key, String host) {
        if (!host.matches("(unix|tcp|npipe)://.+")) {
            throw new ConfigException(key, host, "a Docker host: unix:///path/docker.sock or tcp://host:port");
        }
    }
}
