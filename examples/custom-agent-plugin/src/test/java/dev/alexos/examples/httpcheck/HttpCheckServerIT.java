package dev.alexos.examples.httpcheck;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.alexos.core.config.AlexOsConfig;
import dev.alexos.core.json.Json;
import dev.alexos.server.AlexOsServer;
import dev.alexos.testkit.FakeHttpPeer;
import dev.alexos.testkit.HttpReply;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The jar Maven packaged, dropped into the reference server's plugins directory: the server
 * loads it, lists the plugin and its agent, and serves its events over the API.
 */
class HttpCheckServerIT {
    private static final String TOKEN = "viewer-token-httpcheck-0123456789";

    @TempDir
    Path tmp;

    @Test
    void referenceServerLoadsThePackagedJarFromItsPluginsDirectory() throws Exception {
        Path jar = Path.of(System.getProperty("httpcheck.plugin.jar", "target/missing.jar"));
        assertThat(jar).as("the packaged plugin jar (run through mvn verify)").exists();
        Path plugins = Files.createDirectories(tmp.resolve("plugins"));
        Files.copy(jar, plugins.resolve(jar.getFileName()));
        try (FakeHttpPeer service = FakeHttpPeer.start()) {
            service.on("GET", "/health").reply(HttpReply.status(503));
            AlexOsServer server = AlexOsServer.builder()
                    .config(AlexOsConfig.of(Map.of(
                            "server", Map.of("tokens", List.of(Map.of("name", "ci", "role", "viewer", "token", TOKEN))),
                            "httpcheck", Map.of("endpoints", List.of(service.url() + "/health"), "interval", "1s",
                                    "failure_threshold", 1))))
                    .dataDirectory(tmp.resolve("data"))
                    .pluginsDirectory(plugins)
                    // Only the drop-in: this module's own classes are on the test class path too.
                    .runtime(b -> b.discoverClasspathModules(false))
                    .bind("127.0.0.1").port(0)
                    .console(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8))
                    .build().start();
            try {
                String base = "http://127.0.0.1:" + server.port();
                JsonNode pluginsView = get(base + "/api/plugins");
                assertThat(pluginsView.toString()).contains("\"httpcheck\"").contains("started");
                assertThat(get(base + "/api/agents").toString()).contains("httpcheck-1");
                Awaitility.await().atMost(Duration.ofSeconds(30)).until(() ->
                        get(base + "/api/events?topic=httpcheck.*&limit=50").toString().contains("httpcheck.endpoint_down"));
            } finally {
                server.close();
            }
        }
    }

    private static JsonNode get(String url) throws Exception {
        HttpRequest req = HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + TOKEN)
                .timeout(Duration.ofSeconds(20)).build();
        HttpResponse<String> res = HttpClient.newHttpClient().send(req, HttpResponse.BodyHandlers.ofString());
        assertThat(res.statusCode()).as(url + " → " + res.body()).isEqualTo(200);
        return Json.mapper().readTree(res.body());
    }
}
