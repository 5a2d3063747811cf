package dev.alexos.chainbot.internal.llm;

import dev.alexos.core.Scheduler;
import dev.alexos.core.config.ConfigSection;
import dev.alexos.core.config.Secret;
import java.net.http.HttpClient;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The configured model providers, by name, from {@code chainbot.providers}. A provider section
 * without a key and without a base URL is not configured: AI agents using it report
 * {@code not_configured}. Immutable after construction; thread-safe.
 */
public final class Providers {
    private final Map<String, RetryingProvider> byName = new LinkedHashMap<>();

    public Providers(ConfigSection providersSection, HttpClient http, Scheduler scheduler, Clock clock) {
        for (String name : new TreeSet<>(providersSection.keys())) {
            ProviderSettings.read(name, providersSection.section(name)).ifPresent(s -> {
                LlmProvider p = s.kind().equals(ProviderSettings.OLLAMA)
                        ? new OllamaProvider(s, http, scheduler, clock)
                        : new OpenAiProvider(s, http, scheduler, clock);
                byName.put(name, new RetryingProvider(p, s, scheduler, null));
            });
        }
    }

    /** The provider of that name, when configured. */
    public Optional<RetryingProvider> get(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    /** Names of configured providers. */
    public List<String> names() {
        return List.copyOf(byName.keySet());
    }

    /** Every configured key, for redaction of text that came from outside. */
    public List<Secret> secrets() {
        List<Secret> out = new ArrayList<>();
        byName.values().forEach(p -> p.settings().apiKey().ifPresent(out::add));
        return out;
    }

    /** Display form of every provider, without keys. */
    public List<Map<String, Object>> describe() {
        return byName.values().stream().map(p -> p.settings().describe()).toList();
    }
}
