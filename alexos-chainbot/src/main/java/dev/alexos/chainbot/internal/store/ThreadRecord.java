package dev.alexos.chainbot.internal.store;

import java.time.Instant;
import java.util.List;

/**
 * A session or an entanglement: a named group of agents with a message history.
 *
 * @param kind {@code session} or {@code entanglement}
 * @param id unique id
 * @param name display name
 * @param members agent ids, in the order given
 * @param createdAt creation time
 * @param updatedAt time of the last message (or creation)
 * @param messageCount messages stored
 */
public record ThreadRecord(String kind, String id, String name, List<String> members, Instant createdAt,
        Instant updatedAt, long messageCount) {
    public ThreadRecord {
        members = List.copyOf(members);
    }
}
