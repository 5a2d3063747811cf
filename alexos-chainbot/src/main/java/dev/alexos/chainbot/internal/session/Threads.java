package dev.alexos.chainbot.internal.session;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.alexos.chainbot.internal.store.MessageRecord;
import dev.alexos.chainbot.internal.store.ThreadRecord;
import dev.alexos.chainbot.internal.store.ThreadStore;
import dev.alexos.core.AgentContext;
import dev.alexos.core.AgentRegistry;
import dev.alexos.core.http.ApiException;
import dev.alexos.core.json.Json;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/** Opening, validation and JSON views shared by sessions and entanglements. */
final class Threads {
    static final int MAX_CONTENT = 32_000;

    private Threads() {
    }

    /**
     * Opens a thread of {@code kind} ({@code session}, {@code entanglement}) from a create
     * request ({@code name}, {@code agent_ids}, validated) with id {@code <kind>-<next id>}, and
     * publishes {@code <kind>_created}.
     */
    static ThreadRecord open(ThreadStore store, String kind, JsonNode body, int maxMembers, AgentContext context,
            Supplier<String> ids) {
        List<String> members = members(body, context.agents(), maxMembers);
        String id = kind + "-" + ids.get();
        ThreadRecord t = store.create(kind, id, name(body, id), members, context.clock().instant());
        ObjectNode ev = Json.object().put(kind + "_id", id).put("name", t.name());
        ev.set("agent_ids", Json.mapper().valueToTree(members));
        context.publish(kind + "_created", ev);
        return t;
    }

    static String name(JsonNode body, String dflt) {
        JsonNode n = body.get("name");
        if (n == null || n.isNull()) {
            return dflt;
        }
        if (!n.isTextual() || n.asText().isBlank() || n.asText().length() > 200) {
            throw ApiException.badRequest("name", "expected text of 1 to 200 characters");
        }
        return n.asText().strip();
    }

    /** {@code agent_ids}: a non-empty array of registered agent ids, duplicates removed. */
    static List<String> members(JsonNode body, AgentRegistry registry, int max) {
        JsonNode ids = body.get("agent_ids");
        if ((ids == null || ids.isNull()) && body.has("agents")) {
            ids = body.get("agents"); // the dashboard's name for it
        }
        if (ids == null || ids.isNull()) {
            throw ApiException.badRequest("agent_ids", "required: an array of agent ids");
        }
        if (!ids.isArray() || ids.isEmpty() || ids.size() > max) {
            throw ApiException.badRequest("agent_ids", "expected an array of 1 to " + max + " agent ids");
        }
        LinkedHashSet<String> out = new LinkedHashSet<>();
        for (int i = 0; i < ids.size(); i++) {
            JsonNode id = ids.get(i);
            if (!id.isTextual() || id.asText().isBlank()) {
                throw ApiException.badRequest("agent_ids[" + i + "]", "expected an agent id");
            }
            if (registry.find(id.asText()).isEmpty()) {
                throw ApiException.unprocessable("agent_ids[" + i + "]", "agent '" + id.asText() + "' does not exist");
            }
            out.add(id.asText());
        }
        return new ArrayList<>(out);
    }

    static String content(JsonNode body) {
        JsonNode c = body.get("content");
        if (c == null || c.isNull()) {
            c = body.get("message");
        }
        if (c == null || c.isNull() || !c.isTextual() || c.asText().isBlank()) {
            throw ApiException.badRequest("content", "required text");
        }
        if (c.asText().length() > MAX_CONTENT) {
            throw ApiException.badRequest("content", "at most " + MAX_CONTENT + " characters");
        }
        return c.asText();
    }

    static String optionalText(JsonNode body, String field) {
        JsonNode n = body.get(field);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isTextual() || n.asText().isBlank() || n.asText().length() > 128) {
            throw ApiException.badRequest(field, "expected text of 1 to 128 characters");
        }
        return n.asText();
    }

    static Map<String, Object> view(ThreadRecord t) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", t.id());
        m.put("name", t.name());
        m.put("agent_ids", t.members());
        m.put("created_at", t.createdAt().toString());
        m.put("updated_at", t.updatedAt().toString());
        m.put("message_count", t.messageCount());
        return m;
    }

    static Map<String, Object> view(MessageRecord r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", r.id());
        m.put("kind", r.kind());
        m.put("role", r.kind().equals("user") ? "user" : "assistant");
        m.put("sender", r.sender());
        m.put("recipient", r.recipient());
        m.put("content", r.content());
        m.put("status", r.status());
        m.put("created_at", r.createdAt().toString());
        return m;
    }

    static List<Map<String, Object>> views(List<MessageRecord> rs) {
        return rs.stream().map(Threads::view).toList();
    }
}
