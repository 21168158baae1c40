package io.devrig.store.internal;

import java.util.Objects;

/**
 * One schema migration: a numbered SQL script shipped inside the bundle.
 *
 * @param version the schema version the script produces (1, 2, ...)
 * @param name file name, for logs
 * @param sql the script; may hold several statements, including triggers
 */
public record Migration(int version, String name, String sql) {
    public Migration {
        if (version < 1) {
            throw new IllegalArgumentException("migration versions start at 1: " + name);
        }
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(sql, "sql");
    }
}
