package io.devrig.secrets.internal;

import io.devrig.api.error.DevRigError;
import io.devrig.api.error.DevRigException;
import io.devrig.api.error.ErrorCategory;
import io.devrig.api.error.ErrorCodes;
import io.devrig.api.health.HealthResult;
import io.devrig.api.id.UlidGenerator;
import io.devrig.api.secrets.SecretInfo;
import io.devrig.api.secrets.SecretValue;
import io.devrig.api.secrets.SecretVault;
import io.devrig.api.store.Database;
import io.devrig.api.store.SqlHandle;
import io.devrig.api.time.DevRigClock;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.SecretKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The vault: named secrets in the {@code secrets} table, AES-256-GCM under a key from
 * a {@link KeySource}. Plain Java (a database, a key source, a clock), so it is unit
 * tested on a real SQLite file without a framework; {@link SecretVaultComponent}
 * publishes it.
 *
 * <p><b>Key check.</b> The {@code app_settings} row {@value #KEY_CHECK_SETTING} holds
 * an encryption of a fixed marker under the current key. When the vault starts, the
 * key must open it; otherwise the vault stays unavailable (health DOWN, every
 * operation refused) and writes nothing, so a wrong key can never overwrite secrets
 * or the check.
 *
 * <p><b>Rotation.</b> The new key goes to {@code <keyfile>.next} first; one
 * transaction re-encrypts every secret and the key check; only after the commit is
 * {@code .next} moved over the key file. At start, a {@code .next} left by a crash is
 * judged by the key check: it is moved into place if the database is already under
 * it, deleted if the database is still under the old key.
 *
 * <p>Operations hold a read lock, rotation the write lock: no put may encrypt under a
 * key that a concurrent rotation is replacing.
 */
public final class Vault implements SecretVault {

    static final String KEY_CHECK_SETTING = "secrets.keycheck";
    static final String DEFAULT_CATEGORY = "general";
    static final int MAX_NAME_LENGTH = 128;
    static final int MAX_CATEGORY_LENGTH = 64;

    private static final Logger LOG = LoggerFactory.getLogger(Vault.class);
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.:/-]*");
    private static final byte[] KEY_CHECK_AAD = "devrig-keycheck:v1".getBytes(StandardCharsets.UTF_8);
    private static final byte[] KEY_CHECK_MARKER = "devrig secrets key check v1".getBytes(StandardCharsets.UTF_8);
    private static final Pattern KEY_CHECK_JSON = Pattern.compile(
            "\\{\"v\":1,\"alg\":\"AES-256-GCM\",\"iv\":\"([A-Za-z0-9+/=]+)\",\"value\":\"([A-Za-z0-9+/=]+)\",\"tag\":\"([A-Za-z0-9+/=]+)\"}");
    private static final String SELECT_STORED =
            "SELECT id, name, category, encrypted_value, iv, auth_tag, created_at, updated_at FROM secrets";

    private final Database db;
    private final KeySource keys;
    private final DevRigClock clock;
    private final AesGcm gcm;
    private final UlidGenerator ids;
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    // Written under the write lock. Once initialized exactly one of them is set.
    private volatile SecretKey key;
    private volatile DevRigError unavailable;

    public Vault(Database db, KeySource keys, DevRigClock clock, SecureRandom random) {
        this.db = Objects.requireNonNull(db, "db");
        this.keys = Objects.requireNonNull(keys, "keys");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.gcm = new AesGcm(random);
        this.ids = new UlidGenerator(clock, random);
    }

    /** A vault that has already checked its key (see {@link #initialize()}). */
    public static Vault open(Database db, KeySource keys, DevRigClock clock, SecureRandom random) {
        Vault vault = new Vault(db, keys, clock, random);
        vault.initialize();
        return vault;
    }

    /**
     * Loads the key (creating the key file at first start), finishes or undoes an
     * interrupted rotation, and checks the key against the database. A key problem makes
     * the vault unavailable for good (until restarted); any other failure (a busy
     * database) is thrown and the next operation tries again.
     */
    public void initialize() {
        if (key != null || unavailable != null) {
            return;
        }
        lock.writeLock().lock();
        try {
            if (key != null || unavailable != null) {
                return;
            }
            try {
                key = resolveKey();
                LOG.info("The secret vault is ready (key from {})", keys.description());
            } catch (DevRigException e) {
                if (!ErrorCodes.SECRET_KEY_UNAVAILABLE.equals(e.code())) {
                    throw e;
                }
                unavailable = e.error();
                LOG.error("The secret vault is unavailable: {}", e.error().message());
            }
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** Where the key comes from. */
    public KeySource keySource() {
        return keys;
    }

    /** The {@code secrets} health check: UP with the number of secrets, DOWN with the reason. */
    public HealthResult health() {
        try {
            initialize();
        } catch (DevRigException e) {
            return HealthResult.down("the secret vault could not start: " + e.error().message());
        }
        DevRigError problem = unavailable;
        if (problem != null) {
            return HealthResult.down(problem.message()).with("keySource", keys.description());
        }
        try {
            long count = db.read(h -> h.queryLong("SELECT count(*) FROM secrets")).orElse(0L);
            return HealthResult.up(count + (count == 1 ? " secret" : " secrets") + ", key from " + keys.description())
                    .with("secrets", count)
                    .with("keySource", keys.description());
        } catch (DevRigException e) {
            return HealthResult.down("cannot count the secrets: " + e.error().message());
        }
    }

    @Override
    public void put(String name, String category, char[] value) {
        checkName(name);
        String checkedCategory = checkCategory(category);
        if (value == null || value.length == 0) {
            throw invalid("a secret value must not be empty");
        }
        withKey(current -> {
            byte[] plaintext = utf8(value);
            AesGcm.Sealed sealed;
            try {
                sealed = gcm.encryptSecret(current, name, plaintext);
            } finally {
                Arrays.fill(plaintext, (byte) 0);
            }
            String now = DevRigClock.format(clock.now());
            boolean replaced = db.write(h -> {
                Optional<String> id = h.queryOne("SELECT id FROM secrets WHERE name = ?", r -> r.getString(1), name);
                if (id.isPresent()) {
                    h.update("UPDATE secrets SET encrypted_value = ?, iv = ?, auth_tag = ?, category = ?, updated_at = ? "
                                    + "WHERE id = ?", sealed.ciphertextBase64(), sealed.nonceBase64(), sealed.tagBase64(),
                            checkedCategory, now, id.get());
                    return true;
                }
                h.update("INSERT INTO secrets(id, name, encrypted_value, iv, auth_tag, category, created_at, updated_at) "
                                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?)", ids.nextString(), name, sealed.ciphertextBase64(),
                        sealed.nonceBase64(), sealed.tagBase64(), checkedCategory, now, now);
                return false;
            });
            LOG.info("{} secret '{}'", replaced ? "Replaced" : "Stored", name);
            return null;
        });
    }

    @Override
    public Optional<SecretValue> get(String name) {
        checkName(name);
        return withKey(current -> {
            Optional<Stored> row = db.read(h -> h.queryOne(SELECT_STORED + " WHERE name = ?", Stored::of, name));
            if (row.isEmpty()) {
                return Optional.empty();
            }
            byte[] plaintext = decrypt(current, row.get());
            try {
                return Optional.of(new SecretValue(chars(plaintext, name)));
            } finally {
                Arrays.fill(plaintext, (byte) 0);
            }
        });
    }

    @Override
    public List<SecretInfo> list() {
        return withKey(current -> {
            List<Stored> rows = db.read(h -> h.query(SELECT_STORED + " ORDER BY name", Stored::of));
            List<SecretInfo> infos = new ArrayList<>(rows.size());
            for (Stored row : rows) {
                infos.add(new SecretInfo(row.name, row.category == null ? DEFAULT_CATEGORY : row.category,
                        mask(current, row), instant(row.createdAt), instant(row.updatedAt)));
            }
            return infos;
        });
    }

    @Override
    public boolean delete(String name) {
        checkName(name);
        return withKey(current -> {
            boolean deleted = db.write(h -> h.update("DELETE FROM secrets WHERE name = ?", name)) > 0;
            if (deleted) {
                LOG.info("Deleted secret '{}'", name);
            }
            return deleted;
        });
    }

    @Override
    public int rotateKey() {
        return rotateKey(RotationHooks.NONE);
    }

    /** {@link #rotateKey()} with test hooks that simulate a crash between its steps. */
    int rotateKey(RotationHooks hooks) {
        if (!(keys instanceof KeyStoreFile file)) {
            throw new DevRigException(ErrorCodes.INVALID_INPUT, ErrorCategory.PERMANENT,
                    "the secret key comes from the environment variable " + KeySource.ENVIRONMENT_VARIABLE
                            + " and must be rotated by the operator; DevRig rotates only a key it keeps in a key file");
        }
        initialize();
        lock.writeLock().lock();
        try {
            SecretKey old = requireKey();
            SecretKey fresh = gcm.newKey();
            file.writeNext(fresh); // on disk before the database depends on it
            hooks.nextKeyWritten();
            int count;
            try {
                count = db.write(h -> reencryptAll(h, old, fresh));
            } catch (RuntimeException | Error e) {
                undoRotation(file, fresh);
                throw e;
            }
            key = fresh; // the database is under the new key from here on, whatever happens to the file
            hooks.committed();
            try {
                file.promoteNext();
            } catch (IOException e) {
                LOG.error("The secrets were re-encrypted, but {} could not be moved over {} ({}); "
                        + "it will be moved at the next start", file.nextPath(), file.path(), e.toString());
            }
            LOG.info("Rotated the secret key in {}: {} secret(s) re-encrypted", file.path(), count);
            return count;
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** Test seam: where a rotation can be interrupted. */
    interface RotationHooks {
        RotationHooks NONE = new RotationHooks() {
        };

        /** After {@code .next} is written, before the transaction. */
        default void nextKeyWritten() {
        }

        /** After the commit, before {@code .next} is moved over the key file. */
        default void committed() {
        }
    }

    private int reencryptAll(SqlHandle h, SecretKey old, SecretKey fresh) throws SQLException {
        List<Stored> rows = h.query(SELECT_STORED + " ORDER BY name", Stored::of);
        List<Object[]> updates = new ArrayList<>(rows.size());
        for (Stored row : rows) {
            byte[] plaintext;
            try {
                plaintext = decrypt(old, row);
            } catch (DevRigException e) {
                throw new DevRigException(e.code(), e.category(),
                        "key rotation aborted, nothing was changed: " + e.error().message());
            }
            try {
                AesGcm.Sealed sealed = gcm.encryptSecret(fresh, row.name, plaintext);
                updates.add(new Object[] {sealed.ciphertextBase64(), sealed.nonceBase64(), sealed.tagBase64(), row.id});
            } finally {
                Arrays.fill(plaintext, (byte) 0);
            }
        }
        if (!updates.isEmpty()) {
            // updated_at stays: it records when a value changed, and no value did
            h.batch("UPDATE secrets SET encrypted_value = ?, iv = ?, auth_tag = ? WHERE id = ?", updates);
        }
        writeKeyCheck(h, fresh);
        return rows.size();
    }

    /**
     * The transaction failed: delete {@code .next} unless the database turns out to be
     * under it after all; when that cannot be told, leave it for the start-up recovery.
     */
    private void undoRotation(KeyStoreFile file, SecretKey fresh) {
        try {
            Probe probe = db.read(this::probe);
            if (probe.opens(fresh)) {
                key = fresh;
                LOG.warn("The key rotation reported a failure after its commit; {} will be moved at the next start",
                        file.nextPath());
                return;
            }
            file.discardNext();
        } catch (RuntimeException | IOException e) {
            LOG.warn("Could not clean up {} after a failed key rotation ({}); it is judged at the next start",
                    file.nextPath(), e.toString());
        }
    }

    // ---- key resolution ------------------------------------------------------------

    private SecretKey resolveKey() {
        Probe probe = db.read(this::probe);
        if (keys instanceof KeyStoreFile file) {
            if (file.nextExists()) {
                recoverRotation(file, probe);
            }
            if (!file.exists()) {
                if (!probe.empty()) {
                    throw KeyStoreFile.unavailable("the secret key file " + file.path() + " is missing, but the database "
                            + "holds secrets encrypted under a key: restore the key file (a new key would not open them)");
                }
                file.create(gcm.newKey());
                LOG.info("Created the secret key file {}", file.path());
            }
        }
        SecretKey loaded = keys.load();
        if (probe.empty() || (probe.keyCheck == null && probe.opens(loaded))) {
            // first start, or secrets from before the key check existed: record the check now
            db.write(h -> {
                if (probe(h).keyCheck == null) {
                    writeKeyCheck(h, loaded);
                }
                return null;
            });
        } else if (!probe.opens(loaded)) {
            throw KeyStoreFile.unavailable("the secret key in " + keys.location()
                    + " does not match the secrets in the database; nothing was changed: restore the key they were "
                    + "encrypted with");
        }
        return loaded;
    }

    /** A rotation was interrupted: the key check tells which key the database is under. */
    private void recoverRotation(KeyStoreFile file, Probe probe) {
        try {
            if (probe.empty()) {
                file.discardNext();
                LOG.info("Deleted {}: the database holds no secrets", file.nextPath());
                return;
            }
            SecretKey next = loadQuietly(file::loadNext);
            if (next != null && probe.opens(next)) {
                file.promoteNext();
                LOG.warn("Finished an interrupted key rotation: the secrets were already re-encrypted, {} moved over {}",
                        file.nextPath(), file.path());
                return;
            }
            SecretKey current = file.exists() ? loadQuietly(file::load) : null;
            if (current != null && probe.opens(current)) {
                file.discardNext();
                LOG.warn("Deleted {}, left by a key rotation that did not commit; the secrets stay under {}",
                        file.nextPath(), file.path());
                return;
            }
            LOG.error("Neither {} nor {} opens the secrets in the database; both files are left as they are",
                    file.path(), file.nextPath());
        } catch (IOException e) {
            throw KeyStoreFile.unavailable("cannot finish the interrupted key rotation in " + file.nextPath() + ": " + e);
        }
    }

    private static SecretKey loadQuietly(java.util.function.Supplier<SecretKey> loader) {
        try {
            return loader.get();
        } catch (DevRigException e) {
            return null;
        }
    }

    /** What a candidate key must open: the key check, or (before one exists) the stored secrets. */
    private Probe probe(SqlHandle h) throws SQLException {
        Optional<String> check = h.queryOne("SELECT value FROM app_settings WHERE key = ?", r -> r.getString(1),
                KEY_CHECK_SETTING);
        if (check.isPresent()) {
            Matcher m = KEY_CHECK_JSON.matcher(check.get());
            AesGcm.Sealed sealed = null;
            if (m.matches()) {
                try {
                    sealed = AesGcm.Sealed.fromBase64(m.group(2), m.group(1), m.group(3));
                } catch (IllegalArgumentException e) {
                    sealed = null;
                }
            }
            if (sealed == null) {
                throw KeyStoreFile.unavailable("the key check in app_settings '" + KEY_CHECK_SETTING
                        + "' is malformed; delete that row to have it rebuilt from the secrets");
            }
            return new Probe(sealed, List.of());
        }
        return new Probe(null, h.query(SELECT_STORED + " ORDER BY id", Stored::of));
    }

    private final class Probe {
        final AesGcm.Sealed keyCheck;
        final List<Stored> secrets;

        Probe(AesGcm.Sealed keyCheck, List<Stored> secrets) {
            this.keyCheck = keyCheck;
            this.secrets = secrets;
        }

        boolean empty() {
            return keyCheck == null && secrets.isEmpty();
        }

        boolean opens(SecretKey candidate) {
            if (keyCheck != null) {
                try {
                    byte[] marker = gcm.decrypt(candidate, keyCheck, KEY_CHECK_AAD);
                    return Arrays.equals(marker, KEY_CHECK_MARKER);
                } catch (GeneralSecurityException e) {
                    return false;
                }
            }
            // all secrets are under one key (rotation is one transaction): one that opens decides
            for (Stored row : secrets) {
                try {
                    Arrays.fill(decrypt(candidate, row), (byte) 0);
                    return true;
                } catch (DevRigException unreadable) {
                    // tampered row or another key: try the next
                }
            }
            return false;
        }
    }

    private void writeKeyCheck(SqlHandle h, SecretKey current) throws SQLException {
        AesGcm.Sealed sealed = gcm.encrypt(current, KEY_CHECK_MARKER, KEY_CHECK_AAD);
        String json = "{\"v\":1,\"alg\":\"AES-256-GCM\",\"iv\":\"" + sealed.nonceBase64() + "\",\"value\":\""
                + sealed.ciphertextBase64() + "\",\"tag\":\"" + sealed.tagBase64() + "\"}";
        h.update("INSERT INTO app_settings(key, value, updated_at) VALUES (?, ?, ?) "
                + "ON CONFLICT(key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at",
                KEY_CHECK_SETTING, json, DevRigClock.format(clock.now()));
    }

    // ---- helpers -------------------------------------------------------------------

    private <T> T withKey(Function<SecretKey, T> work) {
        initialize();
        lock.readLock().lock();
        try {
            return work.apply(requireKey());
        } finally {
            lock.readLock().unlock();
        }
    }

    private SecretKey requireKey() {
        DevRigError problem = unavailable;
        if (problem != null) {
            throw new DevRigException(problem.code(), problem.category(), problem.message());
        }
        return key;
    }

    private byte[] decrypt(SecretKey current, Stored row) {
        AesGcm.Sealed sealed;
        try {
            sealed = AesGcm.Sealed.fromBase64(row.ciphertext, row.nonce, row.tag);
        } catch (IllegalArgumentException e) {
            throw AesGcm.unreadable(row.name);
        }
        return gcm.decryptSecret(current, row.name, sealed);
    }

    private String mask(SecretKey current, Stored row) {
        // decrypting tells the length in characters and shows a damaged row in the listing
        byte[] plaintext;
        try {
            plaintext = decrypt(current, row);
        } catch (DevRigException e) {
            LOG.warn("Listing secrets: {}", e.error().message());
            return "******** (unreadable)";
        }
        try {
            char[] value = chars(plaintext, row.name);
            int length = value.length;
            Arrays.fill(value, '\0');
            return "******** (" + length + (length == 1 ? " character)" : " characters)");
        } finally {
            Arrays.fill(plaintext, (byte) 0);
        }
    }

    static void checkName(String name) {
        if (name == null || name.isEmpty()) {
            throw invalid("a secret name is required (1-" + MAX_NAME_LENGTH + " characters)");
        }
        if (name.length() > MAX_NAME_LENGTH) {
            throw invalid("a secret name is at most " + MAX_NAME_LENGTH + " characters, got " + name.length());
        }
        if (!NAME.matcher(name).matches()) {
            // the name is not echoed: a value pasted into the wrong field must not end up in a message
            throw invalid("a secret name must start with a letter or digit and contain only letters, digits and _ . : / -");
        }
    }

    static String checkCategory(String category) {
        if (category == null || category.isBlank()) {
            return DEFAULT_CATEGORY;
        }
        if (category.length() > MAX_CATEGORY_LENGTH) {
            throw invalid("a secret category is at most " + MAX_CATEGORY_LENGTH + " characters, got " + category.length());
        }
        return category;
    }

    private static DevRigException invalid(String message) {
        return new DevRigException(ErrorCodes.INVALID_INPUT, ErrorCategory.PERMANENT, message);
    }

    /** UTF-8 bytes of the value without going through a String (the caller wipes them). */
    private static byte[] utf8(char[] value) {
        ByteBuffer encoded;
        try {
            encoded = StandardCharsets.UTF_8.newEncoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .encode(CharBuffer.wrap(value));
        } catch (CharacterCodingException e) {
            throw invalid("a secret value must be valid text: it contains an unpaired surrogate character");
        }
        byte[] bytes = new byte[encoded.remaining()];
        encoded.get(bytes);
        Arrays.fill(encoded.array(), (byte) 0);
        return bytes;
    }

    private static char[] chars(byte[] plaintext, String name) {
        CharBuffer decoded;
        try {
            decoded = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(plaintext));
        } catch (CharacterCodingException e) {
            throw AesGcm.unreadable(name);
        }
        char[] value = new char[decoded.remaining()];
        decoded.get(value);
        Arrays.fill(decoded.array(), '\0');
        return value;
    }

    private static Instant instant(String stored) {
        return stored == null ? null : DevRigClock.parse(stored);
    }

    /** One row of {@code secrets}; only ciphertext, never a value. */
    private static final class Stored {
        final String id;
        final String name;
        final String category;
        final String ciphertext;
        final String nonce;
        final String tag;
        final String createdAt;
        final String updatedAt;

        private Stored(ResultSet r) throws SQLException {
            id = r.getString("id");
            name = r.getString("name");
            category = r.getString("category");
            ciphertext = r.getString("encrypted_value");
            nonce = r.getString("iv");
            tag = r.getString("auth_tag");
            createdAt = r.getString("created_at");
            updatedAt = r.getString("updated_at");
        }

        static Stored of(ResultSet r) throws SQLException {
            return new Stored(r);
        }

        @Override
        public String toString() {
            return "Stored[" + name + "]";
        }
    }

    @Override
    public String toString() {
        return "Vault[" + keys.description() + "]";
    }
}
