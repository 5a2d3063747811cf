package dev.alexos.watchtower.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.alexos.core.http.ApiException;
import dev.alexos.core.http.HttpMethod;
import dev.alexos.testkit.TestApiRequest;
import dev.alexos.watchtower.internal.EndpointSettings;
import dev.alexos.watchtower.internal.engine.DockerJavaEngine;
import dev.alexos.watchtower.internal.engine.EngineException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Engines that answer garbage or never answer (loopback servers), and bad references: clear errors, nothing hangs. */
class BadEngineIT {
    private final List<AutoCloseable> closeables = new CopyOnWriteArrayList<>();

    @AfterEach
    void tearDown() throws Exception {
        for (AutoCloseable c : closeables) {
            c.close();
        }
    }

    /** A loopback server: each connection gets {@code reply} (or nothing, held open, when null). */
    private String server(byte[] reply) throws IOException {
        ServerSocket ss = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        List<Socket> held = new CopyOnWriteArrayList<>();
        Thread t = new Thread(() -> {
            while (!ss.isClosed()) {
                try {
                    Socket s = ss.accept();
                    held.add(s);
                    if (reply != null) {
                        OutputStream out = s.getOutputStream();
                        out.write(reply);
                        out.flush();
                        s.close();
                    }
                } catch (IOException e) {
                    return;
                }
            }
        }, "bad-engine");
        t.setDaemon(true);
        t.start();
        closeables.add(() -> {
            ss.close();
            for (Socket s : held) {
                s.close();
            }
            t.join(5000);
        });
        return "tcp://127.0.0.1:" + ss.getLocalPort();
    }

    private void assertFailsClearly(String host, EngineException.Kind... kinds) {
        DockerJavaEngine engine = new DockerJavaEngine(new EndpointSettings("bad", host, false, null, Duration.ofSeconds(1)));
        closeables.add(engine::close);
        assertThatThrownBy(engine::info).isInstanceOfSatisfying(EngineException.class, e -> {
            assertThat(e.kind()).isIn((Object[]) kinds);
            assertThat(e.getMessage()).contains("endpoint 'bad'").contains(host.substring("tcp://".length()));
        });
        assertThatThrownBy(engine::list).isInstanceOf(EngineException.class);
        assertThatThrownBy(() -> engine.inspect("x")).isInstanceOf(EngineException.class);
    }

    @Test
    void garbageIsUnavailableNotACrash() throws Exception {
        assertFailsClearly(server("SSH-2.0-OpenSSH_9.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII)),
                EngineException.Kind.UNAVAILABLE);
        assertFailsClearly(server(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 9\r\n\r\n"
                + "not json!").getBytes(StandardCharsets.US_ASCII)), EngineException.Kind.UNAVAILABLE);
        assertFailsClearly(server(("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}").getBytes(StandardCharsets.US_ASCII)),
                EngineException.Kind.UNAVAILABLE);
    }

    @Test
    void aHangingEngineTimesOut() throws Exception {
        assertFailsClearly(server(null), EngineException.Kind.TIMEOUT);
    }

    @Test
    void watchtowerOnBadEnginesReportsDockerUnavailableAndAnswersClearly() throws Exception {
        String garbage = server("garbage\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        String hanging = server(null);
        ItWatchtower wt = new ItWatchtower(Map.of("garbage", garbage, "hanging", hanging), Duration.ofSeconds(1),
                Duration.ofSeconds(30));
        closeables.add(0, wt);
        await().atMost(Duration.ofSeconds(30)).until(() -> wt.bus.events("watchtower.endpoint_down").size() == 2);
        assertThat(wt.watchtower.health().details().get("status")).isEqualTo("docker_unavailable");
        assertThat(wt.bus.events("watchtower.endpoint_down"))
                .allSatisfy(e -> assertThat(e.data().get("error").asText()).isNotBlank());

        String t = "/api/watchtower/containers/{id}";
        assertThatThrownBy(() -> wt.call(TestApiRequest.of(HttpMethod.GET, t).withPathParam("id", "web")))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(404));
        assertThatThrownBy(() -> wt.call(TestApiRequest.of(HttpMethod.GET, t).withPathParam("id", "we b;rm")))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.field()).isEqualTo("id"));
        assertThatThrownBy(() -> wt.call(TestApiRequest.of(HttpMethod.GET, "/api/watchtower/images")))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(502));
        Object containers = wt.call(TestApiRequest.of(HttpMethod.GET, "/api/watchtower/containers"));
        assertThat(containers.toString()).contains("count=0").contains("garbage").contains("hanging");
        // it keeps retrying, quietly: no second endpoint_down per endpoint
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10))
                .until(() -> wt.bus.events("watchtower.endpoint_down").size() == 2);

        wt.close();
        closeables.remove(wt);
        // no thread left inside the Docker client or our monitor once stopped
        await().atMost(Duration.ofSeconds(30)).until(() -> Thread.getAllStackTraces().entrySet().stream()
                .filter(e -> e.getKey().isAlive())
                .noneMatch(e -> java.util.Arrays.stream(e.getValue()).anyMatch(f ->
                        f.getClassName().startsWith("com.github.dockerjava")
                                || f.getClassName().startsWith("dev.alexos.watchtower.internal"))));
    }
}
