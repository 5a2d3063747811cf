package dev.alexos.chainbot.testing;

import com.sun.net.httpserver.HttpServer;
import dev.alexos.core.http.HttpMethod;
import dev.alexos.testkit.TestResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Serves a {@link Harness}'s routes over HTTP on 127.0.0.1 (plus {@code GET /api/health}), so that
 * one ChainBot can be the remote ChainBot of another in a test: a minimal host, not the real one.
 */
public final class HarnessHttpServer implements AutoCloseable {
    private final HttpServer server;
    private final ExecutorService pool = Executors.newCachedThreadPool();

    public HarnessHttpServer(Harness harness) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(pool);
        server.createContext("/", ex -> {
            try (ex) {
                String path = ex.getRequestURI().getRawPath()
                        + (ex.getRequestURI().getRawQuery() == null ? "" : "?" + ex.getRequestURI().getRawQuery());
                String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                int status;
                String out;
                if (path.equals("/api/health")) {
                    status = 200;
                    out = "{\"status\": \"" + harness.module().health().status().wireName() + "\"}";
                } else {
                    try {
                        TestResponse r = harness.call(HttpMethod.valueOf(ex.getRequestMethod()), path, body);
                        status = r.status();
                        out = r.raw();
                    } catch (AssertionError e) {
                        status = 404;
                        out = "{\"error\": {\"code\": \"not_found\", \"message\": \"no route\", \"status\": 404}}";
                    }
                }
                byte[] b = out.getBytes(StandardCharsets.UTF_8);
                ex.getResponseHeaders().add("Content-Type", "application/json");
                ex.sendResponseHeaders(status, b.length);
                try (OutputStream o = ex.getResponseBody()) {
                    o.write(b);
                }
            }
        });
        server.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
        pool.shutdownNow();
    }
}
