package dev.alexos.chainbot.internal.framework;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.alexos.chainbot.FrameworkAgentSpec;
import dev.alexos.chainbot.FrameworkAgentType;
import dev.alexos.chainbot.internal.Failures;
import dev.alexos.chainbot.internal.llm.Redactor;
import dev.alexos.core.Agent;
import dev.alexos.core.AgentDescriptor;
import dev.alexos.core.Task;
import dev.alexos.core.TaskResult;
import dev.alexos.core.config.Secret;
import dev.alexos.core.json.Json;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Iterator;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * {@code api}: calls an HTTP endpoint. Config: {@code url} (required), {@code method} (GET),
 * {@code headers} (plain, non-secret), {@code auth_secret} (the name of a secret under
 * {@code chainbot.secrets}, sent as {@code Authorization: Bearer}), {@code timeout_seconds} (30).
 * Task {@code call} with {@code {"path"?, "method"?, "query"?, "body"?}} → {@code {"status", "ok",
 * "content_type", "body"}}; an HTTP error status is a failed result carrying the same output.
 */
public final class ApiType implements FrameworkAgentType {
    private static final Set<String> METHODS = Set.of("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD");
    private final HttpClient http;
    private final Function<String, Optional<Secret>> secrets;

    public ApiType(HttpClient http, Function<String, Optional<Secret>> secrets) {
        this.http = http;
        this.secrets = secrets;
    }

    @Override
    public String type() {
        return "api";
    }

    @Override
    public String description() {
        return "calls an HTTP endpoint and returns its answer";
    }

    @Override
    public Agent create(FrameworkAgentSpec spec) {
        ObjectNode c = spec.config();
        String url = Configs.requiredText(c, "url");
        URI base;
        try {
            base = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("config.url: not a valid URL");
        }
        if (base.getScheme() == null || !Set.of("http", "https").contains(base.getScheme()) || base.getHost() == null) {
            throw new IllegalArgumentException("config.url: expected an http(s) URL");
        }
        String method = Configs.optionalText(c, "method", "GET").toUpperCase(Locale.ROOT);
        if (!METHODS.contains(method)) {
            throw new IllegalArgumentException("config.method: expected one of " + new java.util.TreeSet<>(METHODS));
        }
        JsonNode headers = c.path("headers");
        if (!headers.isMissingNode() && !headers.isNull()) {
            if (!headers.isObject()) {
                throw new IllegalArgumentException("config.headers: expected an object of header names to values");
            }
            for (Iterator<String> it = headers.fieldNames(); it.hasNext();) {
                String h = it.next().toLowerCase(Locale.ROOT);
                if (h.equals("authorization") || h.contains("token") || h.contains("key") || h.contains("secret")) {
                    throw new IllegalArgumentException("config.headers." + h
                            + ": secret headers are not stored; put the value under chainbot.secrets and name it in config.auth_secret");
                }
            }
        }
        Optional<Secret> auth = Optional.empty();
        String authName = Configs.optionalText(c, "auth_secret", null);
        if (authName != null) {
            auth = secrets.apply(authName);
            if (auth.isEmpty()) {
                throw new IllegalArgumentException("config.auth_secret: no secret '" + authName + "' under chainbot.secrets");
            }
        }
        int timeout = Configs.optionalInt(c, "timeout_seconds", 30, 1, 600);
        return new Caller(spec.id(), base, method, headers.isObject() ? (ObjectNode) headers : Json.object(), auth,
                Duration.ofSeconds(timeout), http);
    }

    /** The caller agent. */
    static final class Caller implements Agent {
        private final String id;
        private final URI base;
        private final String method;
        private final ObjectNode headers;
        private final Optional<Secret> auth;
        private final Duration timeout;
        private final HttpClient http;
        private final Redactor redactor;

        Caller(String id, URI base, String method, ObjectNode headers, Optional<Secret> auth, Duration timeout,
                HttpClient http) {
            this.id = id;
            this.base = base;
            this.method = method;
            this.headers = headers;
            this.auth = auth;
            this.timeout = timeout;
            this.http = http;
            this.redactor = new Redactor(auth.stream().toList());
        }

        @Override
        public AgentDescriptor descriptor() {
            return AgentDescriptor.builder(id, id, "api").capability("call").capability("api_integration")
                    .metadata("url", base.toString()).metadata("method", method).build();
        }

        @Override
        public CompletableFuture<TaskResult> handle(Task task) {
            if (!task.action().equals("call")) {
                return Agent.super.handle(task);
            }
            HttpRequest request;
            try {
                request = build(task.params());
            } catch (IllegalArgumentException e) {
                return CompletableFuture.completedFuture(TaskResult.failure(e.getMessage()));
            }
            CompletableFuture<HttpResponse<String>> sent = http.sendAsync(request, HttpResponse.BodyHandlers.ofString());
            CompletableFuture<TaskResult> result = sent.handle((resp, err) -> {
                if (err != null) {
                    Throwable c = Failures.unwrap(err);
                    String why = c instanceof HttpTimeoutException ? "no answer within " + timeout.toSeconds() + " s"
                            : Failures.message(c);
                    return new TaskResult(TaskResult.Status.FAILED, Json.object().put("error_kind",
                            c instanceof HttpTimeoutException ? "timeout" : "connection"),
                            "api agent '" + id + "': " + request.method() + " " + request.uri() + " failed: " + redactor.clean(why));
                }
                ObjectNode out = Json.object();
                out.put("status", resp.statusCode());
                out.put("ok", resp.statusCode() / 100 == 2);
                String type = resp.headers().firstValue("Content-Type").orElse("");
                out.put("content_type", type);
                String body = auth.isPresent() ? resp.body().replace(auth.get().reveal(), "******") : resp.body();
                JsonNode parsed = null;
                if (type.contains("json") || body.startsWith("{") || body.startsWith("[")) {
                    try {
                        parsed = Json.mapper().readTree(body);
                    } catch (IOException e) {
                        parsed = null;
                    }
                }
                if (parsed != null) {
                    out.set("body", parsed);
                } else {
                    out.put("body", body);
                }
                return resp.statusCode() / 100 == 2 ? TaskResult.success(out)
                        : new TaskResult(TaskResult.Status.FAILED, out, "api agent '" + id + "': " + request.method() + " "
                                + request.uri() + " answered HTTP " + resp.statusCode());
            });
            result.whenComplete((r, e) -> {
                if (result.isCancelled()) {
                    sent.cancel(true);
                }
            });
            return result;
        }

        private HttpRequest build(ObjectNode p) {
            String path = p.path("path").asText("");
            if (path.contains("://") || path.contains("..")) {
                throw new IllegalArgumentException("path: must be a relative path under " + base);
            }
            StringBuilder url = new StringBuilder(base.toString());
            if (!path.isEmpty()) {
                if (url.charAt(url.length() - 1) == '/' && path.startsWith("/")) {
                    path = path.substring(1);
                } else if (url.charAt(url.length() - 1) != '/' && !path.startsWith("/")) {
                    url.append('/');
                }
                url.append(path);
            }
            JsonNode query = p.path("query");
            if (query.isObject() && !query.isEmpty()) {
                StringBuilder q = new StringBuilder();
                query.fields().forEachRemaining(e -> q.append(q.length() == 0 ? "" : "&")
                        .append(URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)).append('=')
                        .append(URLEncoder.encode(e.getValue().asText(), StandardCharsets.UTF_8)));
                url.append(url.indexOf("?") < 0 ? '?' : '&').append(q);
            }
            String m = p.path("method").asText(method).toUpperCase(Locale.ROOT);
            if (!METHODS.contains(m)) {
                throw new IllegalArgumentException("method: expected one of " + new java.util.TreeSet<>(METHODS));
            }
            HttpRequest.Builder b;
            try {
                b = HttpRequest.newBuilder(URI.create(url.toString())).timeout(timeout);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("path: makes an invalid URL");
            }
            headers.fields().forEachRemaining(e -> b.header(e.getKey(), e.getValue().asText()));
            auth.ifPresent(s -> b.header("Authorization", "Bearer " + s.reveal()));
            JsonNode body = p.get("body");
            if (body != null && !body.isNull()) {
                b.header("Content-Type", "application/json");
                b.method(m, HttpRequest.BodyPublishers.ofString(body.isTextual() ? body.asText() : body.toString()));
            } else {
                b.method(m, HttpRequest.BodyPublishers.noBody());
            }
            return b.build();
        }
    }
}
