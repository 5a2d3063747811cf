package dev.alexos.chainbot.internal.llm;

import dev.alexos.core.config.ConfigException;
import dev.alexos.core.config.ConfigSection;
import dev.alexos.core.config.Secret;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Settings of one model provider, read from {@code chainbot.providers.<name>}.
 *
 * @param name the provider's name (the key under {@code providers})
 * @param kind {@code openai} (chat-completions protocol: OpenAI, gateways, vLLM, llama.cpp, LM
 *     Studio, Ollama's OpenAI mode) or {@code ollama} (Ollama's native {@code /api/chat})
 * @param baseUrl e.g. {@code https://api.openai.com/v1} or {@code http://127.0.0.1:11434}
 * @param apiKey sent as {@code Authorization: Bearer}; empty for local servers
 * @param timeout how long to wait for an answer, and for the next token of a stream
 * @param maxRetries retries after a 429, a 5xx or a refused connection
 * @param initialBackoff first backoff after a 5xx; doubles each retry
 * @param maxBackoff the longest wait between attempts (a longer {@code Retry-After} fails the call)
 */
public record ProviderSettings(String name, String kind, URI baseUrl, Optional<Secret> apiKey, Duration timeout,
        int maxRetries, Duration initialBackoff, Duration maxBackoff) {

    public static final String OPENAI = "openai";
    public static final String OLLAMA = "ollama";
    private static final Map<String, String> DEFAULT_URLS = Map.of(
            OPENAI, "https://api.openai.com/v1", OLLAMA, "http://127.0.0.1:11434");

    /**
     * Reads one provider section. The section is "configured" when it has an API key or an explicit
     * base URL; a provider without either yields {@link Optional#empty()}.
     *
     * @throws ConfigException for an invalid value (naming the key)
     */
    public static Optional<ProviderSettings> read(String name, ConfigSection s) {
        String defaultKind = name.equalsIgnoreCase(OLLAMA) ? OLLAMA : OPENAI;
        String kind = s.oneOf("kind", defaultKind, Set.of(OPENAI, OLLAMA));
        Optional<Secret> key = s.secret("api_key").filter(k -> !k.isEmpty());
        if (key.isEmpty() && !s.has("base_url")) {
            return Optional.empty();
        }
        String url = s.string("base_url", DEFAULT_URLS.get(kind));
        URI uri;
        try {
            uri = URI.create(url.endsWith("/") ? url.substring(0, url.length() - 1) : url);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(s.path() + ".base_url", url, "expected an http(s) URL");
        }
        if (uri.getScheme() == null || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))
                || uri.getHost() == null) {
            throw new ConfigException(s.path() + ".base_url", url, "expected an http(s) URL");
        }
        Duration timeout = s.duration("timeout", Duration.ofSeconds(60), Duration.ofMillis(50), Duration.ofHours(1));
        int retries = s.integer("max_retries", 3, 0, 10);
        Duration initial = s.duration("initial_backoff", Duration.ofSeconds(1), Duration.ZERO, Duration.ofMinutes(5));
        Duration max = s.duration("max_backoff", Duration.ofSeconds(60), Duration.ZERO, Duration.ofHours(1));
        return Optional.of(new ProviderSettings(name, kind, uri, key, timeout, retries, initial, max));
    }

    /** Display form: no key, only whether one is set. */
    public Map<String, Object> describe() {
        return Map.of("name", name, "kind", kind, "base_url", displayUrl(), "api_key_set", apiKey.isPresent(),
                "timeout_ms", timeout.toMillis(), "max_retries", maxRetries);
    }

    /** The base URL as shown to users: without user info, which may hold a gateway's password. */
    public String displayUrl() {
        return baseUrl.getScheme() + "://" + baseUrl.getHost() + (baseUrl.getPort() < 0 ? "" : ":" + baseUrl.getPort())
                + (baseUrl.getRawPath() == null ? "" : baseUrl.getRawPath());
    }
}
