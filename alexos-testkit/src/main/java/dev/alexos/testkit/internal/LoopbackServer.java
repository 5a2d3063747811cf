package dev.alexos.testkit.internal;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.alexos.testkit.RecordedRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * A JDK HTTP server on 127.0.0.1 and an ephemeral port (or a given one), with a thread per
 * request (so a hanging reply never blocks others) and a request log. Hanging replies wait on
 * {@link #closed()} so that {@link #close()} frees them.
 */
public final class LoopbackServer implements AutoCloseable {
    private static final AtomicInteger THREADS = new AtomicInteger();
    private final HttpServer server;
    private final ExecutorService executor;
    private final Clock clock;
    private final List<RecordedRequest> requests = new ArrayList<>();
    private final CountDownLatch closed = new CountDownLatch(1);

    /**
     * @param port 0 for an ephemeral port
     * @param handler receives each exchange after it was recorded (the recorded request is passed)
     */
    public LoopbackServer(String name, int port, Clock clock, Handler handler) {
        this.clock = clock;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 64);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot bind " + name + " on 127.0.0.1:" + port, e);
        }
        executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, name + "-" + THREADS.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/", exchange -> {
            try {
                RecordedRequest req = record(exchange);
                handler.handle(exchange, req);
            } catch (IOException | RuntimeException e) {
                // The client went away or the reply was cut on purpose; nothing to answer.
            } finally {
                exchange.close();
            }
        });
        server.start();
    }

    private RecordedRequest record(HttpExchange ex) throws IOException {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        ex.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), List.copyOf(v)));
        String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        String q = ex.getRequestURI().getRawQuery();
        RecordedRequest req = new RecordedRequest(ex.getRequestMethod().toUpperCase(Locale.ROOT),
                ex.getRequestURI().getPath(), q == null ? "" : q, headers, body, Map.of(), clock.instant());
        synchronized (requests) {
            requests.add(req);
        }
        return req;
    }

    /** Replaces the last recorded request (to add matched path parameters). */
    public RecordedRequest amend(RecordedRequest req, Map<String, String> pathParams) {
        RecordedRequest amended = new RecordedRequest(req.method(), req.path(), req.query(), req.headers(), req.body(),
                pathParams, req.receivedAt());
        synchronized (requests) {
            int i = requests.lastIndexOf(req);
            if (i >= 0) {
                requests.set(i, amended);
            }
        }
        return amended;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port();
    }

    public List<RecordedRequest> requests() {
        synchronized (requests) {
            return List.copyOf(requests);
        }
    }

    public void forEachRequest(Consumer<RecordedRequest> action) {
        requests().forEach(action);
    }

    /** Released when the server closes; hanging replies wait on it. */
    public CountDownLatch closed() {
        return closed;
    }

    @Override
    public void close() {
        if (closed.getCount() == 0) {
            return;
        }
        closed.countDown();
        server.stop(0);
        executor.shutdownNow();
    }

    /** Handles one recorded exchange. */
    @FunctionalInterface
    public interface Handler {
        void handle(HttpExchange exchange, RecordedRequest request) throws IOException;
    }
}
