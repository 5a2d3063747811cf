package dev.alexos.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class FakeHttpPeerTest {
    private final FakeHttpPeer peer = FakeHttpPeer.start();
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @AfterEach
    void close() {
        peer.close();
    }

    private HttpResponse<String> get(String path) throws Exception {
        return client.send(HttpRequest.newBuilder(peer.uri(path)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void routesAnswerJsonAndRecordRequests() throws Exception {
        peer.on("GET", "/api/agents").reply(HttpReply.json(200, List.of(Map.of("id", "a1"))));
        peer.on("POST", "/api/workflows/{id}/execute")
                .reply(req -> HttpReply.json(200, Map.of("workflow", req.pathParam("id"), "got", req.json().get("x"))));

        HttpResponse<String> agents = get("/api/agents?limit=5");
        assertThat(agents.statusCode()).isEqualTo(200);
        assertThat(agents.body()).isEqualTo("[{\"id\":\"a1\"}]");
        assertThat(agents.headers().firstValue("content-type")).hasValue("application/json");

        HttpResponse<String> exec = client.send(HttpRequest.newBuilder(peer.uri("/api/workflows/w7/execute"))
                .header("Authorization", "Bearer k").POST(HttpRequest.BodyPublishers.ofString("{\"x\":1}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(new com.fasterxml.jackson.databind.ObjectMapper().readTree(exec.body()))
                .isEqualTo(new com.fasterxml.jackson.databind.ObjectMapper().readTree("{\"workflow\":\"w7\",\"got\":1}"));

        assertThat(peer.requests()).hasSize(2);
        RecordedRequest first = peer.requests().get(0);
        assertThat(first.queryParam("limit")).isEqualTo("5");
        RecordedRequest post = peer.requests("POST", "/api/workflows/w7/execute").get(0);
        assertThat(post.header("authorization")).isEqualTo("Bearer k");
        assertThat(post.pathParam("id")).isEqualTo("w7");
        assertThat(post.toString()).doesNotContain("Bearer");
    }

    @Test
    void oneShotFailuresComeFirstThenTheStandingReply() throws Exception {
        peer.on("GET", "/health").replyOnce(HttpReply.status(503).withHeader("Retry-After", "2"))
                .replyOnce(HttpReply.malformedJson()).reply(HttpReply.json(200, Map.of("status", "ok")));
        HttpResponse<String> first = get("/health");
        assertThat(first.statusCode()).isEqualTo(503);
        assertThat(first.headers().firstValue("retry-after")).hasValue("2");
        assertThat(get("/health").body()).isEqualTo("{\"truncated\": ");
        assertThat(get("/health").body()).isEqualTo("{\"status\":\"ok\"}");
        assertThat(get("/health").statusCode()).isEqualTo(200);
    }

    @Test
    void unknownRouteIs404NamingIt() throws Exception {
        HttpResponse<String> r = get("/nope");
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(r.body()).contains("no route for GET /nope");
    }

    @Test
    void hangMakesTheClientTimeOutAndDisconnectCutsTheBody() {
        peer.on("GET", "/slow").reply(HttpReply.hang());
        peer.on("GET", "/cut").reply(HttpReply.disconnect());
        assertThatThrownBy(() -> client.send(HttpRequest.newBuilder(peer.uri("/slow")).timeout(Duration.ofMillis(200))
                .build(), HttpResponse.BodyHandlers.ofString())).isInstanceOf(HttpTimeoutException.class);
        assertThatThrownBy(() -> get("/cut")).isInstanceOf(IOException.class);
    }
}
