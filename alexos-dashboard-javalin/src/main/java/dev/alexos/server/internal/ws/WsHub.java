package dev.alexos.server.internal.ws;

import dev.alexos.core.event.EventBus;
import dev.alexos.core.http.Role;
import dev.alexos.server.internal.http.RouteBinder;
import io.javalin.config.RoutesConfig;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The {@code /ws} endpoint: authenticates the upgrade (bearer header, session cookie or
 * {@code ?token=}, role viewer), then runs one {@link WsClient} per connection.
 * Thread-safe.
 */
public final class WsHub {
    /** The endpoint's path. */
    public static final String PATH = "/ws";

    private final EventBus bus;
    private final RouteBinder auth;
    private final int queueCapacity;
    private final int maxInFlight;
    private final Map<String, WsClient> clients = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong();

    public WsHub(EventBus bus, RouteBinder auth, int queueCapacity, int maxInFlight) {
        this.bus = bus;
        this.auth = auth;
        this.queueCapacity = queueCapacity;
        this.maxInFlight = maxInFlight;
    }

    /** Registers {@code /ws}. */
    public void register(RoutesConfig routes) {
        // failures here are ApiExceptions, answered as JSON 401/403/429 before any upgrade
        routes.wsBeforeUpgrade(PATH, ctx -> auth.authorize(ctx, Role.VIEWER, true));
        routes.ws(PATH, ws -> {
            ws.onConnect(ctx -> {
                ctx.enableAutomaticPings(30, TimeUnit.SECONDS);
                String id = Long.toString(ids.incrementAndGet());
                WsClient client = new WsClient(id, ctx.session, bus, queueCapacity, maxInFlight,
                        () -> clients.remove(ctx.sessionId()));
                clients.put(ctx.sessionId(), client);
            });
            ws.onMessage(ctx -> {
                WsClient c = clients.get(ctx.sessionId());
                if (c != null) {
                    c.onMessage(ctx.message());
                }
            });
            ws.onClose(ctx -> {
                WsClient c = clients.remove(ctx.sessionId());
                if (c != null) {
                    c.close(0, "closed by the client");
                }
            });
            ws.onError(ctx -> {
                WsClient c = clients.remove(ctx.sessionId());
                if (c != null) {
                    c.close(1011, "error");
                }
            });
        });
    }

    /** Connected clients now. */
    public int clientCount() {
        return clients.size();
    }

    /** Closes every client (server shutdown). */
    public void closeAll() {
        for (WsClient c : clients.values()) {
            c.close(1001, "server shutting down");
        }
        clients.clear();
    }
}
