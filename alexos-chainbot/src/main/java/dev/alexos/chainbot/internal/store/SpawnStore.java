package dev.alexos.chainbot.internal.store;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.alexos.chainbot.FrameworkAgentSpec;
import dev.alexos.core.json.Json;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The framework agents that were spawned, so that they are spawned again after a restart. Thread-safe. */
public final class SpawnStore {
    private final ChainBotDatabase db;

    public SpawnStore(ChainBotDatabase db) {
        this.db = db;
    }

    public void save(FrameworkAgentSpec spec) {
        try (Connection c = db.connection(); PreparedStatement ps = c.prepareStatement(
                "MERGE INTO cb_framework_agents(id, name, type, config, created_at) KEY(id) VALUES (?,?,?,?,?)")) {
            ps.setString(1, spec.id());
            ps.setString(2, spec.name());
            ps.setString(3, spec.type());
            ps.setString(4, spec.config().toString());
            ps.setLong(5, spec.createdAt().toEpochMilli());
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new StoreException("could not save framework agent '" + spec.id() + "'", e);
        }
    }

    public void delete(String id) {
        try (Connection c = db.connection(); PreparedStatement ps = c.prepareStatement(
                "DELETE FROM cb_framework_agents WHERE id = ?")) {
            ps.setString(1, id);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new StoreException("could not delete framework agent '" + id + "'", e);
        }
    }

    public List<FrameworkAgentSpec> list() {
        try (Connection c = db.connection(); PreparedStatement ps = c.prepareStatement(
                "SELECT id, name, type, config, created_at FROM cb_framework_agents ORDER BY created_at, id");
                ResultSet rs = ps.executeQuery()) {
            List<FrameworkAgentSpec> out = new ArrayList<>();
            while (rs.next()) {
                ObjectNode config;
                try {
                    config = (ObjectNode) Json.mapper().readTree(rs.getString(4));
                } catch (IOException | ClassCastException e) {
                    config = Json.object();
                }
                out.add(new FrameworkAgentSpec(rs.getString(1), rs.getString(2), rs.getString(3), config,
                        Instant.ofEpochMilli(rs.getLong(5))));
            }
            return out;
        } catch (SQLException e) {
            throw new StoreException("could not read framework agents", e);
        }
    }
}
