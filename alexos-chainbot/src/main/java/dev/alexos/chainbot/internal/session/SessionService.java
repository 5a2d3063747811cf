package dev.alexos.chainbot.internal.session;

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
 * Multi-agent chat sessions: a named conversation with agents. A message goes to the addressed
 * member (or to all), each as a {@code chat} task carrying the bounded history; the replies are
 * appended. Everything is persisted ({@link ThreadStore}). Publishes
 * {@code chainbot.session_created} and {@code chainbot.session_message}. Thread-safe.
 */
public final class SessionService {
    static final String KIND = "session";
    private final ThreadStore store;
    private final AgentMessenger messenger;
    private final AgentContext context;
    private final ContextWindow window;
    private final Duration timeout;
    private final Supplier<String> ids;

    public SessionService(ThreadStore store, AgentMessenger messenger, AgentContext context, ContextWindow window,
            Duration timeout, Supplier<String> ids) {
        this.store = store;
        this.messenger = messenger;
        this.context = context;
        this.window = window;
        this.timeout = timeout;
        this.ids = ids;
    }

    public Map<String, Object> create(ObjectNode body) {
        return Threads.view(Threads.open(store, KIND, body, 50, context, ids));
    }

    public List<Map<String, Object>> list() {
        return store.list(KIND).stream().map(Threads::view).toList();
    }

    public Map<String, Object> get(String id, int limit) {
        ThreadRecord t = find(id);
        Map<String, Object> m = Threads.view(t);
        m.put("messages", Threads.views(store.messages(id, limit)));
        return m;
    }

    private ThreadRecord find(String id) {
        return store.find(KIND, id).orElseThrow(() -> ApiException.notFound("session", id));
    }

    /** Posts a message; waits for the replies (each bounded by the message timeout). */
    public Map<String, Object> post(String id, ObjectNode body) {
        ThreadRecord t = find(id);
        String content = Threads.content(body);
        String to = Threads.optionalText(body, "to");
        String givenSender = Threads.optionalText(body, "sender");
        String sender = givenSender == null ? "user" : givenSender;
        List<String> targets;
        if (to == null || to.equals("all")) {
            targets = t.members();
        } else if (t.members().contains(to)) {
            targets = List.of(to);
        } else {
            throw ApiException.unprocessable("to", "agent '" + to + "' is not in session '" + id + "'");
        }
        List<MessageRecord> history = store.messages(id, window.maxMessages());
        MessageRecord message = store.append(id, "user", sender, to == null ? "all" : to, content, "ok",
                context.clock().instant());
        List<CompletableFuture<MessageRecord>> replies = new ArrayList<>();
        for (String agentId : targets) {
            ObjectNode params = Json.object().put("prompt", content);
            params.set("messages", window.forAgent(agentId, history));
            params.put("session_id", id);
            Task task = new Task(null, "chat", params, "session:" + id, timeout);
            replies.add(messenger.send(agentId, task, timeout).thenApply(r -> record(t, agentId, sender, r)));
        }
        List<Map<String, Object>> out = new ArrayList<>();
        for (CompletableFuture<MessageRecord> r : replies) {
            out.add(Threads.view(r.join()));
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("session_id", id);
        m.put("message", Threads.view(message));
        m.put("replies", out);
        m.put("timestamp", context.clock().instant().toString());
        return m;
    }

    private MessageRecord record(ThreadRecord t, String agentId, String sender, TaskResult r) {
        MessageRecord reply = store.append(t.id(), "agent", agentId, sender, AgentMessenger.text(r),
                AgentMessenger.status(r), context.clock().instant());
        context.publish("session_message", Json.object().put("session_id", t.id()).put("agent_id", agentId)
                .put("status", reply.status()).put("message_id", reply.id()));
        return reply;
    }

    public int count() {
        return store.list(KIND).size();
    }
}
