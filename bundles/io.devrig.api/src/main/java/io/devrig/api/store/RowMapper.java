package io.devrig.api.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import org.osgi.annotation.versioning.ConsumerType;

/** Turns the current row of a result set into a value. Must not advance the cursor. */
@ConsumerType
@FunctionalInterface
public interface RowMapper<T> {

    T map(ResultSet row) throws SQLException;
}
