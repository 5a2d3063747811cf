package dev.alexos.server;

import static dev.alexos.server.ServerFixture.ADMIN;
import static org.assertj.core.api.Assertions.assertThat;

import dev.alexos.core.http.ApiRoute;
import dev.alexos.core.http.HttpMethod;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Malformed requests to every registered route (as admin, so that they reach the handlers): bad
 * JSON, huge and deeply nested bodies, wrong types, path traversal, unknown ids, bad query values.
 * No 5xx other than 502/503/504 (an upstream such as Docker being away), no stack traces.
 */
class RobustnessIT {
    @TempDir
    static Path data;
    static ServerFixture fx;

    static final List<String> PARAMS = List.of("x-unknown", "..%2F..%2Fetc%2Fpasswd", "%2e%2e", "a%00b", "%27%3B%20DROP",
            "z".repeat(300), "%F0%9F%92%A9", "-1", "99999999999999999999999", "%25");
    static final List<String> QUERIES = List.of("", "?limit=-1", "?limit=abc", "?limit=99999999999", "?since=zz",
            "?from=-5", "?wait=abc", "?wait=-3", "?tail=1e9", "?topic=..%2F..", "?status=%00", "?limit=");
    static final List<String> BODIES = List.of("{", "[]", "\"str\"", "123", "null", "{\"inputs\":5}",
            "{\"name\":123,\"id\":[],\"steps\":\"x\",\"definition\":false}", "{\"a\":" + "[".repeat(5000) + "]".repeat(5000) + "}",
            "{\"message\":{\"content\":null}}", "\u0000\u0001");

    @BeforeAll
    static void start() {
        fx = new ServerFixture(data, Map.of("max_body_bytes", 65_536));
    }

    @AfterAll
    static void stop() {
        fx.close();
    }

    @Test
    void malformedRequestsNeverCauseServerErrors() throws Exception {
        List<String> failures = new ArrayList<>();
        int requests = 0;
        for (ApiRoute route : fx.server.routes()) {
            String m = route.method().name();
            for (String param : PARAMS) {
                String path = route.path().replaceAll("\\{[^}]*}", param);
                for (String q : QUERIES) {
                    requests++;
                    check(failures, m + " " + path + q, () -> fx.send(m, path + q, ADMIN, null, (String) null));
                }
                if (route.method() != HttpMethod.GET) {
                    for (String body : BODIES) {
                        requests++;
                        check(failures, m + " " + path + " body " + body.length(), () -> fx.send(m, path, ADMIN, "application/json", body));
                    }
                    requests++;
                    check(failures, m + " " + path + " text/plain", () -> fx.send(m, path, ADMIN, "text/plain", "{}"));
                    if (param.equals("x-unknown")) {
                        // body size per route; malformed paths with huge bodies are Jetty's to refuse
                        requests++;
                        check(failures, m + " " + path + " 200k", () -> oversized(m, path));
                    }
                }
            }
        }
        for (String p : List.of("/api/../etc/passwd", "/api/%2e%2e/%2e%2e/etc/passwd", "/dashboard/..%2F..%2Fpom.xml",
                "/dashboard/tabs/..%2F..%2F/x", "/nope", "/api/agents/%00", "//api//agents", "/ws?token=nope")) {
            requests++;
            check(failures, "GET " + p, () -> fx.send("GET", p, ADMIN, null, (String) null));
        }
        assertThat(failures).as(requests + " requests").isEmpty();
    }

    /**
     * Sent on a fresh connection: the server answers 413 before reading the body and then closes
     * the connection, which would otherwise break the next request on the shared client's pool.
     */
    private static HttpResponse<String> oversized(String method, String path) throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        return client.send(HttpRequest.newBuilder(URI.create(fx.base + path)).header("Authorization", "Bearer " + ADMIN)
                .header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofByteArray(new byte[200_000])).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    interface Call {
        HttpResponse<String> send() throws Exception;
    }

    private static void check(List<String> failures, String desc, Call call) {
        HttpResponse<String> r;
        try {
            r = call.send();
        } catch (Exception e) {
            failures.add(desc + ": no answer: " + e);
            return;
        }
        int s = r.statusCode();
        String where = r.request().method() + " " + r.uri() + " -> " + s;
        if (s >= 500 && s != 502 && s != 503 && s != 504) {
            failures.add(where + " " + r.body());
        }
        if (r.body().contains("\tat ") || r.body().contains("\n\tat") || r.body().contains("Caused by")
                || r.body().matches("(?s).*\\bat (java|dev\\.alexos|io\\.javalin|org\\.eclipse)\\..*")) {
            failures.add(where + " has a stack trace: " + r.body().substring(0, Math.min(300, r.body().length())));
        }
        if (s >= 400 && !r.headers().firstValue("Content-Type").orElse("").startsWith("application/json")) {
            failures.add(where + " error is not JSON: " + r.headers().firstValue("Content-Type").orElse("none"));
        }
    }
}
