package io.devrig.api.store;

import java.sql.SQLException;
import org.osgi.annotation.versioning.ConsumerType;

/** A unit of database work; see {@link Database}. */
@ConsumerType
@FunctionalInterface
public interface SqlWork<T> {

    T apply(SqlHandle handle) throws SQLException;
}
