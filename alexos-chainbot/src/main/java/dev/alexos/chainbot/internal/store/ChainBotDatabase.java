package dev.alexos.chainbot.internal.store;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.h2.jdbcx.JdbcDataSource;

/**
 * ChainBot's embedded H2 database ({@code <module data dir>/chainbot-db.mv.db}), plain JDBC.
 * Holds sessions, entanglements, their messages and the spawned framework agents. One
 * connection is kept open for the module's life so the database is opened once; work uses
 * short-lived connections. It can be opened in the background ({@link #openIn}) so that the
 * module's start does not wait for H2: work asked for meanwhile waits for the open. Thread-safe.
 */
public final class ChainBotDatabase implements AutoCloseable {
    /** How long work waits for a database that is still opening before it fails. */
    private static final Duration OPEN_WAIT = Duration.ofSeconds(60);
    private final JdbcDataSource dataSource = new JdbcDataSource();
    private final CompletableFuture<Connection> keeper;

    /** A database in a file under {@code directory}, opened before this returns. */
    public static ChainBotDatabase open(Path directory) throws SQLException {
        ChainBotDatabase db = openIn(directory, Runnable::run);
        db.awaitOpen();
        return db;
    }

    /**
     * A database in a file under {@code directory}, opened (schema included) on {@code executor};
     * {@link #awaitOpen()} waits for it and {@link #connection()} waits up to a minute.
     */
    public static ChainBotDatabase openIn(Path directory, Executor executor) {
        return new ChainBotDatabase("jdbc:h2:file:" + directory.toAbsolutePath().resolve("chainbot-db")
                + ";DB_CLOSE_ON_EXIT=FALSE", executor);
    }

    /** A private in-memory database (tests). */
    public static ChainBotDatabase inMemory(String name) throws SQLException {
        ChainBotDatabase db = new ChainBotDatabase("jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1", Runnable::run);
        db.awaitOpen();
        return db;
    }

    private ChainBotDatabase(String url, Executor executor) {
        dataSource.setURL(url);
        dataSource.setUser("chainbot");
        dataSource.setPassword("");
        keeper = CompletableFuture.supplyAsync(() -> {
            try {
                return createSchema(dataSource.getConnection());
            } catch (SQLException e) {
                throw new CompletionException(e);
            }
        }, executor);
    }

    /**
     * Waits until the database is open.
     *
     * @throws SQLException when it could not be opened (or did not open within a minute)
     */
    public void awaitOpen() throws SQLException {
        try {
            keeper.get(OPEN_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof SQLException se ? se : new SQLException("ChainBot database did not open", e.getCause());
        } catch (TimeoutException e) {
            throw new SQLException("ChainBot database still opening after " + OPEN_WAIT.toSeconds() + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLException("interrupted while the ChainBot database opened", e);
        }
    }

    private static Connection createSchema(Connection keeper) throws SQLException {
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
        } catch (SQLException e) {
            keeper.close();
            throw e;
        }
        return keeper;
    }

    /** A new connection, once the database is open; the caller closes it. */
    Connection connection() throws SQLException {
        awaitOpen();
        return dataSource.getConnection();
    }

    /** Closes the database; when it is still opening, waits for that first. */
    @Override
    public void close() {
        try {
            awaitOpen();
            keeper.join().close();
        } catch (SQLException | RuntimeException ignored) {
            // closing at shutdown (or it never opened): nothing to recover
        }
    }
}
