package io.devrig.store.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The prepared statements of one connection, by SQL text, least recently used evicted.
 * Preparing is a large part of a small statement's cost (an upsert costs more to compile
 * than to run), and DevRig's SQL is a fixed set of texts. A connection is used by one
 * thread at a time (the writer under the write lock, a reader while taken from the idle
 * queue), so the cache needs no lock of its own.
 */
final class StatementCache {

    static final int CAPACITY = 256;
    private static final Logger LOG = LoggerFactory.getLogger(StatementCache.class);

    private final Connection connection;
    private final Map<String, PreparedStatement> statements = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, PreparedStatement> eldest) {
            if (size() > CAPACITY) {
                closeQuietly(eldest.getValue());
                return true;
            }
            return false;
        }
    };

    StatementCache(Connection connection) {
        this.connection = connection;
    }

    Connection connection() {
        return connection;
    }

    /** A prepared statement for {@code sql}, parameters cleared; never close it (see {@link #discard}). */
    PreparedStatement get(String sql) throws SQLException {
        PreparedStatement statement = statements.get(sql);
        if (statement == null || statement.isClosed()) {
            statement = connection.prepareStatement(sql);
            statements.put(sql, statement);
        } else {
            statement.clearParameters();
        }
        return statement;
    }

    /** Drops a statement that failed, so that the next use prepares it afresh. */
    void discard(String sql) {
        PreparedStatement statement = statements.remove(sql);
        if (statement != null) {
            closeQuietly(statement);
        }
    }

    /** Runs a statement without parameters or results (BEGIN, COMMIT, ...). */
    void execute(String sql) throws SQLException {
        PreparedStatement statement = get(sql);
        try {
            statement.execute();
        } catch (SQLException e) {
            discard(sql);
            throw e;
        }
    }

    void closeAll() {
        statements.values().forEach(StatementCache::closeQuietly);
        statements.clear();
    }

    private static void closeQuietly(PreparedStatement statement) {
        try {
            statement.close();
        } catch (SQLException e) {
            LOG.debug("closing a cached statement failed: {}", e.getMessage());
        }
    }
}
