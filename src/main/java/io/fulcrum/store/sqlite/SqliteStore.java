package io.fulcrum.store.sqlite;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.fulcrum.arm.id.ResourceId;
import io.fulcrum.store.DataDirTooNewException;
import io.fulcrum.store.Store;
import io.fulcrum.store.StoreException;
import io.fulcrum.store.Tx;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SQLite in WAL mode with {@code synchronous=FULL}: a commit is on disk before {@link #write} returns.
 *
 * <p>SQLite has one writer at a time. Writes therefore go through one connection guarded by a fair lock, and each
 * begins {@code IMMEDIATE} so that another process (the {@code fulcrum} admin commands) waits on the database lock
 * instead of failing half-way. Reads use a separate small pool and see the last committed state.
 */
public final class SqliteStore implements Store {

    /** The schema this build writes; a database with a higher {@code user_version} is refused. */
    public static final int SCHEMA_VERSION = 2;

    private static final Logger log = LoggerFactory.getLogger(SqliteStore.class);

    private final HikariDataSource writer;
    private final HikariDataSource readers;
    private final ReentrantLock writeLock = new ReentrantLock(true);
    private final List<Consumer<Set<ResourceId>>> commitListeners = new CopyOnWriteArrayList<>();

    public SqliteStore(Path databaseFile) {
        String url = "jdbc:sqlite:" + databaseFile.toAbsolutePath();
        this.writer = pool(url, "fulcrum-writer", 1);
        try {
            migrate();
            this.readers = pool(url, "fulcrum-readers", 4);
        } catch (RuntimeException e) {
            writer.close();
            throw e;
        }
    }

    /**
     * Connections stay in auto-commit mode and transactions are begun by hand: the driver's own transaction mode
     * opens the next transaction right after each commit, so an idle connection would hold the database lock and
     * lock out the admin commands running in another process.
     */
    private static HikariDataSource pool(String url, String name, int size) {
        HikariConfig c = new HikariConfig();
        c.setJdbcUrl(url);
        c.setPoolName(name);
        c.setMaximumPoolSize(size);
        c.setMinimumIdle(1);
        c.setAutoCommit(true);
        c.addDataSourceProperty("journal_mode", "WAL");
        c.addDataSourceProperty("synchronous", "FULL");
        c.addDataSourceProperty("foreign_keys", "true");
        c.addDataSourceProperty("busy_timeout", "10000");
        try {
            return new HikariDataSource(c);
        } catch (RuntimeException e) {
            throw new StoreException("cannot open " + url.substring("jdbc:sqlite:".length()) + ": "
                    + rootMessage(e), e);
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t.getMessage();
    }

    private void migrate() {
        try (Connection c = writer.getConnection(); Statement s = c.createStatement()) {
            s.execute("BEGIN IMMEDIATE");
            int version;
            try (ResultSet rs = s.executeQuery("PRAGMA user_version")) {
                version = rs.next() ? rs.getInt(1) : 0;
            }
            if (version > SCHEMA_VERSION) {
                s.execute("ROLLBACK");
                throw new DataDirTooNewException("the database was written by a newer Fulcrum (schema " + version
                        + "); this build reads schema " + SCHEMA_VERSION + " and older");
            }
            for (int v = version + 1; v <= SCHEMA_VERSION; v++) {
                for (String statement : script("/db/sqlite/V" + v + ".sql").split(";")) {
                    if (!statement.isBlank()) {
                        s.executeUpdate(statement);
                    }
                }
                s.executeUpdate("PRAGMA user_version = " + v);
            }
            s.execute("COMMIT");
        } catch (SQLException e) {
            throw new StoreException("cannot open or migrate the database: " + e.getMessage(), e);
        }
    }

    private static String script(String resource) {
        try (InputStream in = SqliteStore.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("schema script missing from the build: " + resource);
            }
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return text.replaceAll("(?m)--.*$", "");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public <T> T read(Function<Tx, T> work) {
        return run(readers, "BEGIN", work, null);
    }

    /**
     * One transaction at a time holds the write lock, so how long each holds it bounds every other writer's wait.
     * That time, from the lock acquired to the commit (or rollback) done, is logged at DEBUG for benchmarks
     * (bench/pool-scale.sh reads it for migrateToIpBased); when DEBUG is off it costs one nanoTime pair.
     */
    @Override
    public <T> T write(Function<Tx, T> work) {
        T result;
        Set<ResourceId> touched = new HashSet<>();
        writeLock.lock();
        long acquired = System.nanoTime();
        boolean committed = false;
        try {
            result = run(writer, "BEGIN IMMEDIATE", work, touched);
            committed = true;
        } finally {
            long heldMicros = (System.nanoTime() - acquired) / 1_000;
            writeLock.unlock();
            log.debug("write transaction held the write lock lockHeldMicros={} committed={}", heldMicros, committed);
        }
        Set<ResourceId> written = Collections.unmodifiableSet(touched);
        commitListeners.forEach(listener -> listener.accept(written));
        return result;
    }

    @Override
    public void onCommit(Consumer<Set<ResourceId>> listener) {
        commitListeners.add(listener);
    }

    /** @param touched receives what a committed transaction wrote (null for reads) */
    private static <T> T run(HikariDataSource pool, String begin, Function<Tx, T> work, Set<ResourceId> touched) {
        try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
            s.execute(begin);
            boolean committed = false;
            try {
                SqliteTx tx = new SqliteTx(c);
                T result = work.apply(tx);
                s.execute("COMMIT");
                committed = true;
                if (touched != null) {
                    touched.addAll(tx.touched());
                }
                return result;
            } finally {
                if (!committed) {
                    rollback(s);
                }
            }
        } catch (SQLException e) {
            throw new StoreException("database failure: " + e.getMessage(), e);
        }
    }

    /** A failed COMMIT leaves the transaction open; closing it here keeps the pooled connection clean. */
    private static void rollback(Statement s) {
        try {
            s.execute("ROLLBACK");
        } catch (SQLException e) {
            // "no transaction is active": SQLite already rolled back on its own, nothing is left open.
        }
    }

    @Override
    public void close() {
        if (readers != null) {
            readers.close();
        }
        writer.close();
    }
}
