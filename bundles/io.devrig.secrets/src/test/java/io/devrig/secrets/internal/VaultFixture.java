package io.devrig.secrets.internal;

import io.devrig.api.time.DevRigClock;
import io.devrig.store.internal.MigrationCatalog;
import io.devrig.store.internal.SqliteDatabase;
import io.devrig.store.internal.StoreSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/** A real SQLite database in a temp folder, a key file next to it and a clock moved by hand. */
final class VaultFixture implements AutoCloseable {

    final Path dir;
    final Path dbFile;
    final Path keyFile;
    final SecureRandom random = new SecureRandom();
    Instant now = Instant.parse("2026-11-23T08:00:00.000Z");
    final DevRigClock clock = () -> now;
    SqliteDatabase db;

    VaultFixture(Path dir) {
        this.dir = dir;
        this.dbFile = dir.resolve("data").resolve("devrig.db");
        this.keyFile = dir.resolve("etc").resolve("devrig-secrets.key");
        this.db = openDatabase();
    }

    SqliteDatabase openDatabase() {
        return SqliteDatabase.open(StoreSettings.defaults(dbFile),
                MigrationCatalog.load(getClass().getClassLoader(), MigrationCatalog.DEFAULT_FOLDER), clock);
    }

    /** Closes and reopens the database, as a restart does. */
    void restartDatabase() {
        db.close();
        db = openDatabase();
    }

    Vault vault() {
        return vault(keyFile);
    }

    Vault vault(Path file) {
        return Vault.open(db, KeySource.select(Map.of(), file), clock, random);
    }

    Vault vaultWithEnvironment(String value) {
        return Vault.open(db, KeySource.select(Map.of(KeySource.ENVIRONMENT_VARIABLE, value), keyFile), clock, random);
    }

    KeyStoreFile keyStore() {
        return new KeyStoreFile(keyFile);
    }

    void tick() {
        now = now.plus(Duration.ofSeconds(1));
    }

    static String randomKeyBase64() {
        byte[] raw = new byte[32];
        new SecureRandom().nextBytes(raw);
        return Base64.getEncoder().encodeToString(raw);
    }

    byte[] keyFileBytes() throws Exception {
        return Files.readAllBytes(keyFile);
    }

    /** Every column of every secret and every app setting, to compare before and after. */
    List<List<String>> snapshot() {
        List<List<String>> rows = new ArrayList<>();
        rows.addAll(db.read(h -> h.query("SELECT id, name, encrypted_value, iv, auth_tag, category, created_at, updated_at "
                + "FROM secrets ORDER BY id", r -> {
                    List<String> row = new ArrayList<>();
                    for (int i = 1; i <= 8; i++) {
                        row.add(r.getString(i));
                    }
                    return row;
                })));
        rows.addAll(db.read(h -> h.query("SELECT key, value, updated_at FROM app_settings ORDER BY key",
                r -> List.of(r.getString(1), r.getString(2), r.getString(3)))));
        return rows;
    }

    /** One column of one secret's row. */
    String column(String name, String column) {
        return db.read(h -> h.queryOne("SELECT " + column + " FROM secrets WHERE name = ?", r -> r.getString(1), name))
                .orElseThrow();
    }

    void setColumn(String name, String column, String value) {
        db.write(h -> h.update("UPDATE secrets SET " + column + " = ? WHERE name = ?", value, name));
    }

    @Override
    public void close() {
        db.close();
    }
}
