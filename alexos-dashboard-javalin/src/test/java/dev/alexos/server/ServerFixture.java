package dev.alexos.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.alexos.core.config.AlexOsConfig;
import dev.alexos.core.json.Json;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A real server (runtime, bundled modules, Javalin) on a free loopback port with a temp data dir. */
final class ServerFixture implements AutoCloseable {
    static final String VIEWER = "viewer-token-it-0123456789";
    static final String OPERATOR = "operator-token-it-0123456789";
    static final String ADMIN = "admin-token-it-0123456789";

    final AlexOsServer server;
    final String base;
    final ByteArrayOutputStream console = new ByteArrayOutputStream();
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    ServerFixture(Path data, Map<String, Object> serverExtra) {
        this(data, serverExtra, Map.of());
    }

    /** With more top-level configuration sections besides {@code server} (e.g. {@code watchtower}). */
    ServerFixture(Path data, Map<String, Object> serverExtra, Map<String, Object> sections) {
        Map<String, Object> server = new LinkedHashMap<>();
        server.put("tokens", List.of(
                Map.of("name", "viewer", "role", "viewer", "token", VIEWER),
                Map.of("name", "operator", "role", "operator", "token", OPERATOR),
                Map.of("name", "admin", "role", "admin", "token", ADMIN)));
        server.putAll(serverExtra);
        Map<String, Object> config = new LinkedHashMap<>(sections);
        config.put("server", server);
        this.server = AlexOsServer.builder()
                .config(AlexOsConfig.of(config))
                .dataDirectory(data)
                .bind("127.0.0.1").port(0)
                .console(new PrintStream(console, true, StandardCharsets.UTF_8))
                .build().start();
        this.base = "http://127.0.0.1:" + this.server.port();
    }

    HttpResponse<String> send(String method, String path, String token, String contentType, String body) throws Exception {
        return send(method, path, token, contentType,
                body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    }

    HttpResponse<String> send(String method, String path, String token, String contentType,
            HttpRequest.BodyPublisher body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60))
                .method(method, body);
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static JsonNode json(HttpResponse<String> r) throws Exception {
        return Json.mapper().readTree(r.body());
    }

    @Override
    public void close() {
        server.close();
    }
}
