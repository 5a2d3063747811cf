package dev.alexos.server.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.alexos.core.http.ApiException;
import dev.alexos.core.http.ApiResponse;
import dev.alexos.core.http.ApiRoute;
import dev.alexos.core.http.Role;
import dev.alexos.core.json.Json;
import dev.alexos.server.internal.auth.AuthService;
import dev.alexos.server.internal.auth.LoginRateLimiter;
import dev.alexos.server.internal.auth.SessionStore;
import dev.alexos.server.internal.auth.TokenStore;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The host over real HTTP and WebSocket on loopback, with an in-memory runtime. */
class JavalinHostIT {
    static final String VIEWER = "viewer-token-0123456789";
    static final String OPERATOR = "operator-token-0123456789";

    @TempDir
    Path data;
    TestRuntime runtime;
    JavalinHost host;
    TokenStore tokens;
    HttpClient http = HttpClient.newHttpClient();
    String base;
    final java.util.concurrent.CountDownLatch slowEntered = new java.util.concurrent.CountDownLatch(1);
    final java.util.concurrent.CountDownLatch slowRelease = new java.util.concurrent.CountDownLatch(1);

    @BeforeEach
    void start() {
        runtime = new TestRuntime(50);
        runtime.routes.add(ApiRoute.get("/api/health", Role.PUBLIC, "health", req -> Map.of("status", "healthy")));
        runtime.routes.add(ApiRoute.get("/api/things/{id}", Role.VIEWER, "one thing", req -> {
            if (req.pathParam("id").equals("missing")) {
                throw ApiException.notFound("thing", "missing");
            }
            return Map.of("id", req.pathParam("id"), "limit", req.queryInt("limit", 10, 1, 100));
        }));
        runtime.routes.add(ApiRoute.post("/api/things", Role.OPERATOR, "make a thing",
                req -> ApiResponse.created(req.bodyObject())));
        runtime.routes.add(ApiRoute.get("/api/slow", Role.VIEWER, "waits for the test", req -> {
            slowEntered.countDown();
            return slowRelease.await(30, java.util.concurrent.TimeUnit.SECONDS) ? Map.of("done", true) : Map.of("done", false);
        }));
        runtime.routes.add(ApiRoute.get("/api/boom", Role.VIEWER, "a bug", req -> {
            throw new IllegalStateException("secret internals");
        }));
        Clock clock = Clock.systemUTC();
        tokens = TokenStore.load(List.of(
                new TokenStore.TokenEntry("v", Role.VIEWER, TokenStore.sha256(VIEWER), "config"),
                new TokenStore.TokenEntry("o", Role.OPERATOR, TokenStore.sha256(OPERATOR), "config")),
                data, new SecureRandom(), clock);
        ServerSettings settings = new ServerSettings("127.0.0.1", 0, false, false, 4096, Duration.ofHours(1),
                8, 64, 3, data);
        AuthService auth = new AuthService(tokens, new SessionStore(new SecureRandom(), clock, Duration.ofHours(1)),
                new LoginRateLimiter(3, clock), runtime.ledger, false);
        host = new JavalinHost(settings, runtime, auth);
        base = "http://127.0.0.1:" + host.start();
    }

    @AfterEach
    void stop() {
        if (host != null) {
            host.stop();
        }
        runtime.bus.close();
    }

    HttpResponse<String> send(String method, String path, String token, String contentType, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
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

    static void assertError(HttpResponse<String> r, int status, String code) throws Exception {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
        JsonNode e = json(r).path("error");
        assertThat(e.path("status").asInt()).isEqualTo(status);
        assertThat(e.path("code").asText()).isEqualTo(code);
        assertThat(e.path("message").asText()).isNotBlank();
        assertThat(r.body()).doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    void rolesAreEnforced() throws Exception {
        assertThat(send("GET", "/api/health", null, null, null).statusCode()).isEqualTo(200);
        assertError(send("GET", "/api/things/a", null, null, null), 401, "unauthorized");
        HttpResponse<String> ok = send("GET", "/api/things/a?limit=5", VIEWER, null, null);
        assertThat(json(ok).path("id").asText()).isEqualTo("a");
        assertThat(json(ok).path("limit").asInt()).isEqualTo(5);
        assertError(send("POST", "/api/things", VIEWER, "application/json", "{\"a\":1}"), 403, "forbidden");
        HttpResponse<String> created = send("POST", "/api/things", OPERATOR, "application/json", "{\"a\":1}");
        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(json(created).path("a").asInt()).isEqualTo(1);
        assertError(send("GET", "/metrics", null, null, null), 401, "unauthorized");
    }

    @Test
    void errorsHaveOneShape() throws Exception {
        assertError(send("GET", "/api/nope", VIEWER, null, null), 404, "not_found");
        assertError(send("DELETE", "/api/health", VIEWER, null, null), 405, "method_not_allowed");
        assertError(send("GET", "/api/things/missing", VIEWER, null, null), 404, "not_found");
        assertError(send("GET", "/api/things/a?limit=abc", VIEWER, null, null), 400, "bad_request");
        assertThat(json(send("GET", "/api/things/a?limit=abc", VIEWER, null, null)).path("error").path("field").asText())
                .isEqualTo("limit");
        HttpResponse<String> bad = send("POST", "/api/things", OPERATOR, "application/json", "{\"a\":");
        assertError(bad, 400, "bad_request");
        assertThat(json(bad).path("error").path("field").asText()).isEqualTo("body");
        assertError(send("POST", "/api/things", OPERATOR, "application/json", "[1]"), 400, "bad_request");
        assertError(send("POST", "/api/things", OPERATOR, "text/plain", "{}"), 415, "unsupported_media_type");
        assertError(send("POST", "/api/things", OPERATOR, "application/json", "{\"a\":\"" + "x".repeat(10_000) + "\"}"),
                413, "payload_too_large");
        HttpResponse<String> boom = send("GET", "/api/boom", VIEWER, null, null);
        assertError(boom, 500, "internal_error");
        assertThat(boom.body()).doesNotContain("secret internals");
        for (String traversal : List.of("/dashboard/..%2F..%2Fetc%2Fpasswd", "/dashboard/../../etc/passwd",
                "/dashboard/tabs/x/..%2F..%2Fsecret", "/dashboard/%2e%2e/%2e%2e/etc/passwd")) {
            HttpResponse<String> r = send("GET", traversal, VIEWER, null, null);
            assertThat(r.statusCode()).as(traversal).isIn(400, 404);
            assertError(r, r.statusCode(), r.statusCode() == 400 ? "bad_request" : "not_found");
            assertThat(r.body()).doesNotContain("root:");
        }
    }

    @Test
    void theChartLibraryComesFromItsWebJarWithAYearLongImmutableCache() throws Exception {
        String sdk;
        try (var in = JavalinHost.class.getClassLoader().getResourceAsStream("alexos/dashboard/assets/sdk.js")) {
            sdk = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
        // the version in sdk.js must be the WebJar's on the classpath (root pom's uplot.version)
        var m = java.util.regex.Pattern.compile("UPLOT_BASE = '(/webjars/uplot/[0-9.]+/dist/)'").matcher(sdk);
        assertThat(m.find()).as("UPLOT_BASE in sdk.js").isTrue();
        for (String file : List.of("uPlot.esm.js", "uPlot.min.css")) {
            HttpResponse<String> r = send("GET", m.group(1) + file, null, null, null);
            assertThat(r.statusCode()).as(file).isEqualTo(200);
            assertThat(r.headers().firstValue("Cache-Control")).hasValue("public, max-age=31536000, immutable");
            assertThat(r.headers().firstValue("Content-Type").orElse("")).contains(file.endsWith(".js") ? "javascript" : "text/css");
        }
        assertThat(send("GET", m.group(1) + "uPlot.esm.js", null, null, null).body()).contains("export { uPlot as default }");
        // only the listed WebJars are served, and nothing outside them
        assertThat(send("GET", "/webjars/uplot/..%2F..%2Fmaven/org.webjars.npm/uplot/pom.xml", null, null, null).statusCode())
                .isIn(400, 404);
        assertThat(send("GET", "/webjars/other/1.0/x.js", null, null, null).statusCode()).isEqualTo(404);
    }

    @Test
    void failedLoginsAreRecordedAndRateLimited() throws Exception {
        for (int i = 0; i < 3; i++) {
            assertError(send("GET", "/api/things/a", "wrong-token-" + i, null, null), 401, "unauthorized");
        }
        assertError(send("GET", "/api/things/a", "wrong-again", null, null), 429, "too_many_requests");
        assertThat(runtime.ledger.entries).hasSize(3).allSatisfy(e -> {
            assertThat(e.type()).isEqualTo("server.auth_failed");
            assertThat(e.payload().toString()).doesNotContain("wrong-token");
        });
    }

    @Test
    void loginGivesAStrictHttpOnlySessionCookie() throws Exception {
        HttpResponse<String> login = send("POST", "/login", null, "application/json", "{\"token\":\"" + VIEWER + "\"}");
        assertThat(login.statusCode()).isEqualTo(200);
        String cookie = login.headers().firstValue("Set-Cookie").orElseThrow();
        assertThat(cookie).contains("HttpOnly").containsIgnoringCase("SameSite=Strict");
        HttpResponse<String> me = http.send(HttpRequest.newBuilder(URI.create(base + "/api/auth/me"))
                .header("Cookie", cookie.split(";", 2)[0]).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(json(me).path("role").asText()).isEqualTo("viewer");
        HttpResponse<String> form = send("POST", "/login", null, "application/x-www-form-urlencoded", "token=nope");
        assertThat(form.statusCode()).isEqualTo(303);
        assertThat(send("GET", "/login", null, null, null).body()).contains("<form");
    }

    @Test
    void tokenFileIsOwnerOnly() throws Exception {
        Path other = data.resolve("fresh");
        TokenStore fresh = TokenStore.load(List.of(), other, new SecureRandom(), Clock.systemUTC());
        assertThat(fresh.generatedToken()).isPresent();
        String content = Files.readString(fresh.file());
        assertThat(content).doesNotContain(fresh.generatedToken().get())
                .contains(TokenStore.sha256(fresh.generatedToken().get()));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(fresh.file()))).isEqualTo("rw-------");
        TokenStore again = TokenStore.load(List.of(), other, new SecureRandom(), Clock.systemUTC());
        assertThat(again.generatedToken()).isEmpty();
        assertThat(again.match(fresh.generatedToken().get())).isPresent();
    }

    @Test
    void webSocketStreamsResumesAndReportsGaps() throws Exception {
        Client c = Client.connect(http, base, VIEWER);
        c.ws.sendText("{\"action\":\"subscribe\",\"topics\":[\"watchtower.*\"]}", true);
        await().until(() -> c.types().contains("subscribed"));
        runtime.bus.publish("chainbot.other", "t", Json.object());
        runtime.bus.publish("watchtower.container_started", "t", Json.object().put("n", 1));
        await().until(() -> c.events().size() == 1);
        assertThat(c.events().get(0).path("data").path("n").asInt()).isEqualTo(1);
        long seen = c.events().get(0).path("seq").asLong();
        c.ws.abort();
        for (int i = 2; i <= 4; i++) {
            runtime.bus.publish("watchtower.container_started", "t", Json.object().put("n", i));
        }
        Client again = Client.connect(http, base, VIEWER);
        again.ws.sendText("{\"action\":\"subscribe\",\"topics\":[\"watchtower.*\"],\"since\":" + seen + "}", true);
        runtime.bus.publish("watchtower.container_started", "t", Json.object().put("n", 5));
        await().until(() -> again.events().size() == 4);
        assertThat(again.events().stream().map(e -> e.path("data").path("n").asInt()).toList()).containsExactly(2, 3, 4, 5);
        for (int i = 0; i < 60; i++) {
            runtime.bus.publish("watchtower.filler", "t", Json.object());
        }
        Client late = Client.connect(http, base, VIEWER);
        late.ws.sendText("{\"action\":\"subscribe\",\"topics\":[\"*\"],\"since\":1}", true);
        await().until(() -> late.types().contains("gap"));
        late.ws.sendText("{\"action\":\"ping\"}", true);
        await().until(() -> late.types().contains("pong"));
        late.ws.sendText("{\"action\":\"dance\"}", true);
        await().until(() -> late.types().contains("error"));
    }

    @Test
    void webSocketNeedsCredentials() throws Exception {
        CompletableFuture<WebSocket> f = http.newWebSocketBuilder()
                .buildAsync(URI.create(base.replace("http", "ws") + "/ws"), new WebSocket.Listener() { });
        assertThat(f).failsWithin(Duration.ofSeconds(10));
        Client byQuery = Client.connectQuery(http, base, VIEWER);
        byQuery.ws.sendText("{\"action\":\"ping\"}", true);
        await().until(() -> byQuery.types().contains("pong"));
    }

    @Test
    void stopLetsInFlightRequestsFinish() throws Exception {
        CompletableFuture<HttpResponse<String>> inFlight = http.sendAsync(HttpRequest.newBuilder(URI.create(base + "/api/slow"))
                .header("Authorization", "Bearer " + VIEWER).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(slowEntered.await(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        Thread stopper = new Thread(host::stop);
        stopper.start();
        // stop accepting first: new connections are refused while the slow request is still running
        HttpClient fresh = HttpClient.newHttpClient();
        await().until(() -> {
            try {
                fresh.send(HttpRequest.newBuilder(URI.create(base + "/api/health")).build(), HttpResponse.BodyHandlers.ofString());
                return false;
            } catch (java.io.IOException e) {
                return true;
            }
        });
        assertThat(inFlight).isNotDone();
        slowRelease.countDown();
        HttpResponse<String> r = inFlight.get(30, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(json(r).path("done").asBoolean()).isTrue();
        stopper.join(30_000);
        host = null;
    }

    @Test
    void metricsCountRequests() throws Exception {
        send("GET", "/api/things/a", VIEWER, null, null);
        String text = send("GET", "/metrics", VIEWER, null, null).body();
        assertThat(text).contains("alexos_http_requests_seconds_count{method=\"GET\",route=\"/api/things/{id}\",status=\"200\"}")
                .contains("alexos_ws_clients").contains("alexos_ledger_head_seq").contains("alexos_agents");
    }

    /** A java.net.http WebSocket client that collects what it receives. */
    static final class Client implements WebSocket.Listener {
        final List<JsonNode> received = new CopyOnWriteArrayList<>();
        final StringBuilder partial = new StringBuilder();
        WebSocket ws;

        static Client connect(HttpClient http, String base, String token) {
            Client c = new Client();
            c.ws = http.newWebSocketBuilder().header("Authorization", "Bearer " + token)
                    .buildAsync(URI.create(base.replace("http", "ws") + "/ws"), c).join();
            return c;
        }

        static Client connectQuery(HttpClient http, String base, String token) {
            Client c = new Client();
            c.ws = http.newWebSocketBuilder()
                    .buildAsync(URI.create(base.replace("http", "ws") + "/ws?token=" + token), c).join();
            return c;
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                try {
                    received.add(Json.mapper().readTree(partial.toString()));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
                partial.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        List<String> types() {
            return received.stream().map(n -> n.path("type").asText()).toList();
        }

        List<JsonNode> events() {
            return received.stream().filter(n -> n.path("type").asText().equals("event")).toList();
        }
    }
}
