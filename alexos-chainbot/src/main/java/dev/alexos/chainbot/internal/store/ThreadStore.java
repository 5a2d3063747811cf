package dev.alexos.chainbot.internal.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/** Sessions and entanglements and their messages, in {@link ChainBotDatabase}. Thread-safe. */
public final class ThreadStore {
    private final ChainBotDatabase db;

    public ThreadStore(ChainBotDatabase db) {
        this.db = db;
    }

    public ThreadRecord create(String kind, String id, String name, List<String> members, Instant now) {
        try (Connection c = db.connection(); PreparedStatement ps = c.prepareStatement(
                "INSERT INTO cb_threads(kind, id, name, members, created_at, updated_at) VALUES (?,?,?,?,?,?)")) {
            ps.setString(1, kind);
            ps.setString(2, id);
            ps.setString(3, name);
            ps.setString(4, String.join("\n", members));
            ps.setLong(5, now.toEpochMilli());
            ps.setLong(6, now.toEpochMilli());
            ps.executeUpdate();
            return new ThreadRecord(kind, id, name, members, now, now, 0);
        } catch (SQLException e) {
            throw new StoreException("could not save " + kind + " '" + id + "'", e);
        }
    }

    public List<ThreadRecord> list(String kind) {
        return query(kind, null);
    }

    public Optional<ThreadRecord> find(String kind, String id) {
        return query(kind, id).stream().findFirst();
    }

    private List<ThreadRecord> query(String kind, String id) {
        String sql = "SELECT t.kind, t.id, t.name, t.members, t.created_at, t.updated_at, "
                + "(SELECT COUNT(*) FROM cb_messages m WHERE m.thread_id = t.id) AS n FROM cb_threads t WHERE t.kind = ?"
                + (id == null ? "" : " AND t.id = ?") + " ORDER BY t.created_at, t.id";
        try (Connection c = db.connection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, kind);
            if (id != null) {
                ps.setString(2, id);
            }
            List<ThreadRecord> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String members = rs.getString(4);
                    out.add(new ThreadRecord(rs.getString(1), rs.getString(2), rs.getString(3),
                            members.isEmpty() ? List.of() : Arrays.asList(members.split("\n")),
                            Instant.ofEpochMilli(rs.getLong(5)), Instant.ofEpochMilli(rs.getLong(6)), rs.getLong(7)));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new StoreException("could not read " + kind + "s", e);
        }
    }

    /** Appends a message and bumps the thread's {@code updated_at}. */
    public MessageRecord append(String threadId, String kind, String sender, String recipient, String content,
            String status, Instant now) {
        try (Connection c = db.connection()) {
            c.setAutoCommit(false);
            long id;
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO cb_messages(thread_id, kind, sender, recipient, "
                    + "content, status, created_at) VALUES (?,?,?,?,?,?,?)", Statement.RETURN_GENERATED_KEYS)) {
                ps.setString(1, threadId);
                ps.setString(2, kind);
                ps.setString(3, sender);
                ps.setString(4, recipient);
                ps.setString(5, content);
                ps.setString(6, status);
                ps.setLong(7, now.toEpochMilli());
                ps.executeUpdate();
                try (ResultSet keys = ps.getGeneratedKeys()) {
                    keys.next();
                    id = keys.getLong(1);
                }
            }
            try (PreparedStatement ps = c.prepareStatement("UPDATE cb_threads SET updated_at = ? WHERE id = ?")) {
                ps.setLong(1, now.toEpochMilli());
                ps.setString(2, threadId);
                ps.executeUpdate();
            }
            c.commit();
            return new MessageRecord(id, threadId, kind, sender, recipient, content, status, now);
        } catch (SQLException e) {
            throw new StoreException("could not save a message of '" + threadId + "'", e);
        }
    }

    /** The newest {@code limit} messages of a thread, oldest first. */
    public List<MessageRecord> messages(String threadId, int limit) {
        try (Connection c = db.connection(); PreparedStatement ps = c.prepareStatement(
                "SELECT id, thread_id, kind, sender, recipient, content, status, created_at FROM cb_messages "
                        + "WHERE thread_id = ? ORDER BY id DESC LIMIT ?")) {
            ps.setString(1, threadId);
            ps.setInt(2, limit);
            List<MessageRecord> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new MessageRecord(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getString(5), rs.getString(6), rs.getString(7), Instant.ofEpochMilli(rs.getLong(8))));
                }
            }
            Collections.reverse(out);
            return out;
        } catch (SQLException e) {
            throw new StoreException("could not read the messages of '" + threadId + "'", e);
        }
    }
}
