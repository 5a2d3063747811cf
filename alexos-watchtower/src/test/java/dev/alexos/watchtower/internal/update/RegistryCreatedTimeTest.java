package dev.alexos.watchtower.internal.update;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
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
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The image creation time for the cool-down: index → platform manifest → config blob, against a
 * loopback server playing the registry (with a Bearer token service), cached per digest.
 */
class RegistryCreatedTimeTest {
    private static final String INDEX = "sha256:" + "1".repeat(64);
    private static final String AMD64 = "sha256:" + "2".repeat(64);
    private static final String ARM64 = "sha256:" + "3".repeat(64);
    private static final String CFG_AMD64 = "sha256:" + "4".repeat(64);
    private static final String CFG_ARM64 = "sha256:" + "5".repeat(64);
    private static final String SINGLE = "sha256:" + "6".repeat(64);
    private static final String CFG_NO_TIME = "sha256:" + "7".repeat(64);

    HttpServer server;
    String host;
    final List<String> requests = new CopyOnWriteArrayList<>();
    final Map<String, String> bodies = new ConcurrentHashMap<>();
    volatile boolean tokenRequired;
    volatile boolean redirectBlobs;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
        host = "127.0.0.1:" + server.getAddress().getPort();
        bodies.put("/v2/app/manifests/" + INDEX, """
                {"schemaVersion":2,"mediaType":"application/vnd.oci.image.index.v1+json","manifests":[
                 {"digest":"%s","platform":{"os":"linux","architecture":"arm64","variant":"v8"}},
                 {"digest":"%s","platform":{"os":"linux","architecture":"amd64"}},
                 {"digest":"sha256:%s","platform":{"os":"unknown","architecture":"unknown"}}]}""".formatted(ARM64, AMD64, "9".repeat(64)));
        bodies.put("/v2/app/manifests/" + AMD64, "{\"schemaVersion\":2,\"config\":{\"digest\":\"" + CFG_AMD64 + "\"}}");
        bodies.put("/v2/app/manifests/" + ARM64, "{\"schemaVersion\":2,\"config\":{\"digest\":\"" + CFG_ARM64 + "\"}}");
        bodies.put("/v2/app/blobs/" + CFG_AMD64, "{\"architecture\":\"amd64\",\"created\":\"2026-03-01T10:15:30.123456789Z\"}");
        bodies.put("/v2/app/blobs/" + CFG_ARM64, "{\"architecture\":\"arm64\",\"created\":\"2026-03-02T08:00:00Z\"}");
        bodies.put("/v2/app/manifests/" + SINGLE, "{\"schemaVersion\":2,\"config\":{\"digest\":\"" + CFG_NO_TIME + "\"}}");
        bodies.put("/v2/app/blobs/" + CFG_NO_TIME, "{\"architecture\":\"amd64\"}");
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private void handle(HttpExchange ex) throws IOException {
        String auth = ex.getRequestHeaders().getFirst("Authorization");
        String path = ex.getRequestURI().getPath();
        requests.add(ex.getRequestMethod() + " " + path + " auth=" + auth);
        String body;
        if (path.equals("/token")) {
            body = "{\"token\":\"t0k\"}";
        } else if (path.startsWith("/storage/")) {
            body = auth == null ? bodies.get("/v2/app/blobs/" + path.substring("/storage/".length())) : "{\"leaked\":true}";
        } else if (path.startsWith("/v2/app/blobs/") && redirectBlobs && "Bearer t0k".equals(auth)) {
            ex.getResponseHeaders().add("Location", "/storage/" + path.substring("/v2/app/blobs/".length()) + "?sig=x");
            ex.sendResponseHeaders(307, -1);
            ex.close();
            return;
        } else if (tokenRequired && !"Bearer t0k".equals(auth)) {
            ex.getResponseHeaders().add("WWW-Authenticate", "Bearer realm=\"http://" + host + "/token\",service=\"reg\"");
            ex.sendResponseHeaders(401, -1);
            ex.close();
            return;
        } else {
            body = bodies.get(path);
        }
        if (body == null) {
            ex.sendResponseHeaders(404, -1);
            ex.close();
            return;
        }
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.sendResponseHeaders(200, bytes.length);
        ex.getResponseBody().write(bytes);
        ex.close();
    }

    private RegistryClient client(int budget) {
        return new RegistryClient(RegistryCredentials.none(), Clock.fixed(Instant.EPOCH, ZoneOffset.UTC), budget, Duration.ofHours(1),
                Duration.ofSeconds(5));
    }

    @Test
    void indexIsResolvedToTheEnginesPlatformAndTheConfigsCreatedIsRead() throws Exception {
        RegistryClient c = client(10);
        ImageRef ref = ImageRef.parse(host + "/app:latest");

        assertThat(c.createdAt(ref, INDEX, "linux/amd64")).contains(Instant.parse("2026-03-01T10:15:30.123456789Z"));
        assertThat(requests).extracting(r -> r.split(" ")[1])
                .containsExactly("/v2/app/manifests/" + INDEX, "/v2/app/manifests/" + AMD64, "/v2/app/blobs/" + CFG_AMD64);
        assertThat(c.createdAt(ref, INDEX, "linux/arm64/v8")).contains(Instant.parse("2026-03-02T08:00:00Z"));
        assertThat(c.createdAt(ref, INDEX, "windows/amd64")).isEmpty();
    }

    @Test
    void answersAreCachedPerDigestSoTheRegistryIsAskedOnce() throws Exception {
        RegistryClient c = client(10);
        ImageRef ref = ImageRef.parse(host + "/app:latest");
        Optional<Instant> first = c.createdAt(ref, INDEX, "linux/amd64");
        int asked = requests.size();

        for (int i = 0; i < 5; i++) {
            assertThat(c.createdAt(ref, INDEX, "linux/amd64")).isEqualTo(first);
        }
        assertThat(c.createdAt(ref, SINGLE, "linux/amd64")).isEmpty(); // no "created": empty, and cached too
        assertThat(c.createdAt(ref, SINGLE, "linux/amd64")).isEmpty();

        assertThat(asked).isEqualTo(3);
        assertThat(requests).hasSize(3 + 2);
    }

    @Test
    void manifestFetchesCountAgainstTheRegistryBudget() throws Exception {
        RegistryClient c = client(2);
        ImageRef ref = ImageRef.parse(host + "/app:latest");
        c.createdAt(ref, INDEX, "linux/amd64"); // index + platform manifest: the whole budget

        assertThatThrownBy(() -> c.remoteDigest(ref)).hasMessageContaining("budget");
        assertThatThrownBy(() -> c.createdAt(ref, SINGLE, "linux/amd64")).hasMessageContaining("budget");
    }

    @Test
    void tokenAuthIsUsedForManifestsAndBlobsAlike() throws Exception {
        tokenRequired = true;
        RegistryClient c = client(10);

        assertThat(c.createdAt(ImageRef.parse(host + "/app:latest"), SINGLE, "linux/amd64")).isEmpty();

        assertThat(requests.get(0)).contains("auth=null");
        assertThat(requests.get(1)).startsWith("GET /token");
        assertThat(requests.subList(2, requests.size())).allSatisfy(r -> assertThat(r).endsWith("auth=Bearer t0k"))
                .extracting(r -> r.split(" ")[1]).containsExactly("/v2/app/manifests/" + SINGLE, "/v2/app/blobs/" + CFG_NO_TIME);
    }

    @Test
    void blobRedirectsToStorageAreFollowedWithoutTheRegistryToken() throws Exception {
        tokenRequired = true;
        redirectBlobs = true;
        RegistryClient c = client(10);

        assertThat(c.createdAt(ImageRef.parse(host + "/app:latest"), AMD64, "linux/amd64"))
                .contains(Instant.parse("2026-03-01T10:15:30.123456789Z"));

        assertThat(requests).last().asString().startsWith("GET /storage/" + CFG_AMD64).endsWith("auth=null");
    }

    @Test
    void aMissingManifestIsAnErrorAndNotCached() {
        RegistryClient c = client(10);
        ImageRef ref = ImageRef.parse(host + "/app:latest");
        String unknown = "sha256:" + "e".repeat(64);

        assertThatThrownBy(() -> c.createdAt(ref, unknown, "linux/amd64")).hasMessageContaining("404");
        assertThatThrownBy(() -> c.createdAt(ref, unknown, "linux/amd64")).hasMessageContaining("404");
        assertThat(requests).hasSize(2);
    }

    @Test
    void engineArchitecturesMapToOciPlatforms() {
        assertThat(UpdateTargets.ociPlatform("linux", "x86_64")).isEqualTo("linux/amd64");
        assertThat(UpdateTargets.ociPlatform("linux", "aarch64")).isEqualTo("linux/arm64");
        assertThat(UpdateTargets.ociPlatform(null, null)).isEqualTo("linux/amd64");
        assertThat(UpdateTargets.ociPlatform("linux", "armv7l")).isEqualTo("linux/arm/v7");
    }
}
