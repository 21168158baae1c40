/**
 * The store implementation: {@link io.devrig.store.internal.SqliteDatabase} (connections,
 * pragmas, one writer / pooled readers), {@link io.devrig.store.internal.MigrationRunner}
 * (embedded numbered SQL scripts, backup before migrating, refusal of newer databases)
 * and {@link io.devrig.store.internal.DatabaseComponent}, the DS component that opens the
 * database from Config Admin settings, publishes it as {@link io.devrig.api.store.Database}
 * and reports its health. Not exported.
 */
package io.devrig.store.internal;
