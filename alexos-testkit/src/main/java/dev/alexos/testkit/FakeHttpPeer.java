package dev.alexos.testkit;

import dev.alexos.testkit.internal.LoopbackServer;
import dev.alexos.testkit.internal.ReplyWriter;
import java.net.URI;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * A fake HTTP service on loopback for agents that call services (a remote ChainBot, a health
 * endpoint, a webhook): routes answer with scripted {@link HttpReply replies}, every request is
 * recorded, and failures are injected per route.
 *
 * <pre>{@code
 * try (FakeHttpPeer peer = FakeHttpPeer.start()) {
 *   peer.on("GET", "/api/agents").reply(HttpReply.json(200, List.of(Map.of("id", "a1"))));
 *   peer.on("POST", "/api/workflows/{id}/execute")
 *       .replyOnce(HttpReply.status(503))                       // first call fails
 *       .reply(req -> HttpReply.json(200, Map.of("workflow", req.pathParam("id"))));
 *   client.baseUrl(peer.url());
 *   ...
 *   assertThat(peer.requests("POST", "/api/workflows/w1/execute")).hasSize(2);
 * }
 * }</pre>
 *
 * <p>A request that matches no route gets 404 with a JSON body saying so. Routes are tried in
 * the order they were added. Path templates use {@code {name}} for one segment.
 *
 * <p>Thread-safe; each request is handled on its own thread.
 */
public final class FakeHttpPeer implements AutoCloseable {
    private final LoopbackServer server;
    private final List<Route> routes = new CopyOnWriteArrayList<>();

    private FakeHttpPeer(int port, Clock clock) {
        server = new LoopbackServer("fake-http-peer", port, clock, (ex, req) -> {
            for (Route r : routes) {
                Map<String, String> params = r.match(req.method(), req.path());
                if (params != null) {
                    RecordedRequest amended = params.isEmpty() ? req : server().amend(req, params);
                    ReplyWriter.write(ex, r.next(amended), server().closed());
                    return;
                }
            }
            ReplyWriter.write(ex, HttpReply.json(404, Map.of("error", "FakeHttpPeer has no route for "
                    + req.method() + " " + req.path())), server().closed());
        });
    }

    private LoopbackServer server() {
        return server;
    }

    /** A peer on an ephemeral loopback port. */
    public static FakeHttpPeer start() {
        return new FakeHttpPeer(0, Clock.systemUTC());
    }

    /** A peer on an ephemeral port whose request log uses {@code clock} (e.g. the kit's virtual clock). */
    public static FakeHttpPeer start(Clock clock) {
        return new FakeHttpPeer(0, clock);
    }

    /**
     * Adds a route.
     *
     * @param method an HTTP method, or {@code *} for any
     * @param pathTemplate e.g. {@code /api/agents/{id}}
     */
    public Route on(String method, String pathTemplate) {
        Route r = new Route(method.toUpperCase(Locale.ROOT), pathTemplate);
        routes.add(r);
        return r;
    }

    /** {@code http://127.0.0.1:<port>}, no trailing slash. */
    public String url() {
        return server.baseUrl();
    }

    /** The URL of a path on this peer. */
    public URI uri(String path) {
        return URI.create(server.baseUrl() + (path.startsWith("/") ? path : "/" + path));
    }

    public int port() {
        return server.port();
    }

    /** Every request received, in arrival order. */
    public List<RecordedRequest> requests() {
        return server.requests();
    }

    /** Requests with this method and exact path. */
    public List<RecordedRequest> requests(String method, String path) {
        return requests().stream().filter(r -> r.method().equalsIgnoreCase(method) && r.path().equals(path)).toList();
    }

    /** Stops the server; hanging replies are released. Idempotent. */
    @Override
    public void close() {
        server.close();
    }

    /** One route: one-shot replies first, in order, then the standing reply. Thread-safe. */
    public static final class Route {
        private final String method;
        private final String[] segments;
        private final ArrayDeque<Function<RecordedRequest, HttpReply>> once = new ArrayDeque<>();
        private Function<RecordedRequest, HttpReply> standing = req -> HttpReply.status(204);

        private Route(String method, String template) {
            Objects.requireNonNull(template, "pathTemplate");
            if (!template.startsWith("/")) {
                throw new IllegalArgumentException("path template must start with '/': " + template);
            }
            this.method = method;
            this.segments = template.split("/", -1);
        }

        /** Answers every request (after any one-shot replies) with {@code reply}. */
        public synchronized Route reply(HttpReply reply) {
            Objects.requireNonNull(reply, "reply");
            standing = req -> reply;
            return this;
        }

        /** Answers every request (after any one-shot replies) with what the function returns. */
        public synchronized Route reply(Function<RecordedRequest, HttpReply> fn) {
            standing = Objects.requireNonNull(fn, "fn");
            return this;
        }

        /** Answers the next request with {@code reply}, once (queued behind earlier one-shot replies). */
        public synchronized Route replyOnce(HttpReply reply) {
            Objects.requireNonNull(reply, "reply");
            once.add(req -> reply);
            return this;
        }

        /** Answers the next {@code times} requests with {@code reply}. */
        public synchronized Route replyTimes(int times, HttpReply reply) {
            for (int i = 0; i < times; i++) {
                replyOnce(reply);
            }
            return this;
        }

        synchronized HttpReply next(RecordedRequest req) {
            Function<RecordedRequest, HttpReply> f = once.isEmpty() ? standing : once.poll();
            HttpReply r = f.apply(req);
            return r == null ? HttpReply.status(204) : r;
        }

        Map<String, String> match(String reqMethod, String path) {
            if (!method.equals("*") && !method.equals(reqMethod)) {
                return null;
            }
            String[] parts = path.split("/", -1);
            if (parts.length != segments.length) {
                return null;
            }
            Map<String, String> params = new LinkedHashMap<>();
            for (int i = 0; i < parts.length; i++) {
                String s = segments[i];
                if (s.length() > 2 && s.startsWith("{") && s.endsWith("}")) {
                    if (parts[i].isEmpty()) {
                        return null;
                    }
                    params.put(s.substring(1, s.length() - 1), parts[i]);
                } else if (!s.equals(parts[i])) {
                    return null;
                }
            }
            return params;
        }
    }
}
