package io.devrig.secrets.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.devrig.api.error.DevRigException;
import io.devrig.api.error.ErrorCategory;
import io.devrig.api.error.ErrorCodes;
import io.devrig.api.health.HealthResult;
import io.devrig.api.health.HealthStatus;
import io.devrig.api.secrets.SecretInfo;
import io.devrig.api.secrets.SecretValue;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VaultTest {

    @TempDir
    Path dir;
    VaultFixture f;

    @BeforeEach
    void setUp() {
        f = new VaultFixture(dir);
    }

    @AfterEach
    void tearDown() {
        f.close();
    }

    static String reveal(Vault vault, String name) {
        try (SecretValue value = vault.get(name).orElseThrow()) {
            return value.reveal();
        }
    }

    @Test
    void storesReadsReplacesListsAndDeletes() {
        Vault vault = f.vault();
        Instant first = f.now;
        vault.put("github/token", "github", "ghp_0123456789abcdef0123456789abcdef0123".toCharArray());
        String id = f.column("github/token", "id");
        assertThat(id).hasSize(26).matches("[0-9A-HJKMNP-TV-Z]{26}");
        assertThat(reveal(vault, "github/token")).isEqualTo("ghp_0123456789abcdef0123456789abcdef0123");

        f.tick();
        vault.put("github/token", null, "ghp_new".toCharArray());
        assertThat(f.column("github/token", "id")).as("replacing keeps the id").isEqualTo(id);
        assertThat(f.column("github/token", "created_at")).isEqualTo("2026-11-23T08:00:00.000Z");
        assertThat(f.column("github/token", "updated_at")).isEqualTo("2026-11-23T08:00:01.000Z");
        assertThat(reveal(vault, "github/token")).isEqualTo("ghp_new");

        vault.put("a.first:secret", "db", "pässwörd-ü".toCharArray());
        List<SecretInfo> list = vault.list();
        assertThat(list).extracting(SecretInfo::name).containsExactly("a.first:secret", "github/token");
        assertThat(list.get(1)).isEqualTo(new SecretInfo("github/token", "general", "******** (7 characters)", first,
                first.plusSeconds(1)));
        assertThat(list.get(0).masked()).isEqualTo("******** (10 characters)");
        assertThat(list.get(0).category()).isEqualTo("db");
        assertThat(reveal(vault, "a.first:secret")).isEqualTo("pässwörd-ü");

        assertThat(vault.get("missing")).isEmpty();
        assertThat(vault.delete("github/token")).isTrue();
        assertThat(vault.delete("github/token")).isFalse();
        assertThat(vault.get("github/token")).isEmpty();
        assertThat(vault.list()).extracting(SecretInfo::name).containsExactly("a.first:secret");
    }

    @Test
    void storesBase64CiphertextWithoutTagNonceAndTagInTheirColumns() {
        Vault vault = f.vault();
        String value = "0123456789012345678901234567890123456789";
        vault.put("api", null, value.toCharArray());
        byte[] ciphertext = Base64.getDecoder().decode(f.column("api", "encrypted_value"));
        assertThat(ciphertext).hasSize(40);
        assertThat(Base64.getDecoder().decode(f.column("api", "iv"))).hasSize(12);
        assertThat(Base64.getDecoder().decode(f.column("api", "auth_tag"))).hasSize(16);
        assertThat(f.column("api", "category")).isEqualTo("general");
        assertThat(f.snapshot().toString().contains(value)).as("no column holds the value").isFalse();
        assertThat(vault.list().get(0).masked()).isEqualTo("******** (40 characters)");
    }

    @Test
    void listAndToStringsNeverShowTheValue() {
        Vault vault = f.vault();
        String value = "s3cr3t-v4lue-that-must-not-leak";
        vault.put("one", "x", value.toCharArray());
        String listed = vault.list().toString();
        assertThat(listed.contains(value)).isFalse();
        assertThat(listed.contains("s3cr3t")).isFalse();
        assertThat(listed).contains("one", "******** (31 characters)");
        try (SecretValue secret = vault.get("one").orElseThrow()) {
            assertThat(secret.toString()).isEqualTo("SecretValue[********]");
            assertThat(secret.length()).isEqualTo(31);
        }
        assertThat(vault.toString()).isEqualTo("Vault[file " + f.keyFile.toAbsolutePath() + "]");
        assertThat(f.keyStore().toString()).isEqualTo("KeyStoreFile[" + f.keyFile.toAbsolutePath() + "]");
    }

    @Test
    void validationNamesTheProblem() {
        Vault vault = f.vault();
        assertInvalid(() -> vault.put(null, null, "v".toCharArray()), "a secret name is required");
        assertInvalid(() -> vault.put("", null, "v".toCharArray()), "a secret name is required");
        assertInvalid(() -> vault.put("x".repeat(129), null, "v".toCharArray()),
                "a secret name is at most 128 characters, got 129");
        for (String bad : List.of("-leading", "_x", "with space", "semi;colon", "quote'", "é", "a\nb", "/root")) {
            assertInvalid(() -> vault.put(bad, null, "v".toCharArray()), "a secret name must start with a letter or digit");
        }
        assertInvalid(() -> vault.put("ok", null, new char[0]), "a secret value must not be empty");
        assertInvalid(() -> vault.put("ok", null, null), "a secret value must not be empty");
        assertInvalid(() -> vault.put("ok", "c".repeat(65), "v".toCharArray()),
                "a secret category is at most 64 characters, got 65");
        assertInvalid(() -> vault.put("ok", null, new char[] {'a', '\uD800'}), "a secret value must be valid text");
        assertInvalid(() -> vault.get("bad name"), "a secret name must start");
        assertInvalid(() -> vault.delete(null), "a secret name is required");

        // the limits themselves are fine
        vault.put("x".repeat(128), "c".repeat(64), "v".toCharArray());
        vault.put("A9_.:/-z", "", "v".toCharArray());
        assertThat(vault.list()).extracting(SecretInfo::category).containsExactly("general", "c".repeat(64));
    }

    static void assertInvalid(Runnable call, String message) {
        DevRigException e = catchThrowableOfType(DevRigException.class, call::run);
        assertThat(e).as("expected INVALID_INPUT: %s", message).isNotNull();
        assertThat(e.code()).isEqualTo(ErrorCodes.INVALID_INPUT);
        assertThat(e.category()).isEqualTo(ErrorCategory.PERMANENT);
        assertThat(e.error().message()).startsWith(message);
    }

    @Test
    void flippingAnyBitOfAStoredNonceCiphertextOrTagMakesTheSecretUnreadable() {
        Vault vault = f.vault();
        vault.put("db/password", null, "correct horse".toCharArray());
        int rejected = 0;
        for (String column : List.of("iv", "encrypted_value", "auth_tag")) {
            String original = f.column("db/password", column);
            byte[] bytes = Base64.getDecoder().decode(original);
            for (int i = 0; i < bytes.length; i++) {
                byte[] copy = bytes.clone();
                copy[i] ^= (byte) (1 << (i % 8));
                f.setColumn("db/password", column, Base64.getEncoder().encodeToString(copy));
                DevRigException e = catchThrowableOfType(DevRigException.class, () -> vault.get("db/password"));
                assertThat(e).as("%s byte %d", column, i).isNotNull();
                assertThat(e.code()).isEqualTo(ErrorCodes.SECRET_UNREADABLE);
                assertThat(e.category()).isEqualTo(ErrorCategory.PERMANENT);
                assertThat(e.error().message()).isEqualTo("secret 'db/password' could not be decrypted: it was altered, "
                        + "moved from another name, or encrypted under another key");
                rejected++;
            }
            f.setColumn("db/password", column, original);
        }
        assertThat(rejected).isEqualTo(12 + 13 + 16);
        assertThat(reveal(vault, "db/password")).isEqualTo("correct horse");
        // a column that is not even base64, or a truncated tag
        f.setColumn("db/password", "auth_tag", "not base64!");
        assertThatThrownBy(() -> vault.get("db/password")).isInstanceOfSatisfying(DevRigException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCodes.SECRET_UNREADABLE));
        f.setColumn("db/password", "auth_tag", Base64.getEncoder().encodeToString(new byte[15]));
        assertThat(vault.list().get(0).masked()).isEqualTo("******** (unreadable)");
    }

    @Test
    void aCiphertextCopiedToAnotherNameDoesNotDecrypt() {
        Vault vault = f.vault();
        vault.put("prod/token", null, "production-value".toCharArray());
        vault.put("dev/token", null, "development-value".toCharArray());
        f.db.write(h -> h.update("UPDATE secrets SET encrypted_value = (SELECT encrypted_value FROM secrets WHERE name = ?), "
                + "iv = (SELECT iv FROM secrets WHERE name = ?), auth_tag = (SELECT auth_tag FROM secrets WHERE name = ?) "
                + "WHERE name = ?", "prod/token", "prod/token", "prod/token", "dev/token"));
        assertThat(f.column("dev/token", "encrypted_value")).isEqualTo(f.column("prod/token", "encrypted_value"));
        assertThatThrownBy(() -> vault.get("dev/token")).isInstanceOfSatisfying(DevRigException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCodes.SECRET_UNREADABLE);
            assertThat(e.error().message()).contains("'dev/token'", "moved from another name");
        });
        assertThat(reveal(vault, "prod/token")).isEqualTo("production-value");
    }

    @Test
    void theKeyFileIsCreatedAtFirstStartOwnerOnly() throws Exception {
        assertThat(f.keyFile).doesNotExist();
        Vault vault = f.vault();
        assertThat(f.keyFile).exists();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(f.keyFile))).isEqualTo("rw-------");
        String content = Files.readString(f.keyFile).trim();
        assertThat(Base64.getDecoder().decode(content)).hasSize(32);
        try (var files = Files.list(f.keyFile.getParent())) {
            assertThat(files).as("no temp file left").containsExactly(f.keyFile);
        }
        Optional<String> check = f.db.read(h -> h.queryOne("SELECT value FROM app_settings WHERE key = ?",
                r -> r.getString(1), Vault.KEY_CHECK_SETTING));
        assertThat(check).get().asString().startsWith("{\"v\":1,\"alg\":\"AES-256-GCM\"");
        HealthResult health = vault.health();
        assertThat(health.status()).isEqualTo(HealthStatus.UP);
        assertThat(health.message()).isEqualTo("0 secrets, key from file " + f.keyFile.toAbsolutePath());
        vault.put("a", null, "v".toCharArray());
        assertThat(vault.health().message()).startsWith("1 secret, ");
        assertThat(vault.health().details()).containsEntry("secrets", 1L)
                .containsEntry("keySource", "file " + f.keyFile.toAbsolutePath());

        // the next start reads the same file and key
        byte[] before = f.keyFileBytes();
        f.restartDatabase();
        Vault again = f.vault();
        assertThat(reveal(again, "a")).isEqualTo("v");
        assertThat(f.keyFileBytes()).isEqualTo(before);
    }

    @Test
    void aWrongKeyIsDetectedAtStartAndChangesNothing() throws Exception {
        Vault vault = f.vault();
        vault.put("one", null, "value-1".toCharArray());
        vault.put("two", "c", "value-2".toCharArray());
        List<List<String>> before = f.snapshot();

        Path other = dir.resolve("other.key");
        Files.writeString(other, VaultFixture.randomKeyBase64() + "\n");
        f.restartDatabase();
        Vault wrong = f.vault(other);
        HealthResult health = wrong.health();
        assertThat(health.status()).isEqualTo(HealthStatus.DOWN);
        String expected = "the secret key in " + other.toAbsolutePath() + " does not match the secrets in the database";
        assertThat(health.message()).startsWith(expected);
        for (Runnable call : List.<Runnable>of(
                () -> wrong.put("one", null, "overwrite".toCharArray()),
                () -> wrong.put("three", null, "new".toCharArray()),
                () -> wrong.get("one"),
                wrong::list,
                () -> wrong.delete("one"),
                wrong::rotateKey)) {
            DevRigException e = catchThrowableOfType(DevRigException.class, call::run);
            assertThat(e).isNotNull();
            assertThat(e.code()).isEqualTo(ErrorCodes.SECRET_KEY_UNAVAILABLE);
            assertThat(e.error().message()).startsWith(expected);
        }
        assertThat(f.snapshot()).as("rows unchanged").isEqualTo(before);
        assertThat(Path.of(other + ".next")).doesNotExist();

        // the right key still opens everything
        assertThat(reveal(f.vault(), "two")).isEqualTo("value-2");
    }

    @Test
    void aMissingKeyFileForAnEncryptedDatabaseIsNotReplacedByANewKey() {
        f.vault().put("one", null, "value-1".toCharArray());
        List<List<String>> before = f.snapshot();
        Path elsewhere = dir.resolve("etc2").resolve("devrig-secrets.key");
        Vault vault = f.vault(elsewhere);
        assertThat(vault.health().status()).isEqualTo(HealthStatus.DOWN);
        assertThat(vault.health().message()).contains("is missing", elsewhere.toAbsolutePath().toString());
        assertThat(elsewhere).doesNotExist();
        assertThatThrownBy(() -> vault.get("one")).isInstanceOfSatisfying(DevRigException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCodes.SECRET_KEY_UNAVAILABLE));
        assertThat(f.snapshot()).isEqualTo(before);
    }

    @Test
    void aMalformedKeyFileIsReportedWithoutItsContent() throws Exception {
        Files.createDirectories(f.keyFile.getParent());
        Files.writeString(f.keyFile, "definitely-not@base64\n");
        Vault vault = f.vault();
        assertThat(vault.health().status()).isEqualTo(HealthStatus.DOWN);
        assertThat(vault.health().message()).contains("is not valid base64").doesNotContain("definitely");
        Files.writeString(f.keyFile, Base64.getEncoder().encodeToString(new byte[16]));
        assertThat(f.vault().health().message()).contains("must hold the base64 of 32 bytes");
    }

    @Test
    void theEnvironmentKeyIsUsedAndNeverRotatedByDevRig() {
        String key = VaultFixture.randomKeyBase64();
        Vault vault = f.vaultWithEnvironment(key);
        vault.put("one", null, "value-1".toCharArray());
        assertThat(reveal(vault, "one")).isEqualTo("value-1");
        assertThat(f.keyFile).as("no key file with the environment key").doesNotExist();
        assertThat(vault.health().message()).isEqualTo("1 secret, key from environment");
        assertThat(vault.health().details()).containsEntry("keySource", "environment");

        DevRigException refused = catchThrowableOfType(DevRigException.class, vault::rotateKey);
        assertThat(refused.code()).isEqualTo(ErrorCodes.INVALID_INPUT);
        assertThat(refused.category()).isEqualTo(ErrorCategory.PERMANENT);
        assertThat(refused.error().message()).contains("DEVRIG_SECRETS_KEY", "rotated by the operator");
        assertThat(reveal(vault, "one")).isEqualTo("value-1");

        // the same value again (a restart) opens it, with surrounding whitespace too
        f.restartDatabase();
        assertThat(reveal(f.vaultWithEnvironment(" " + key + "\n"), "one")).isEqualTo("value-1");
        // another environment key does not
        Vault wrong = f.vaultWithEnvironment(VaultFixture.randomKeyBase64());
        assertThat(wrong.health().message()).startsWith(
                "the secret key in the environment variable DEVRIG_SECRETS_KEY does not match the secrets in the database");
    }

    @Test
    void aMalformedEnvironmentKeyNamesTheVariableButNotTheValue() {
        String shortKey = Base64.getEncoder().encodeToString("sixteen byte key".getBytes());
        for (String malformed : List.of("not~base64~at~all", shortKey, "   ")) {
            Vault vault = f.vaultWithEnvironment(malformed);
            HealthResult health = vault.health();
            assertThat(health.status()).isEqualTo(HealthStatus.DOWN);
            assertThat(health.message()).contains("DEVRIG_SECRETS_KEY");
            DevRigException e = catchThrowableOfType(DevRigException.class, () -> vault.put("a", null, "v".toCharArray()));
            assertThat(e.code()).isEqualTo(ErrorCodes.SECRET_KEY_UNAVAILABLE);
            assertThat(e.error().message()).contains("DEVRIG_SECRETS_KEY");
            if (!malformed.isBlank()) {
                assertThat(e.getMessage().contains(malformed)).as("the value is not in the message").isFalse();
                assertThat(health.message().contains(malformed)).isFalse();
                assertThat(e.getMessage().contains("~")).as("not even one character of it").isFalse();
            }
            assertThat(e.getCause()).isNull();
        }
        assertThat(f.keyFile).doesNotExist();
    }

    @Test
    void secretsFromBeforeTheKeyCheckExistedAreCheckedAgainstTheKey() {
        Vault vault = f.vault();
        vault.put("one", null, "value-1".toCharArray());
        f.db.write(h -> h.update("DELETE FROM app_settings WHERE key = ?", Vault.KEY_CHECK_SETTING));
        // the right key: the check is written again
        assertThat(reveal(f.vault(), "one")).isEqualTo("value-1");
        Optional<Long> checks = f.db.read(h -> h.queryLong("SELECT count(*) FROM app_settings WHERE key = ?",
                Vault.KEY_CHECK_SETTING));
        assertThat(checks).contains(1L);
        // a wrong key without a check: detected by the secrets themselves, nothing written
        f.db.write(h -> h.update("DELETE FROM app_settings WHERE key = ?", Vault.KEY_CHECK_SETTING));
        List<List<String>> before = f.snapshot();
        assertThat(f.vaultWithEnvironment(VaultFixture.randomKeyBase64()).health().status()).isEqualTo(HealthStatus.DOWN);
        assertThat(f.snapshot()).isEqualTo(before);
    }

    @Test
    void aMalformedKeyCheckMakesTheVaultUnavailable() {
        f.vault().put("one", null, "value-1".toCharArray());
        f.db.write(h -> h.update("UPDATE app_settings SET value = ? WHERE key = ?", "{}", Vault.KEY_CHECK_SETTING));
        Vault vault = f.vault();
        assertThat(vault.health().status()).isEqualTo(HealthStatus.DOWN);
        assertThat(vault.health().message()).contains("secrets.keycheck", "malformed");
        assertThatThrownBy(() -> vault.get("one")).isInstanceOfSatisfying(DevRigException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCodes.SECRET_KEY_UNAVAILABLE));
    }

    @Test
    void getOfAMissingNameIsEmpty() {
        Optional<SecretValue> none = f.vault().get("nothing-here");
        assertThat(none).isEmpty();
    }
}
