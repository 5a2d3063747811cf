package dev.alexos.watchtower.internal.update;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
    /** For blobs: registries redirect them to storage, which must not get the registry's token. */
    private final HttpClient noRedirect;
    private final RegistryCredentials credentials;
    private final Clock clock;
    private final int budgetPerWindow;
    private final Duration window;
    private final Duration timeout;
    private final Map<String, Budget> budgets = new ConcurrentHashMap<>();
    private final Map<String, String> tokens = new ConcurrentHashMap<>();
    private final Map<String, String> mirrors;
    /** digest + platform → image config; a digest's content never changes, so this never expires. */
    private final Map<String, Optional<JsonNode>> configs = new ConcurrentHashMap<>();

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
        this.noRedirect = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build();
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
        HttpResponse<byte[]> res = send(ref, "manifests/" + ref.tag(), "HEAD", ACCEPT);
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

    /**
     * When the image {@code digest} of {@code ref}'s repository was built: the {@code created}
     * field of its config blob (see {@link #imageConfig}).
     *
     * @param platform {@code os/arch} of the engine, e.g. {@code linux/amd64}
     * @return empty when the registry's image carries no creation time or none for the platform
     * @throws RegistryException when the registry cannot answer (not cached: asked again next time)
     */
    public Optional<Instant> createdAt(ImageRef ref, String digest, String platform) throws RegistryException {
        String text = imageConfig(ref, digest, platform).map(c -> c.path("created").asText("")).orElse("");
        try {
            return text.isEmpty() ? Optional.empty() : Optional.of(Instant.parse(text));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /**
     * The image config of {@code digest} in {@code ref}'s repository, without pulling: its
     * {@code created} time and its {@code config} (Env, Cmd, Entrypoint, Labels, Healthcheck,
     * ExposedPorts, User, WorkingDir), as in the OCI image config. For an index (multi-platform
     * image) the entry for {@code platform} is followed. Answers are cached per digest (they
     * never change), so only the first call for a digest costs registry requests (manifests
     * count against the budget, blobs do not).
     *
     * @param platform {@code os/arch} of the engine, e.g. {@code linux/amd64}
     * @return an object with {@code created} and {@code config}; empty when the image has no
     *     entry for the platform or no config blob
     * @throws RegistryException when the registry cannot answer (not cached: asked again next time)
     */
    public Optional<JsonNode> imageConfig(ImageRef ref, String digest, String platform) throws RegistryException {
        String key = ref.registry() + "/" + ref.repository() + "@" + digest + "|" + platform;
        Optional<JsonNode> known = configs.get(key);
        if (known != null) {
            return known;
        }
        JsonNode manifest = getJson(ref, "manifests/" + digest, ACCEPT, true);
        if (manifest.has("manifests")) {
            String[] p = platform.split("/");
            String chosen = null;
            for (JsonNode m : manifest.path("manifests")) {
                JsonNode pl = m.path("platform");
                if (pl.path("os").asText().equals(p[0]) && pl.path("architecture").asText().equals(p.length > 1 ? p[1] : "")
                        && (p.length < 3 || pl.path("variant").asText(p[2]).equals(p[2]))) {
                    chosen = m.path("digest").asText(null);
                    break;
                }
            }
            if (chosen == null) {
                configs.put(key, Optional.empty());
                return Optional.empty();
            }
            manifest = getJson(ref, "manifests/" + chosen, ACCEPT, true);
        }
        String configDigest = manifest.path("config").path("digest").asText("");
        Optional<JsonNode> result = Optional.empty();
        if (!configDigest.isEmpty()) {
            // Blob fetches do not count against registries' pull limits, so they use no budget.
            JsonNode blob = getJson(ref, "blobs/" + configDigest, "*/*", false);
            // Kept small (the layer history and diff ids are not needed): created and config only.
            ObjectNode kept = Json.object();
            kept.set("created", blob.path("created").isMissingNode() ? null : blob.path("created"));
            kept.set("config", blob.path("config").isObject() ? blob.path("config") : Json.object());
            result = Optional.of(kept);
        }
        configs.put(key, result);
        return result;
    }

    private JsonNode getJson(ImageRef ref, String path, String accept, boolean budgeted) throws RegistryException {
        if (budgeted) {
            acquire(ref.registry());
        }
        HttpResponse<byte[]> res = send(ref, path, "GET", accept);
        Optional<String> location = res.headers().firstValue("Location");
        if (res.statusCode() / 100 == 3 && location.isPresent()) {
            // Storage behind a redirect (S3, a CDN) gets a signed URL and no Authorization header.
            res = request(res.uri().resolve(location.get()), "GET", accept, Optional.empty(), http);
        }
        switch (res.statusCode()) {
            case 200 -> {
                if (budgeted) {
                    rateLimitOk(ref.registry());
                }
                try {
                    return Json.mapper().readTree(res.body());
                } catch (IOException e) {
                    throw new RegistryException("registry " + ref.registry() + " answered " + path + " of " + ref.repository()
                            + " with malformed JSON", null, e);
                }
            }
            case 429 -> throw rateLimited(ref.registry(), res);
            default -> throw new RegistryException("registry " + ref.registry() + " answered " + res.statusCode() + " for "
                    + path + " of " + ref.repository());
        }
    }

    /** A request to {@code /v2/<repository>/<path>}, answering an auth challenge once. */
    private HttpResponse<byte[]> send(ImageRef ref, String path, String method, String accept) throws RegistryException {
        String mirror = mirrors.get(ref.registry());
        boolean plain = mirror == null ? ref.plainHttp() : new ImageRef(mirror, ref.repository(), ref.tag(), null).plainHttp();
        URI uri = URI.create((plain ? "http://" : "https://") + (mirror == null ? ref.apiHost() : mirror)
                + "/v2/" + ref.repository() + "/" + path);
        HttpClient client = path.startsWith("blobs/") ? noRedirect : http;
        HttpResponse<byte[]> res = request(uri, method, accept, authHeader(ref), client);
        if (res.statusCode() == 401) {
            String challenge = res.headers().firstValue("WWW-Authenticate").orElse("");
            String auth = authenticate(ref, challenge);
            res = request(uri, method, accept, Optional.of(auth), client);
        }
        return res;
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

    private HttpResponse<byte[]> request(URI uri, String method, String accept, Optional<String> auth, HttpClient client)
            throws RegistryException {
        HttpRequest.Builder req = HttpRequest.newBuilder(uri).timeout(timeout)
                .method(method, HttpRequest.BodyPublishers.noBody()).header("Accept", accept);
        auth.ifPresent(a -> req.header("Authorization", a));
        try {
            return client.send(req.build(), HttpResponse.BodyHandlers.ofByteArray());
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
