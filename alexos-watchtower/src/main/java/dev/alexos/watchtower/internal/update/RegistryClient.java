package dev.alexos.watchtower.internal.update;

import com.fasterxml.jackson.databind.JsonNode;
import dev.alexos.core.json.Json;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Asks an image registry (Docker Registry HTTP API v2 / OCI distribution) for the current
 * digest of a tag with a {@code HEAD} on its manifest, so nothing is pulled to find out.
 *
 * <p>Authentication: anonymous, Basic, or the Bearer token flow announced by
 * {@code WWW-Authenticate} (with the login from {@link RegistryCredentials} when there is one).
 * Rate limits: a budget of checks per registry per window, and a back-off honouring
 * {@code Retry-After} after a 429 — while backed off, checks fail fast without a request.
 *
 * <p>Thread-safe.
 */
public final class RegistryClient {
    /** Media types accepted, so the registry answers the digest Docker itself would record. */
    static final String ACCEPT = String.join(", ",
            "application/vnd.oci.image.index.v1+json",
            "application/vnd.docker.distribution.manifest.list.v2+json",
            "application/vnd.docker.distribution.manifest.v2+json",
            "application/vnd.oci.image.manifest.v1+json");
    private static final Pattern PARAM = Pattern.compile("(\\w+)=\"([^\"]*)\"");

    private final HttpClient http;
    private final RegistryCredentials credentials;
    private final Clock clock;
    private final int budgetPerWindow;
    private final Duration window;
    private final Duration timeout;
    private final Map<String, Budget> budgets = new ConcurrentHashMap<>();
    private final Map<String, String> tokens = new ConcurrentHashMap<>();
    private final Map<String, String> mirrors;

    private static final class Budget {
        Instant windowStart;
        int used;
        Instant blockedUntil = Instant.EPOCH;
        int consecutive429;
    }

    /**
     * @param budgetPerWindow most manifest checks per registry in one {@code window}
     */
    public RegistryClient(RegistryCredentials credentials, Clock clock, int budgetPerWindow, Duration window, Duration timeout) {
        this(credentials, clock, budgetPerWindow, window, timeout, Map.of());
    }

    /**
     * @param mirrors registry → {@code host:port} to ask instead (a pull-through mirror or a
     *     proxy); the scheme follows the mirror's address (plain HTTP on loopback)
     */
    public RegistryClient(RegistryCredentials credentials, Clock clock, int budgetPerWindow, Duration window, Duration timeout,
            Map<String, String> mirrors) {
        this.mirrors = Map.copyOf(mirrors);
        this.http = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NORMAL).build();
        this.credentials = credentials;
        this.clock = clock;
        this.budgetPerWindow = budgetPerWindow;
        this.window = window;
        this.timeout = timeout;
    }

    /**
     * The digest the registry serves for {@code ref}'s tag now.
     *
     * @throws RegistryException when the registry cannot answer (the message says why; for a
     *     rate limit or back-off, {@link RegistryException#retryAfter()} says until when)
     */
    public String remoteDigest(ImageRef ref) throws RegistryException {
        if (ref.tag() == null) {
            throw new RegistryException("image " + ref + " is pinned by digest: nothing to check");
        }
        acquire(ref.registry());
        String mirror = mirrors.get(ref.registry());
        boolean plain = mirror == null ? ref.plainHttp() : new ImageRef(mirror, ref.repository(), ref.tag(), null).plainHttp();
        URI uri = URI.create((plain ? "http://" : "https://") + (mirror == null ? ref.apiHost() : mirror)
                + "/v2/" + ref.repository() + "/manifests/" + ref.tag());
        HttpResponse<Void> res = head(uri, authHeader(ref));
        if (res.statusCode() == 401) {
            String challenge = res.headers().firstValue("WWW-Authenticate").orElse("");
            String auth = authenticate(ref, challenge);
            res = head(uri, Optional.of(auth));
        }
        return switch (res.statusCode()) {
            case 200 -> {
                rateLimitOk(ref.registry());
                yield res.headers().firstValue("Docker-Content-Digest").orElseThrow(() -> new RegistryException(
                        "registry " + ref.registry() + " answered the manifest of " + ref + " without a Docker-Content-Digest header"));
            }
            case 401, 403 -> throw new RegistryException("registry " + ref.registry() + " refused access to " + ref
                    + " (" + res.statusCode() + "): check the registry login");
            case 404 -> throw new RegistryException("registry " + ref.registry() + " has no manifest for " + ref);
            case 429 -> throw rateLimited(ref.registry(), res);
            default -> throw new RegistryException("registry " + ref.registry() + " answered " + res.statusCode()
                    + " for the manifest of " + ref);
        };
    }

    private Optional<String> authHeader(ImageRef ref) {
        String token = tokens.get(ref.registry() + "|" + ref.repository());
        if (token != null) {
            return Optional.of(token);
        }
        return Optional.empty();
    }

    private String authenticate(ImageRef ref, String challenge) throws RegistryException {
        Optional<RegistryCredentials.Login> login = credentials.forRegistry(ref.registry());
        if (challenge.regionMatches(true, 0, "Basic", 0, 5)) {
            String basic = login.orElseThrow(() -> new RegistryException("registry " + ref.registry()
                    + " requires a login (Basic) and none is configured")).basicHeader();
            tokens.put(ref.registry() + "|" + ref.repository(), basic);
            return basic;
        }
        if (!challenge.regionMatches(true, 0, "Bearer", 0, 6)) {
            throw new RegistryException("registry " + ref.registry() + " asked for unsupported authentication '"
                    + challenge.split(" ")[0] + "'");
        }
        Map<String, String> params = new java.util.HashMap<>();
        Matcher m = PARAM.matcher(challenge);
        while (m.find()) {
            params.put(m.group(1), m.group(2));
        }
        String realm = params.get("realm");
        if (realm == null) {
            throw new RegistryException("registry " + ref.registry() + " sent a Bearer challenge without a realm");
        }
        String scope = params.getOrDefault("scope", "repository:" + ref.repository() + ":pull");
        StringBuilder url = new StringBuilder(realm).append(realm.contains("?") ? '&' : '?')
                .append("scope=").append(URLEncoder.encode(scope, StandardCharsets.UTF_8));
        if (params.containsKey("service")) {
            url.append("&service=").append(URLEncoder.encode(params.get("service"), StandardCharsets.UTF_8));
        }
        HttpRequest.Builder req = HttpRequest.newBuilder(URI.create(url.toString())).timeout(timeout).GET();
        login.ifPresent(l -> req.header("Authorization", l.basicHeader()));
        try {
            HttpResponse<String> res = http.send(req.build(), HttpResponse.BodyHandlers.ofString());
            if (res.statusCode() != 200) {
                throw new RegistryException("token service of " + ref.registry() + " answered " + res.statusCode());
            }
            JsonNode body = Json.mapper().readTree(res.body());
            String token = body.path("token").asText(body.path("access_token").asText(""));
            if (token.isEmpty()) {
                throw new RegistryException("token service of " + ref.registry() + " answered without a token");
            }
            String header = "Bearer " + token;
            tokens.put(ref.registry() + "|" + ref.repository(), header);
            return header;
        } catch (IOException e) {
            throw new RegistryException("token service of " + ref.registry() + " unreachable: " + e.getMessage(), null, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RegistryException("interrupted while authenticating to " + ref.registry(), null, e);
        }
    }

    private HttpResponse<Void> head(URI uri, Optional<String> auth) throws RegistryException {
        HttpRequest.Builder req = HttpRequest.newBuilder(uri).timeout(timeout)
                .method("HEAD", HttpRequest.BodyPublishers.noBody()).header("Accept", ACCEPT);
        auth.ifPresent(a -> req.header("Authorization", a));
        try {
            return http.send(req.build(), HttpResponse.BodyHandlers.discarding());
        } catch (IOException e) {
            throw new RegistryException("registry " + uri.getAuthority() + " unreachable: " + e.getMessage(), null, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RegistryException("interrupted while asking " + uri.getAuthority(), null, e);
        }
    }

    private synchronized void acquire(String registry) throws RegistryException {
        Budget b = budgets.computeIfAbsent(registry, r -> new Budget());
        Instant now = clock.instant();
        if (now.isBefore(b.blockedUntil)) {
            throw new RegistryException("registry " + registry + " is rate-limited until " + b.blockedUntil, b.blockedUntil, null);
        }
        if (b.windowStart == null || !now.isBefore(b.windowStart.plus(window))) {
            b.windowStart = now;
            b.used = 0;
        }
        if (b.used >= budgetPerWindow) {
            Instant next = b.windowStart.plus(window);
            throw new RegistryException("check budget for registry " + registry + " used up (" + budgetPerWindow
                    + " per " + window + ") until " + next, next, null);
        }
        b.used++;
    }

    private synchronized void rateLimitOk(String registry) {
        budgets.get(registry).consecutive429 = 0;
    }

    private synchronized RegistryException rateLimited(String registry, HttpResponse<?> res) {
        Budget b = budgets.get(registry);
        b.consecutive429++;
        Instant now = clock.instant();
        Instant until = res.headers().firstValue("Retry-After").map(v -> parseRetryAfter(v, now))
                .orElse(now.plus(Duration.ofSeconds(Math.min(3600, 30L << Math.min(b.consecutive429 - 1, 7)))));
        b.blockedUntil = until;
        return new RegistryException("registry " + registry + " rate-limited the check (429); backing off until " + until, until, null);
    }

    private static Instant parseRetryAfter(String value, Instant now) {
        try {
            return now.plusSeconds(Long.parseLong(value.trim()));
        } catch (NumberFormatException e) {
            try {
                return java.time.ZonedDateTime.parse(value, java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            } catch (DateTimeParseException e2) {
                return now.plusSeconds(60);
            }
        }
    }
}
