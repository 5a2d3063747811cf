package dev.alexos.watchtower.internal.update;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.alexos.core.config.Secret;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The registry protocol against a loopback server that plays the registry and its token service. */
class RegistryClientTest {
    private static final String DIGEST = "sha256:" + "b".repeat(64);
    HttpServer server;
    String host;
    final List<String> requests = new CopyOnWriteArrayList<>();
    final AtomicInteger status = new AtomicInteger(200);
    volatile String challenge;
    volatile String retryAfter;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        server.start();
        host = "127.0.0.1:" + server.getAddress().getPort();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private void handle(HttpExchange ex) throws IOException {
        String auth = ex.getRequestHeaders().getFirst("Authorization");
        requests.add(ex.getRequestMethod() + " " + ex.getRequestURI() + " auth=" + auth + " accept=" + ex.getRequestHeaders().getFirst("Accept"));
        if (ex.getRequestURI().getPath().equals("/token")) {
            byte[] body = ("{\"token\":\"t0k\"}").getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(200, body.length);
            ex.getResponseBody().write(body);
            ex.close();
            return;
        }
        if (challenge != null && (auth == null || !(auth.equals("Bearer t0k") || auth.startsWith("Basic ")))) {
            ex.getResponseHeaders().add("WWW-Authenticate", challenge);
            ex.sendResponseHeaders(401, -1);
            ex.close();
            return;
        }
        if (retryAfter != null) {
            ex.getResponseHeaders().add("Retry-After", retryAfter);
        }
        if (status.get() == 200) {
            ex.getResponseHeaders().add("Docker-Content-Digest", DIGEST);
        }
        ex.sendResponseHeaders(status.get(), -1);
        ex.close();
    }

    private RegistryClient client(Clock clock, RegistryCredentials creds, int budget) {
        return new RegistryClient(creds, clock, budget, Duration.ofHours(1), Duration.ofSeconds(5));
    }

    @Test
    void headOnTheManifestReturnsTheDigestWithoutPulling() throws Exception {
        String digest = client(Clock.systemUTC(), RegistryCredentials.none(), 10).remoteDigest(ImageRef.parse(host + "/app:1"));
        assertThat(digest).isEqualTo(DIGEST);
        assertThat(requests).singleElement().asString().startsWith("HEAD /v2/app/manifests/1")
                .contains("application/vnd.oci.image.index.v1+json").contains("manifest.list.v2+json");
    }

    @Test
    void bearerChallengeIsAnsweredWithATokenFromTheRealm() throws Exception {
        challenge = "Bearer realm=\"http://" + host + "/token\",service=\"test\",scope=\"repository:app:pull\"";
        var creds = RegistryCredentials.load(null, Map.of(host, new RegistryCredentials.Login("ci", Secret.of("pw"))));
        assertThat(client(Clock.systemUTC(), creds, 10).remoteDigest(ImageRef.parse(host + "/app"))).isEqualTo(DIGEST);
        assertThat(requests).hasSize(3);
        assertThat(requests.get(1)).startsWith("GET /token?scope=repository%3Aapp%3Apull&service=test").contains("auth=Basic ");
        assertThat(requests.get(2)).contains("auth=Bearer t0k");
    }

    @Test
    void basicChallengeWithoutALoginIsAClearError() {
        challenge = "Basic realm=\"registry\"";
        assertThatThrownBy(() -> client(Clock.systemUTC(), RegistryCredentials.none(), 10).remoteDigest(ImageRef.parse(host + "/app")))
                .hasMessageContaining("requires a login");
    }

    @Test
    void rateLimitBacksOffUntilRetryAfterWithoutAskingAgain() {
        Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
        status.set(429);
        retryAfter = "120";
        RegistryClient c = client(Clock.fixed(t0, ZoneOffset.UTC), RegistryCredentials.none(), 10);
        assertThatThrownBy(() -> c.remoteDigest(ImageRef.parse(host + "/app")))
                .isInstanceOfSatisfying(RegistryException.class, e -> assertThat(e.retryAfter()).isEqualTo(t0.plusSeconds(120)));
        assertThatThrownBy(() -> c.remoteDigest(ImageRef.parse(host + "/other"))).hasMessageContaining("rate-limited until");
        assertThat(requests).hasSize(1);
    }

    @Test
    void budgetPerRegistryIsEnforced() throws Exception {
        RegistryClient c = client(Clock.fixed(Instant.EPOCH, ZoneOffset.UTC), RegistryCredentials.none(), 2);
        c.remoteDigest(ImageRef.parse(host + "/a"));
        c.remoteDigest(ImageRef.parse(host + "/b"));
        assertThatThrownBy(() -> c.remoteDigest(ImageRef.parse(host + "/c"))).hasMessageContaining("budget");
        assertThat(requests).hasSize(2);
    }

    @Test
    void missingManifestAndDigestPinsAreErrorsNamingTheImage() {
        status.set(404);
        RegistryClient c = client(Clock.systemUTC(), RegistryCredentials.none(), 10);
        assertThatThrownBy(() -> c.remoteDigest(ImageRef.parse(host + "/app:9"))).hasMessageContaining("no manifest").hasMessageContaining("app:9");
        assertThatThrownBy(() -> c.remoteDigest(ImageRef.parse(host + "/app@" + DIGEST))).hasMessageContaining("pinned by digest");
    }
}
