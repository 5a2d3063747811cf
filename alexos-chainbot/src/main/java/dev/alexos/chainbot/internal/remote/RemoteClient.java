package dev.alexos.chainbot.internal.remote;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.alexos.chainbot.internal.Failures;
import dev.alexos.chainbot.internal.llm.Redactor;
import dev.alexos.core.json.Json;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The HTTP side of the remote ChainBot contract ({@code http-api.md}): {@code GET /api/health},
 * {@code GET /api/chainbot/alex-agents}, {@code /ai-agents}, {@code /workflows} (a bare array or an
 * envelope), {@code POST /api/chainbot/workflows/{id}/execute}. Sends
 * {@code Authorization: Bearer <key>} when a key is set. Thread-safe.
 */
public final class RemoteClient {
    private static final List<String> ENVELOPE_KEYS = List.of("agents", "workflows", "items", "data", "results");
    private final RemoteSettings settings;
    private final HttpClient http;
    private final Redactor redactor;

    public RemoteClient(RemoteSettings settings, HttpClient http) {
        this.settings = settings;
        this.http = http;
        this.redactor = new Redactor(settings.apiKey().stream().toList());
    }

    /** {@code GET /api/health}: completes with the remote's status text. */
    public CompletableFuture<String> health() {
        return get("/api/health", settings.requestTimeout()).thenApply(n -> {
            if (!n.isObject() || !n.path("status").isTextual()) {
                throw new RemoteException(RemoteException.Kind.MALFORMED, 200,
                        "GET /api/health: expected {\"status\": ...}, got " + describe(n));
            }
            return n.get("status").asText();
        });
    }

    /** A list endpoint: a bare array, or the first array in an envelope. 404 is an empty list. */
    public CompletableFuture<ArrayNode> list(String path) {
        return get(path, settings.requestTimeout()).handle((n, e) -> {
            if (e != null) {
                Throwable c = Failures.unwrap(e);
                if (c instanceof RemoteException re && re.kind() == RemoteException.Kind.NOT_FOUND) {
                    return Json.array();
                }
                throw c instanceof RuntimeException r ? r : new RemoteException(RemoteException.Kind.UNREACHABLE, 0,
                        Failures.message(c));
            }
            return asList(path, n);
        });
    }

    static ArrayNode asList(String path, JsonNode n) {
        if (n.isArray()) {
            return (ArrayNode) n;
        }
        if (n.isObject()) {
            for (String k : ENVELOPE_KEYS) {
                if (n.path(k).isArray()) {
                    return (ArrayNode) n.get(k);
                }
            }
        }
        throw new RemoteException(RemoteException.Kind.MALFORMED, 200,
                "GET " + path + ": expected a JSON array or an envelope with one, got " + describe(n));
    }

    /** {@code POST /api/chainbot/workflows/{id}/execute} with {@code {"inputs": ...}}. */
    public CompletableFuture<JsonNode> execute(String workflowId, ObjectNode inputs) {
        return execute(workflowId, inputs, null);
    }

    /**
     * As {@link #execute(String, ObjectNode)}, passing {@code ?wait=} on when not null (a remote
     * that does not know it ignores it). Either way the call gives up after {@code remote_execute_timeout}.
     */
    public CompletableFuture<JsonNode> execute(String workflowId, ObjectNode inputs, Integer waitSeconds) {
        ObjectNode body = Json.object();
        body.set("inputs", inputs);
        String path = "/api/chainbot/workflows/" + URLEncoder.encode(workflowId, StandardCharsets.UTF_8).replace("+", "%20")
                + "/execute" + (waitSeconds == null ? "" : "?wait=" + waitSeconds);
        return send(request(path, settings.executeTimeout())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(), "POST " + path);
    }

    private CompletableFuture<JsonNode> get(String path, Duration timeout) {
        return send(request(path, timeout).GET().build(), "GET " + path);
    }

    private HttpRequest.Builder request(String path, Duration timeout) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(settings.url() + path)).timeout(timeout)
                .header("Accept", "application/json");
        settings.apiKey().ifPresent(k -> b.header("Authorization", "Bearer " + k.reveal()));
        return b;
    }

    private CompletableFuture<JsonNode> send(HttpRequest request, String what) {
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).handle((resp, err) -> {
            if (err != null) {
                Throwable c = Failures.unwrap(err);
                if (c instanceof HttpTimeoutException) {
                    throw new RemoteException(RemoteException.Kind.TIMEOUT, 0, what + ": no answer within "
                            + request.timeout().map(Duration::toMillis).orElse(0L) + " ms");
                }
                String why = c instanceof ConnectException || c.getCause() instanceof ConnectException
                        ? "connection refused" : redactor.clean(Failures.message(c));
                throw new RemoteException(RemoteException.Kind.UNREACHABLE, 0, what + ": " + why);
            }
            int s = resp.statusCode();
            if (s == 404) {
                throw new RemoteException(RemoteException.Kind.NOT_FOUND, s, what + ": HTTP 404");
            }
            if (s / 100 != 2) {
                throw new RemoteException(RemoteException.Kind.HTTP, s, what + ": HTTP " + s
                        + (resp.body().isBlank() ? "" : " " + redactor.clean(resp.body())));
            }
            try {
                JsonNode n = Json.mapper().readTree(resp.body());
                if (n == null || n.isMissingNode()) {
                    throw new IOException("empty body");
                }
                return n;
            } catch (IOException e) {
                throw new RemoteException(RemoteException.Kind.MALFORMED, s, what + ": the answer is not JSON");
            }
        });
    }

    private static String describe(JsonNode n) {
        String t = n.toString();
        return n.getNodeType().name().toLowerCase(java.util.Locale.ROOT) + " " + (t.length() > 60 ? t.substring(0, 60) + "…" : t);
    }
}
