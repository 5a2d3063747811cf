package dev.alexos.chainbot.internal.store;

import java.time.Instant;

/**
 * One stored message of a session or entanglement.
 *
 * @param id increasing id (order of the history)
 * @param threadId the session or entanglement
 * @param kind {@code user} (from a person or a caller), {@code agent} (a reply), {@code message}
 *     (an agent-to-agent message), {@code coordinate} (a coordination result)
 * @param sender who wrote it (a user name or an agent id)
 * @param recipient the addressed agent id, {@code all}, or null
 * @param content the text
 * @param status {@code ok}, {@code failed}, {@code timeout}
 * @param createdAt when
 */
public record MessageRecord(long id, String threadId, String kind, String sender, String recipient, String content,
        String status, Instant createdAt) {
}
