package dev.alexos.server.internal;

import dev.alexos.core.config.ConfigException;
import dev.alexos.core.config.ConfigSection;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;

/**
 * The server's own settings, read once from the {@code server} section (environment on top) and
 * validated there, so that a bad value stops start-up with the key named.
 *
 * @param bind address to listen on ({@code ALEXOS_BIND}); {@code 127.0.0.1} by default so that a
 *     fresh install is never reachable from the network before its admin has seen the token
 * @param port TCP port ({@code WATCHTOWER_PORT}), 8000 by default; 0 picks a free port
 * @param openAuth {@code ALEXOS_AUTH=open}: no authentication, allowed on loopback binds only
 * @param debug {@code WATCHTOWER_DEBUG}: more logging (never stack traces to clients)
 * @param maxBodyBytes request bodies above this are answered 413
 * @param sessionTtl how long a dashboard login lasts
 * @param wsQueueCapacity events queued for one WebSocket client before it is dropped as slow
 * @param wsMaxInFlight sends not yet written to one client's socket before it is dropped as slow
 * @param loginFailuresPerMinute failed logins per client address per minute before 429
 * @param dataDir where {@code auth/tokens.json} lives
 */
public record ServerSettings(
        String bind, int port, boolean openAuth, boolean debug, long maxBodyBytes, Duration sessionTtl,
        int wsQueueCapacity, int wsMaxInFlight, int loginFailuresPerMinute, Path dataDir) {

    /**
     * Reads the {@code server} section.
     *
     * @throws ConfigException for an invalid value, or {@code ALEXOS_AUTH=open} on a non-loopback bind
     */
    public static ServerSettings from(ConfigSection server, Path dataDir) {
        String bind = server.string("bind", "127.0.0.1").trim();
        int port = server.integer("port", 8000, 0, 65535);
        String auth = server.oneOf("auth", "token", Set.of("token", "open"));
        boolean debug = server.bool("debug", false);
        long maxBody = server.longValue("max_body_bytes", 1_048_576L, 1_024L, 64L * 1_048_576L);
        Duration ttl = server.duration("session_ttl", Duration.ofHours(12), Duration.ofMinutes(1), Duration.ofDays(30));
        int wsQueue = server.integer("ws_queue_capacity", 1024, 1, 1_000_000);
        int wsInFlight = server.integer("ws_max_in_flight", 256, 1, 1_000_000);
        int loginRate = server.integer("login_failures_per_minute", 5, 1, 10_000);
        boolean open = auth.equals("open");
        if (open && !isLoopback(bind)) {
            throw new ConfigException("server.auth (ALEXOS_AUTH)", "open",
                    "open authentication is only allowed when binding to loopback (127.0.0.1, ::1, localhost);"
                            + " server.bind (ALEXOS_BIND) is '" + bind + "'");
        }
        return new ServerSettings(bind, port, open, debug, maxBody, ttl, wsQueue, wsInFlight, loginRate, dataDir);
    }

    /** Whether {@code host} names only loopback addresses (no DNS lookup for literal addresses). */
    public static boolean isLoopback(String host) {
        if (host.equalsIgnoreCase("localhost")) {
            return true;
        }
        if (host.isEmpty() || host.equals("0.0.0.0") || host.equals("::") || host.equals("*")) {
            return false;
        }
        try {
            for (InetAddress a : InetAddress.getAllByName(host)) {
                if (!a.isLoopbackAddress()) {
                    return false;
                }
            }
            return true;
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
