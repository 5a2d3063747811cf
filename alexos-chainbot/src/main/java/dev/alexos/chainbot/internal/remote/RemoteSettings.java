package dev.alexos.chainbot.internal.remote;

import dev.alexos.core.config.ConfigException;
import dev.alexos.core.config.ConfigSection;
import dev.alexos.core.config.Secret;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/**
 * The remote ChainBot connection, from {@code chainbot.api_url} ({@code CHAINBOT_API_URL}) and
 * {@code chainbot.api_key} ({@code CHAINBOT_API_KEY}), with the seed's
 * {@code health_check_interval} and {@code sync_interval} (seconds, or with a unit).
 *
 * @param url base URL of the remote (no trailing slash)
 * @param apiKey sent as {@code Authorization: Bearer}
 * @param healthCheckInterval time between health checks while the remote is up
 * @param syncInterval time between syncs of agents and workflows
 * @param requestTimeout per request
 * @param maxBackoff longest wait between health checks while the remote is down
 * @param executeTimeout how long a remote workflow execution may take
 */
public record RemoteSettings(URI url, Optional<Secret> apiKey, Duration healthCheckInterval, Duration syncInterval,
        Duration requestTimeout, Duration maxBackoff, Duration executeTimeout) {

    /** Reads the settings; empty when {@code api_url} is not set. */
    public static Optional<RemoteSettings> read(ConfigSection c) {
        Optional<String> raw = c.string("api_url").map(String::trim).filter(s -> !s.isEmpty());
        if (raw.isEmpty()) {
            return Optional.empty();
        }
        String text = raw.get().endsWith("/") ? raw.get().substring(0, raw.get().length() - 1) : raw.get();
        URI url;
        try {
            url = URI.create(text);
        } catch (IllegalArgumentException e) {
            throw new ConfigException("CHAINBOT_API_URL (chainbot.api_url)", text, "expected an http(s) URL");
        }
        if (url.getScheme() == null || !(url.getScheme().equals("http") || url.getScheme().equals("https"))
                || url.getHost() == null) {
            throw new ConfigException("CHAINBOT_API_URL (chainbot.api_url)", text, "expected an http(s) URL");
        }
        Duration health = c.duration("health_check_interval", Duration.ofSeconds(30), Duration.ofMillis(100), Duration.ofDays(1));
        Duration sync = c.duration("sync_interval", Duration.ofSeconds(60), Duration.ofMillis(100), Duration.ofDays(1));
        Duration timeout = c.duration("request_timeout", Duration.ofSeconds(10), Duration.ofMillis(50), Duration.ofMinutes(10));
        Duration maxBackoff = c.duration("max_backoff", health.multipliedBy(10).compareTo(Duration.ofMinutes(5)) > 0
                ? health.multipliedBy(10) : Duration.ofMinutes(5), health, Duration.ofDays(1));
        Duration exec = c.duration("remote_execute_timeout", Duration.ofSeconds(60), Duration.ofMillis(100), Duration.ofHours(1));
        return Optional.of(new RemoteSettings(url, c.secret("api_key").filter(s -> !s.isEmpty()), health, sync, timeout,
                maxBackoff, exec));
    }

    /** The URL as shown to users: without user info. */
    public String displayUrl() {
        return url.getScheme() + "://" + url.getHost() + (url.getPort() < 0 ? "" : ":" + url.getPort())
                + (url.getPath() == null ? "" : url.getPath());
    }
}
