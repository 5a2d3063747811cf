package dev.alexos.chainbot.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * A test-only HTTP server on 127.0.0.1 with scripted answers (OpenAI, Ollama or the remote
 * ChainBot contract), recording every request. Answers are taken from a queue per path
 * prefix; when the queue is empty the default for that prefix is used.
 */
public final class LoopbackServer implements AutoCloseable {
    /** A recorded request. */
    public record Recorded(String method, String path, Map<String, List<String>> headers, String body) {
        public String header(String name) {
            for (var e : headers.entrySet()) {
                if (e.getKey().equalsIgnoreCase(name)) {
                    return e.getValue().get(0);
                }
            }
            return null;
        }
    }

    /** One scripted answer. */
    @FunctionalInterface
    public interface Answer {
        void answer(HttpExchange ex, LoopbackServer server) throws IOException;
    }

    private final HttpServer server;
    private final ExecutorService pool = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "loopback-server");
        t.setDaemon(true);
        return t;
    });
    private final Map<String, Deque<Answer>> queues = new java.util.concurrent.ConcurrentHashMap<>();
    private final Map<String, Answer> defaults = new java.util.concurrent.ConcurrentHashMap<>();
    public final List<Recorded> requests = new CopyOnWriteArrayList<>();
    final CountDownLatch released = new CountDownLatch(1);

    public LoopbackServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(pool);
        server.createContext("/", this::handle);
        server.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** Queues answers for requests whose path starts with {@code prefix}. */
    public LoopbackServer enqueue(String prefix, Answer... answers) {
        Deque<Answer> q = queues.computeIfAbsent(prefix, k -> new ArrayDeque<>());
        synchronized (q) {
            q.addAll(List.of(answers));
        }
        return this;
    }

    /** The answer when nothing is queued for {@code prefix}. */
    public LoopbackServer otherwise(String prefix, Answer answer) {
        defaults.put(prefix, answer);
        return this;
    }

    private void handle(HttpExchange ex) throws IOException {
        String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        String path = ex.getRequestURI().getPath();
        requests.add(new Recorded(ex.getRequestMethod(), path, Map.copyOf(ex.getRequestHeaders()), body));
        Answer a = null;
        String best = null;
        for (String prefix : queues.keySet()) {
            Deque<Answer> q = queues.get(prefix);
            synchronized (q) {
                if (path.startsWith(prefix) && !q.isEmpty() && (best == null || prefix.length() > best.length())) {
                    best = prefix;
                }
            }
        }
        if (best != null) {
            Deque<Answer> q = queues.get(best);
            synchronized (q) {
                a = q.poll();
            }
        }
        if (a == null) {
            for (var e : defaults.entrySet()) {
                if (path.startsWith(e.getKey()) && (best == null || e.getKey().length() > best.length())) {
                    best = e.getKey();
                    a = e.getValue();
                }
            }
        }
        try {
            if (a == null) {
                json(404, "{\"error\": \"no answer scripted for " + path + "\"}").answer(ex, this);
            } else {
                a.answer(ex, this);
            }
        } finally {
            ex.close();
        }
    }

    public List<Recorded> requests(String prefix) {
        return requests.stream().filter(r -> r.path().startsWith(prefix)).toList();
    }

    // ---- answers ----

    public static Answer json(int status, String body) {
        return json(status, body, Map.of());
    }

    public static Answer json(int status, String body, Map<String, String> headers) {
        return (ex, s) -> {
            headers.forEach((k, v) -> ex.getResponseHeaders().add(k, v));
            ex.getResponseHeaders().add("Content-Type", "application/json");
            byte[] b = body.getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(status, b.length == 0 ? -1 : b.length);
            if (b.length > 0) {
                try (OutputStream o = ex.getResponseBody()) {
                    o.write(b);
                }
            }
        };
    }

    /** Lines written one by one and flushed; {@code thenHang} keeps the connection open without more data. */
    public static Answer lines(String contentType, List<String> lines, boolean thenHang) {
        return (ex, s) -> {
            ex.getResponseHeaders().add("Content-Type", contentType);
            ex.sendResponseHeaders(200, 0);
            OutputStream o = ex.getResponseBody();
            for (String l : lines) {
                o.write((l + "\n").getBytes(StandardCharsets.UTF_8));
                o.flush();
            }
            if (thenHang) {
                s.awaitRelease();
            }
            o.close();
        };
    }

    /** Never answers until the server is closed. */
    public static Answer hang() {
        return (ex, s) -> s.awaitRelease();
    }

    /** An answer computed from the request body. */
    public static Answer computed(Function<String, String> bodyToJson) {
        return (ex, s) -> json(200, bodyToJson.apply(s.requests.get(s.requests.size() - 1).body())).answer(ex, s);
    }

    void awaitRelease() {
        try {
            released.await(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        released.countDown();
        server.stop(0);
        pool.shutdownNow();
    }
}
