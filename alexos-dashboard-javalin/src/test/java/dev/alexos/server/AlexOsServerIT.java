package dev.alexos.server;

import static dev.alexos.server.ServerFixture.ADMIN;
import static dev.alexos.server.ServerFixture.OPERATOR;
import static dev.alexos.server.ServerFixture.VIEWER;
import static dev.alexos.server.ServerFixture.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.alexos.core.config.AlexOsConfig;
import dev.alexos.core.config.ConfigException;
import dev.alexos.core.http.ApiRoute;
import dev.alexos.core.http.HttpMethod;
import dev.alexos.core.http.Role;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The seed's test plan and the auth walk, against the real server over HTTP. */
class AlexOsServerIT {
    @TempDir
    static Path data;
    static ServerFixture fx;

    @BeforeAll
    static void start() {
        fx = new ServerFixture(data, Map.of());
    }

    @AfterAll
    static void stop() {
        fx.close();
    }

    static String concrete(String path) {
        return path.replaceAll("\\{[^}]*}", "x-unknown");
    }

    @Test
    void startsHealthy() throws Exception {
        HttpResponse<String> r = fx.send("GET", "/api/health", null, null, (String) null);
        // without a Docker engine here Watchtower may be unhealthy: a clear state (503 with the
        // components), not an error
        assertThat(r.statusCode()).isIn(200, 503);
        JsonNode h = json(r);
        assertThat(h.path("status").asText()).isIn("healthy", "degraded", "unhealthy");
        assertThat(h.path("components").has("ledger")).isTrue();
        assertThat(h.path("components").has("event_bus")).isTrue();
    }

    @Test
    void everyRouteNeedsItsRole() throws Exception {
        List<ApiRoute> routes = fx.server.routes();
        assertThat(routes).extracting(ApiRoute::path)
                .contains("/api/health", "/api/agents", "/api/events", "/api/ledger", "/api/ledger/verify",
                        "/api/compliance", "/api/plugins", "/metrics", "/api/dashboard/tabs");
        for (ApiRoute route : routes) {
            String path = concrete(route.path());
            String m = route.method().name();
            String body = route.method() == HttpMethod.GET ? null : "{}";
            String ct = body == null ? null : "application/json";
            int anonymous = fx.send(m, path, null, ct, body).statusCode();
            if (route.role() == Role.PUBLIC) {
                assertThat(anonymous).as(m + " " + path).isNotIn(401, 403);
                continue;
            }
            assertThat(anonymous).as("no token: " + m + " " + path).isEqualTo(401);
            int viewer = fx.send(m, path, VIEWER, ct, body).statusCode();
            if (route.role() == Role.VIEWER) {
                assertThat(viewer).as("viewer: " + m + " " + path).isNotIn(401, 403);
            } else {
                assertThat(viewer).as("viewer: " + m + " " + path).isEqualTo(403);
            }
            if (route.role() == Role.OPERATOR) {
                assertThat(fx.send(m, path, OPERATOR, ct, body).statusCode()).as("operator: " + m + " " + path)
                        .isNotIn(401, 403);
            }
            if (route.role() == Role.ADMIN) {
                assertThat(fx.send(m, path, OPERATOR, ct, body).statusCode()).as("operator: " + m + " " + path)
                        .isEqualTo(403);
                assertThat(fx.send(m, path, ADMIN, ct, body).statusCode()).as("admin: " + m + " " + path)
                        .isNotIn(401, 403);
            }
        }
    }

    @Test
    void coreApisAnswer() throws Exception {
        assertThat(json(fx.send("GET", "/api/agents", VIEWER, null, (String) null)).isObject()).isTrue();
        fx.server.runtime().eventBus().publish("server_it.ping", "it", dev.alexos.core.json.Json.object().put("n", 1));
        JsonNode events = json(fx.send("GET", "/api/events?limit=10", VIEWER, null, (String) null));
        assertThat(events.toString()).contains("server_it.ping");
        assertThat(fx.send("GET", "/api/ledger/verify", VIEWER, null, (String) null).statusCode()).isEqualTo(200);
        JsonNode compliance = json(fx.send("GET", "/api/compliance", VIEWER, null, (String) null));
        assertThat(compliance.toString()).contains("server.auth_configured").contains("server.secrets_hygiene");
        assertThat(json(fx.send("GET", "/api/plugins", VIEWER, null, (String) null)).toString()).contains("server");
        String metrics = fx.send("GET", "/metrics", VIEWER, null, (String) null).body();
        assertThat(metrics).contains("alexos_http_requests_seconds_count").contains("alexos_events_published_total")
                .contains("alexos_ledger_appends_total").contains("alexos_agents{state=\"running\"}");
    }

    @Test
    void moduleRoutesAnswerWithClearStates() throws Exception {
        // Watchtower without a reachable Docker engine, ChainBot without a remote: clear answers, never 500
        for (String path : List.of("/api/watchtower/health", "/api/watchtower/containers", "/api/chainbot/health",
                "/api/chainbot/agents/all", "/api/chainbot/workflows")) {
            boolean registered = fx.server.routes().stream().anyMatch(r -> r.path().equals(path));
            if (!registered) {
                continue;
            }
            HttpResponse<String> r = fx.send("GET", path, VIEWER, null, (String) null);
            assertThat(r.statusCode()).as(path + ": " + r.body()).isIn(200, 502, 503, 504);
            if (r.statusCode() != 200) {
                assertThat(json(r).path("error").path("message").asText()).isNotBlank();
            }
        }
    }

    @Test
    void dashboardsAreReachable() throws Exception {
        for (String page : List.of("/dashboard/", "/dashboard/watchtower", "/dashboard/chainbot", "/login")) {
            HttpResponse<String> r = fx.send("GET", page, null, null, (String) null);
            assertThat(r.statusCode()).as(page).isEqualTo(200);
            assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
        }
        HttpResponse<String> tabs = fx.send("GET", "/api/dashboard/tabs", VIEWER, null, (String) null);
        for (JsonNode t : json(tabs).path("tabs")) {
            HttpResponse<String> entry = fx.send("GET", t.path("entry_url").asText(), VIEWER, null, (String) null);
            assertThat(entry.statusCode()).as(t.toString()).isEqualTo(200);
        }
        HttpResponse<String> js = fx.send("GET", "/dashboard/assets/app.js", null, null, (String) null);
        assertThat(js.statusCode()).isEqualTo(200);
        assertThat(js.headers().firstValue("Cache-Control").orElse("")).contains("max-age");
    }

    @Test
    void firstStartGeneratesAnOwnerOnlyHashedAdminToken(@TempDir Path fresh) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (AlexOsServer s = AlexOsServer.builder().dataDirectory(fresh).port(0)
                .console(new PrintStream(out, true, StandardCharsets.UTF_8)).build().start()) {
            String console = out.toString(StandardCharsets.UTF_8);
            String token = console.lines().map(String::trim).filter(l -> l.startsWith("alx_")).findFirst().orElseThrow();
            Path file = fresh.resolve("auth/tokens.json");
            assertThat(Files.readString(file)).doesNotContain(token);
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
            ServerFixture probe = fx;
            HttpResponse<String> me = probe.http.send(java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create("http://127.0.0.1:" + s.port() + "/api/auth/me"))
                    .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(json(me).path("role").asText()).isEqualTo("admin");
        }
    }

    @Test
    void openAuthIsRefusedOffLoopback(@TempDir Path fresh) {
        assertThatThrownBy(() -> AlexOsServer.builder()
                .config(AlexOsConfig.of(Map.of("server", Map.of("auth", "open", "bind", "0.0.0.0"))))
                .dataDirectory(fresh).port(0).build().start())
                .isInstanceOf(ConfigException.class).hasMessageContaining("loopback");
    }
}
