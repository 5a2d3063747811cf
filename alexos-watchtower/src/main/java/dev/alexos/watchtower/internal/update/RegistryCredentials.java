package dev.alexos.watchtower.internal.update;

import com.fasterxml.jackson.databind.JsonNode;
import dev.alexos.core.config.Secret;
import dev.alexos.core.json.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Registry logins: from the Docker CLI's config file ({@code auths.<host>.auth}, base64 of
 * {@code user:password}) and from our configuration (which wins). Immutable.
 */
public final class RegistryCredentials {

    /** A user name and its password or token. {@code toString} never shows the password. */
    public record Login(String username, Secret password) {
        String basicHeader() {
            String raw = username + ":" + password.reveal();
            return "Basic " + Base64.getEncoder().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
        }
    }

    private final Map<String, Login> byRegistry;

    private RegistryCredentials(Map<String, Login> byRegistry) {
        this.byRegistry = Map.copyOf(byRegistry);
    }

    public static RegistryCredentials none() {
        return new RegistryCredentials(Map.of());
    }

    /**
     * Reads a Docker config file (absent file = no logins) and adds {@code configured} on top.
     *
     * @throws IllegalArgumentException when the file exists but is not valid JSON, naming it
     */
    public static RegistryCredentials load(Path dockerConfig, Map<String, Login> configured) {
        Map<String, Login> all = new HashMap<>();
        if (dockerConfig != null && Files.isRegularFile(dockerConfig)) {
            JsonNode root;
            try {
                root = Json.mapper().readTree(Files.readString(dockerConfig));
            } catch (IOException e) {
                throw new IllegalArgumentException("docker config " + dockerConfig + " is not valid JSON: " + e.getMessage(), e);
            }
            root.path("auths").fields().forEachRemaining(entry -> {
                String auth = entry.getValue().path("auth").asText("");
                if (auth.isEmpty()) {
                    return;
                }
                String decoded = new String(Base64.getDecoder().decode(auth), StandardCharsets.UTF_8);
                int colon = decoded.indexOf(':');
                if (colon > 0) {
                    all.put(normalise(entry.getKey()), new Login(decoded.substring(0, colon), Secret.of(decoded.substring(colon + 1))));
                }
            });
        }
        configured.forEach((host, login) -> all.put(normalise(host), login));
        return new RegistryCredentials(all);
    }

    /** The login for a registry host ({@code docker.io} also matches Docker Hub's legacy key). */
    public Optional<Login> forRegistry(String registry) {
        return Optional.ofNullable(byRegistry.get(normalise(registry)));
    }

    private static String normalise(String host) {
        String h = host.replaceFirst("^https?://", "").replaceFirst("/.*$", "");
        return h.equals("index.docker.io") || h.equals("registry-1.docker.io") ? ImageRef.DOCKER_HUB : h;
    }
}
