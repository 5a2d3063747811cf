package dev.alexos.chainbot.internal.store;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.h2.jdbcx.JdbcDataSource;

/**
 * ChainBot's embedded H2 database ({@code <module data dir>/chainbot-db.mv.db}), plain JDBC.
 * Holds sessions, entanglements, their messages and the spawned framework agents. One
 * connection is kept open for the module's life so the database is opened once; work uses
 * short-lived connections. Thread-safe.
 */
public final class ChainBotDatabase implements AutoCloseable {
    private final JdbcDataSource dataSource = new JdbcDataSource();
    private final Connection keeper;

    /** A database in a file under {@code directory}. */
    public static ChainBotDatabase open(Path directory) throws SQLException {
        return new ChainBotDatabase("jdbc:h2:file:" + directory.toAbsolutePath().resolve("chainbot-db")
                + ";DB_CLOSE_ON_EXIT=FALSE");
    }

    /** A private in-memory database (tests). */
    public static ChainBotDatabase inMemory(String name) throws SQLException {
        return new ChainBotDatabase("jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1");
    }

    private ChainBotDatabase(String url) throws SQLException {
        dataSource.setURL(url);
        dataSource.setUser("chainbot");
        dataSource.setPassword("");
        keeper = dataSource.getConnection();
        try (Statement s = keeper.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS cb_threads (kind VARCHAR(16) NOT NULL, id VARCHAR(64) PRIMARY KEY, "
                    + "name VARCHAR(200) NOT NULL, members VARCHAR(8000) NOT NULL, created_at BIGINT NOT NULL, "
                    + "updated_at BIGINT NOT NULL)");
            s.execute("CREATE TABLE IF NOT EXISTS cb_messages (id BIGINT AUTO_INCREMENT PRIMARY KEY, "
                    + "thread_id VARCHAR(64) NOT NULL, kind VARCHAR(16) NOT NULL, sender VARCHAR(128) NOT NULL, "
                    + "recipient VARCHAR(128), content CLOB NOT NULL, status VARCHAR(16) NOT NULL, "
                    + "created_at BIGINT NOT NULL)");
            s.execute("CREATE INDEX IF NOT EXISTS cb_messages_thread ON cb_messages(thread_id, id)");
            s.execute("CREATE TABLE IF NOT EXISTS cb_framework_agents (id VARCHAR(64) PRIMARY KEY, "
                    + "name VARCHAR(200) NOT NULL, type VARCHAR(64) NOT NULL, config CLOB NOT NULL, "
                    + "created_at BIGINT NOT NULL)");
        }
    }

    /** A new connection; the caller closes it. */
    Connection connection() throws SQLException {
        return dataSource.getConnection();
    }

    @Override
    public void close() {
        try {
            keeper.close();
        } catch (SQLException ignored) {
            // closing at shutdown: nothing to recover
        }
    }
}
