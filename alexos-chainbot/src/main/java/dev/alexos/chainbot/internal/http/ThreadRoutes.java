package dev.alexos.chainbot.internal.http;

import dev.alexos.chainbot.internal.ChainBotRuntime;
import dev.alexos.core.http.ApiResponse;
import dev.alexos.core.http.ApiRoute;
import dev.alexos.core.http.Role;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code /api/chainbot/sessions*} and {@code /api/chainbot/entanglements*}. */
public final class ThreadRoutes {
    private static final String BASE = "/api/chainbot";
    private final ChainBotRuntime rt;

    public ThreadRoutes(ChainBotRuntime rt) {
        this.rt = rt;
    }

    public List<ApiRoute> routes() {
        return List.of(
                ApiRoute.get(BASE + "/sessions", Role.VIEWER, "Chat sessions",
                        r -> envelope("sessions", rt.sessions().list())),
                ApiRoute.post(BASE + "/sessions", Role.OPERATOR, "Create a chat session with agents",
                        r -> ApiResponse.created(rt.sessions().create(r.bodyObject()))),
                ApiRoute.get(BASE + "/sessions/{id}", Role.VIEWER, "A session with its history",
                        r -> rt.sessions().get(r.pathParam("id"), r.queryInt("limit", 200, 1, 5000))),
                ApiRoute.post(BASE + "/sessions/{id}/messages", Role.OPERATOR, "Post a message; returns the agents' replies",
                        r -> rt.sessions().post(r.pathParam("id"), r.bodyObject())),
                ApiRoute.get(BASE + "/entanglements", Role.VIEWER, "Entanglements (groups of agents)",
                        r -> envelope("entanglements", rt.entanglements().list())),
                ApiRoute.post(BASE + "/entanglements", Role.OPERATOR, "Create an entanglement",
                        r -> ApiResponse.created(rt.entanglements().create(r.bodyObject()))),
                ApiRoute.get(BASE + "/entanglements/{id}", Role.VIEWER, "An entanglement with its messages",
                        r -> rt.entanglements().get(r.pathParam("id"), r.queryInt("limit", 200, 1, 5000))),
                ApiRoute.post(BASE + "/entanglements/{id}/messages", Role.OPERATOR,
                        "Send a message to one member or broadcast it",
                        r -> rt.entanglements().message(r.pathParam("id"), r.bodyObject())),
                ApiRoute.post(BASE + "/entanglements/{id}/coordinate", Role.OPERATOR,
                        "Run one task on every member in parallel, with a timeout",
                        r -> rt.entanglements().coordinate(r.pathParam("id"), r.bodyObject())));
    }

    private Map<String, Object> envelope(String key, List<Map<String, Object>> items) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put(key, items);
        m.put("count", items.size());
        m.put("timestamp", rt.context().clock().instant().toString());
        return m;
    }
}
