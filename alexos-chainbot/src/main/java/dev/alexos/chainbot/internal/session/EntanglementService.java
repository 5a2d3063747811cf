package dev.alexos.chainbot.internal.session;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.alexos.chainbot.internal.store.MessageRecord;
import dev.alexos.chainbot.internal.store.ThreadRecord;
import dev.alexos.chainbot.internal.store.ThreadStore;
import dev.alexos.core.AgentContext;
import dev.alexos.core.Task;
import dev.alexos.core.TaskResult;
import dev.alexos.core.http.ApiException;
import dev.alexos.core.json.Json;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * Entanglements: named groups of agents that exchange messages and coordinate. A message goes
 * to one member or is broadcast to all (but its sender); each delivery is a {@code chat} task
 * whose reply is stored. {@code coordinate} runs one task on every member in parallel with a
 * timeout and returns each member's result. Membership and messages are persisted. Publishes
 * {@code chainbot.entanglement_created}, {@code chainbot.entanglement_message},
 * {@code chainbot.entanglement_coordinated}. Thread-safe.
 */
public final class EntanglementService {
    static final String KIND = "entanglement";
    private static final Duration MAX_TIMEOUT = Duration.ofMinutes(10);
    private final ThreadStore store;
    private final AgentMessenger messenger;
    private final AgentContext context;
    private final Duration timeout;
    private final Supplier<String> ids;

    public EntanglementService(ThreadStore store, AgentMessenger messenger, AgentContext context, Duration timeout,
            Supplier<String> ids) {
        this.store = store;
        this.messenger = messenger;
        this.context = context;
        this.timeout = timeout;
        this.ids = ids;
    }

    public Map<String, Object> create(ObjectNode body) {
        return view(Threads.open(store, KIND, body, 100, context, ids));
    }

    public List<Map<String, Object>> list() {
        return store.list(KIND).stream().map(this::view).toList();
    }

    public Map<String, Object> get(String id, int limit) {
        Map<String, Object> m = view(find(id));
        m.put("messages", Threads.views(store.messages(id, limit)));
        return m;
    }

    private Map<String, Object> view(ThreadRecord t) {
        Map<String, Object> m = Threads.view(t);
        List<Map<String, Object>> members = new ArrayList<>();
        for (String a : t.members()) {
            Map<String, Object> mm = new LinkedHashMap<>();
            mm.put("agent_id", a);
            mm.put("status", context.agents().find(a).map(i -> i.status()).orElse("missing"));
            members.add(mm);
        }
        m.put("members", members);
        return m;
    }

    private ThreadRecord find(String id) {
        return store.find(KIND, id).orElseThrow(() -> ApiException.notFound("entanglement", id));
    }

    /** Sends to one member ({@code to}) or broadcasts; waits for the replies. */
    public Map<String, Object> message(String id, ObjectNode body) {
        ThreadRecord t = find(id);
        String content = Threads.content(body);
        String to = Threads.optionalText(body, "to");
        String from = Threads.optionalText(body, "from");
        if (from != null && !t.members().contains(from)) {
            throw ApiException.unprocessable("from", "agent '" + from + "' is not a member of entanglement '" + id + "'");
        }
        String sender = from == null ? "user" : from;
        List<String> targets = new ArrayList<>();
        if (to == null || to.equals("all")) {
            t.members().stream().filter(a -> !a.equals(from)).forEach(targets::add);
        } else if (!t.members().contains(to)) {
            throw ApiException.unprocessable("to", "agent '" + to + "' is not a member of entanglement '" + id + "'");
        } else if (to.equals(from)) {
            throw ApiException.unprocessable("to", "an agent does not message itself");
        } else {
            targets.add(to);
        }
        String prompt = "Message from " + sender + " in entanglement '" + t.name() + "':\n" + content;
        List<CompletableFuture<Map<String, Object>>> deliveries = new ArrayList<>();
        for (String target : targets) {
            MessageRecord sent = store.append(id, "message", sender, target, content, "ok", context.clock().instant());
            ObjectNode params = Json.object().put("prompt", prompt).put("entanglement_id", id).put("from", sender);
            deliveries.add(messenger.send(target, new Task(null, "chat", params, "entanglement:" + id, timeout), timeout)
                    .thenApply(r -> deliver(t, sent, r)));
        }
        List<Map<String, Object>> out = new ArrayList<>();
        deliveries.forEach(d -> out.add(d.join()));
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("entanglement_id", id);
        m.put("from", sender);
        m.put("deliveries", out);
        m.put("timestamp", context.clock().instant().toString());
        return m;
    }

    private Map<String, Object> deliver(ThreadRecord t, MessageRecord sent, TaskResult r) {
        MessageRecord reply = store.append(t.id(), "reply", sent.recipient(), sent.sender(), AgentMessenger.text(r),
                AgentMessenger.status(r), context.clock().instant());
        String excerpt = sent.content().length() > 500 ? sent.content().substring(0, 500) + "…" : sent.content();
        context.publish("entanglement_message", Json.object().put("entanglement_id", t.id()).put("from", sent.sender())
                .put("to", sent.recipient()).put("content", excerpt).put("status", reply.status())
                .put("message_id", sent.id()).put("reply_id", reply.id()));
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("to", sent.recipient());
        m.put("message", Threads.view(sent));
        m.put("reply", Threads.view(reply));
        return m;
    }

    /**
     * Runs one task on every member in parallel. Body: {@code {"task": {"action", "params"}}} or
     * {@code {"prompt": "..."}} (a {@code chat} task), {@code timeout_seconds} (default: the message timeout).
     */
    public Map<String, Object> coordinate(String id, ObjectNode body) {
        ThreadRecord t = find(id);
        String action;
        ObjectNode params;
        JsonNode task = body.get("task");
        if (task != null && !task.isNull()) {
            if (!task.isObject() || !task.path("action").isTextual() || task.get("action").asText().isBlank()) {
                throw ApiException.badRequest("task.action", "required text, e.g. \"chat\"");
            }
            action = task.get("action").asText();
            JsonNode p = task.get("params");
            if (p != null && !p.isNull() && !p.isObject()) {
                throw ApiException.badRequest("task.params", "expected an object");
            }
            params = p == null || p.isNull() ? Json.object() : (ObjectNode) p.deepCopy();
        } else {
            JsonNode prompt = body.get("prompt");
            if (prompt == null || !prompt.isTextual() || prompt.asText().isBlank()) {
                throw ApiException.badRequest("task", "give {\"task\": {\"action\", \"params\"}} or a \"prompt\"");
            }
            action = "chat";
            params = Json.object().put("prompt", prompt.asText());
        }
        Duration limit = timeout;
        JsonNode ts = body.get("timeout_seconds");
        if (ts != null && !ts.isNull()) {
            if (!ts.isNumber() || ts.asDouble() <= 0 || ts.asDouble() > MAX_TIMEOUT.toSeconds()) {
                throw ApiException.badRequest("timeout_seconds", "expected a number in (0, " + MAX_TIMEOUT.toSeconds() + "]");
            }
            limit = Duration.ofMillis((long) (ts.asDouble() * 1000));
        }
        String taskId = "coord-" + ids.get();
        long started = System.nanoTime();
        List<CompletableFuture<TaskResult>> runs = new ArrayList<>();
        for (String member : t.members()) {
            runs.add(messenger.send(member, new Task(null, action, params.deepCopy(), "entanglement:" + id, limit), limit));
        }
        List<Map<String, Object>> results = new ArrayList<>();
        int ok = 0;
        int timedOut = 0;
        for (int i = 0; i < runs.size(); i++) {
            TaskResult r = runs.get(i).join();
            String status = AgentMessenger.status(r);
            ok += status.equals("ok") ? 1 : 0;
            timedOut += status.equals("timeout") ? 1 : 0;
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("agent_id", t.members().get(i));
            m.put("status", r.succeeded() ? "succeeded" : status.equals("timeout") ? "timeout" : r.status().wireName());
            m.put("output", r.output());
            m.put("error", r.error());
            results.add(m);
            store.append(id, "coordinate", t.members().get(i), "user", AgentMessenger.text(r), status, context.clock().instant());
        }
        ObjectNode ev = Json.object().put("entanglement_id", id).put("task_id", taskId).put("action", action)
                .put("members", runs.size()).put("succeeded", ok).put("timed_out", timedOut)
                .put("failed", runs.size() - ok - timedOut);
        context.publish("entanglement_coordinated", ev);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("entanglement_id", id);
        m.put("task_id", taskId);
        m.put("action", action);
        m.put("results", results);
        m.put("succeeded", ok);
        m.put("failed", runs.size() - ok - timedOut);
        m.put("timed_out", timedOut);
        m.put("duration_ms", (System.nanoTime() - started) / 1_000_000);
        m.put("timestamp", context.clock().instant().toString());
        return m;
    }
}
