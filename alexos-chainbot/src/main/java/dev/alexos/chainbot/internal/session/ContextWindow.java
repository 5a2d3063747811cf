package dev.alexos.chainbot.internal.session;

import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.alexos.chainbot.internal.store.MessageRecord;
import dev.alexos.core.json.Json;
import java.util.ArrayList;
import java.util.List;

/**
 * The bounded history sent to an agent with a new message: at most {@code maxMessages} of the
 * newest messages and at most {@code maxChars} characters in all (the oldest go first), as
 * chat messages seen from that agent (its own replies are {@code assistant}, everything else
 * {@code user}, prefixed with who said it).
 */
public record ContextWindow(int maxMessages, int maxChars) {

    public ArrayNode forAgent(String agentId, List<MessageRecord> history) {
        List<MessageRecord> kept = new ArrayList<>();
        int chars = 0;
        for (int i = history.size() - 1; i >= 0 && kept.size() < maxMessages; i--) {
            MessageRecord m = history.get(i);
            if (!"ok".equals(m.status())) {
                continue;
            }
            chars += m.content().length();
            if (chars > maxChars) {
                break;
            }
            kept.add(0, m);
        }
        ArrayNode out = Json.array();
        for (MessageRecord m : kept) {
            boolean own = m.sender().equals(agentId);
            out.addObject().put("role", own ? "assistant" : "user")
                    .put("content", own ? m.content() : m.sender() + ": " + m.content());
        }
        return out;
    }
}
