package io.devrig.store.internal;

import io.devrig.api.id.Ulid;
import io.devrig.api.store.RowMapper;
import io.devrig.api.store.SqlHandle;
import io.devrig.api.time.DevRigClock;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** {@link SqlHandle} over one connection, valid for the duration of one unit of work. */
final class SqliteHandle implements SqlHandle {

    private final StatementCache statements;
    private final Connection connection;
    private final boolean writable;
    /** What runs after the outermost write commits; null for reads. */
    private final List<Runnable> afterCommit;

    SqliteHandle(StatementCache statements, boolean writable) {
        this.statements = statements;
        this.connection = statements.connection();
        this.writable = writable;
        this.afterCommit = writable ? new ArrayList<>() : null;
    }

    @Override
    public <T> List<T> query(String sql, RowMapper<T> mapper, Object... params) throws SQLException {
        PreparedStatement statement = prepare(sql, params);
        try (ResultSet rows = statement.executeQuery()) {
            List<T> result = new ArrayList<>();
            while (rows.next()) {
                result.add(mapper.map(rows));
            }
            return result;
        } catch (SQLException | RuntimeException e) {
            statements.discard(sql);
            throw e;
        }
    }

    @Override
    public <T> Optional<T> queryOne(String sql, RowMapper<T> mapper, Object... params) throws SQLException {
        PreparedStatement statement = prepare(sql, params);
        try (ResultSet rows = statement.executeQuery()) {
            return rows.next() ? Optional.ofNullable(mapper.map(rows)) : Optional.empty();
        } catch (SQLException | RuntimeException e) {
            statements.discard(sql);
            throw e;
        }
    }

    @Override
    public Optional<Long> queryLong(String sql, Object... params) throws SQLException {
        return queryOne(sql, row -> {
            long value = row.getLong(1);
            return row.wasNull() ? null : value;
        }, params);
    }

    @Override
    public int update(String sql, Object... params) throws SQLException {
        PreparedStatement statement = prepare(sql, params);
        try {
            return statement.executeUpdate();
        } catch (SQLException | RuntimeException e) {
            statements.discard(sql);
            throw e;
        }
    }

    @Override
    public int[] batch(String sql, List<Object[]> rows) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (Object[] row : rows) {
                bind(statement, row);
                statement.addBatch();
            }
            return statement.executeBatch();
        }
    }

    @Override
    public boolean writable() {
        return writable;
    }

    @Override
    public void afterCommit(Runnable action) {
        Objects.requireNonNull(action, "action");
        if (afterCommit == null) {
            throw new IllegalStateException("afterCommit needs a write transaction; this is a read");
        }
        afterCommit.add(action);
    }

    /** The actions given so far (the transaction trims them on a savepoint's rollback and runs them after the commit). */
    List<Runnable> afterCommitActions() {
        return afterCommit;
    }

    @Override
    public Connection connection() {
        return connection;
    }

    private PreparedStatement prepare(String sql, Object[] params) throws SQLException {
        PreparedStatement statement = statements.get(sql);
        try {
            bind(statement, params);
            return statement;
        } catch (SQLException | RuntimeException e) {
            statements.discard(sql);
            throw e;
        }
    }

    /** Binds values by type; the message of a refusal names the position and type, never the value. */
    static void bind(PreparedStatement statement, Object[] params) throws SQLException {
        if (params == null) {
            return;
        }
        for (int i = 0; i < params.length; i++) {
            int index = i + 1;
            Object value = params[i];
            if (value == null) {
                statement.setNull(index, Types.NULL);
            } else if (value instanceof String s) {
                statement.setString(index, s);
            } else if (value instanceof Integer || value instanceof Long || value instanceof Short
                    || value instanceof Byte) {
                statement.setLong(index, ((Number) value).longValue());
            } else if (value instanceof Double || value instanceof Float) {
                statement.setDouble(index, ((Number) value).doubleValue());
            } else if (value instanceof BigDecimal d) {
                statement.setString(index, d.toPlainString());
            } else if (value instanceof Boolean b) {
                statement.setInt(index, b ? 1 : 0);
            } else if (value instanceof byte[] bytes) {
                statement.setBytes(index, bytes);
            } else if (value instanceof Instant instant) {
                statement.setString(index, DevRigClock.format(instant));
            } else if (value instanceof Ulid id) {
                statement.setString(index, id.toString());
            } else if (value instanceof Enum<?> e) {
                statement.setString(index, e.name());
            } else {
                throw new IllegalArgumentException("unsupported SQL parameter type " + value.getClass().getName()
                        + " at position " + index);
            }
        }
    }
}
