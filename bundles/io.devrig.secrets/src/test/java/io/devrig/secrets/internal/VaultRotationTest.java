package io.devrig.secrets.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.devrig.api.error.DevRigException;
import io.devrig.api.error.ErrorCodes;
import io.devrig.api.health.HealthStatus;
import io.devrig.api.secrets.SecretValue;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import javax.crypto.SecretKey;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VaultRotationTest {

    static final int SECRETS = 100;

    @TempDir
    Path dir;
    VaultFixture f;
    Vault vault;

    @BeforeEach
    void setUp() {
        f = new VaultFixture(dir);
        vault = f.vault();
        for (int i = 0; i < SECRETS; i++) {
            vault.put(name(i), i % 2 == 0 ? "even" : null, value(i).toCharArray());
        }
    }

    @AfterEach
    void tearDown() {
        f.close();
    }

    static String name(int i) {
        return String.format("service-%03d/token", i);
    }

    static String value(int i) {
        return "value-" + i + "-" + "x".repeat(i % 17);
    }

    void assertAllReadable(Vault v) {
        for (int i = 0; i < SECRETS; i++) {
            try (SecretValue secret = v.get(name(i)).orElseThrow()) {
                assertThat(secret.reveal()).as(name(i)).isEqualTo(value(i));
            }
        }
    }

    /** Whether a key (outside any vault) decrypts a stored secret. */
    boolean decrypts(SecretKey key, String name) {
        AesGcm.Sealed sealed = AesGcm.Sealed.fromBase64(f.column(name, "encrypted_value"), f.column(name, "iv"),
                f.column(name, "auth_tag"));
        try {
            new AesGcm(f.random).decryptSecret(key, name, sealed);
            return true;
        } catch (DevRigException e) {
            return false;
        }
    }

    static final class SimulatedCrash extends RuntimeException {
        private static final long serialVersionUID = 1L;
    }

    @Test
    void rotationReencryptsEverySecretUnderANewKeyInTheKeyFile() throws Exception {
        SecretKey oldKey = f.keyStore().load();
        byte[] oldFile = f.keyFileBytes();
        List<List<String>> before = f.snapshot();
        f.tick();

        assertThat(vault.rotateKey()).isEqualTo(SECRETS);

        assertThat(f.keyFileBytes()).as("the key file changed").isNotEqualTo(oldFile);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(f.keyFile))).isEqualTo("rw-------");
        assertThat(f.keyStore().nextPath()).doesNotExist();
        assertAllReadable(vault);
        SecretKey newKey = f.keyStore().load();
        for (int i = 0; i < SECRETS; i++) {
            assertThat(decrypts(oldKey, name(i))).as("old key on %s", name(i)).isFalse();
            assertThat(decrypts(newKey, name(i))).isTrue();
        }
        // every ciphertext and nonce changed; ids, names, categories and timestamps did not
        List<List<String>> after = f.snapshot();
        for (int i = 0; i < SECRETS; i++) {
            List<String> was = before.get(i);
            List<String> now = after.get(i);
            assertThat(now.get(2)).isNotEqualTo(was.get(2));
            assertThat(now.get(3)).isNotEqualTo(was.get(3));
            assertThat(List.of(now.get(0), now.get(1), now.get(5), now.get(6), now.get(7)))
                    .isEqualTo(List.of(was.get(0), was.get(1), was.get(5), was.get(6), was.get(7)));
        }
        // the old key file no longer opens the database; the new one does after a restart
        Path oldCopy = dir.resolve("old.key");
        Files.write(oldCopy, oldFile);
        f.restartDatabase();
        assertThat(f.vault(oldCopy).health().status()).isEqualTo(HealthStatus.DOWN);
        Vault restarted = f.vault();
        assertThat(restarted.health().status()).isEqualTo(HealthStatus.UP);
        assertAllReadable(restarted);
        // and it can rotate again
        assertThat(restarted.rotateKey()).isEqualTo(SECRETS);
        assertAllReadable(restarted);
    }

    @Test
    void aCrashAfterTheCommitIsFinishedAtTheNextStart() throws Exception {
        byte[] oldFile = f.keyFileBytes();
        Vault.RotationHooks crashAfterCommit = new Vault.RotationHooks() {
            @Override
            public void committed() {
                throw new SimulatedCrash();
            }
        };
        assertThatThrownBy(() -> vault.rotateKey(crashAfterCommit)).isInstanceOf(SimulatedCrash.class);
        Path next = f.keyStore().nextPath();
        assertThat(next).exists();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(next))).isEqualTo("rw-------");
        assertThat(f.keyFileBytes()).as("not moved yet").isEqualTo(oldFile);
        byte[] nextFile = Files.readAllBytes(next);

        f.restartDatabase();
        Vault restarted = f.vault();
        assertThat(restarted.health().status()).isEqualTo(HealthStatus.UP);
        assertThat(next).doesNotExist();
        assertThat(f.keyFileBytes()).as("the new key moved into place").isEqualTo(nextFile);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(f.keyFile))).isEqualTo("rw-------");
        assertAllReadable(restarted);
    }

    @Test
    void aStaleNextKeyFromARotationThatDidNotCommitIsDiscarded() throws Exception {
        byte[] oldFile = f.keyFileBytes();
        List<List<String>> before = f.snapshot();
        Vault.RotationHooks crashBeforeTransaction = new Vault.RotationHooks() {
            @Override
            public void nextKeyWritten() {
                throw new SimulatedCrash();
            }
        };
        assertThatThrownBy(() -> vault.rotateKey(crashBeforeTransaction)).isInstanceOf(SimulatedCrash.class);
        Path next = f.keyStore().nextPath();
        assertThat(next).exists();
        assertThat(f.snapshot()).isEqualTo(before);

        f.restartDatabase();
        Vault restarted = f.vault();
        assertThat(restarted.health().status()).isEqualTo(HealthStatus.UP);
        assertThat(next).doesNotExist();
        assertThat(f.keyFileBytes()).isEqualTo(oldFile);
        assertThat(f.snapshot()).isEqualTo(before);
        assertAllReadable(restarted);
    }

    @Test
    void aForeignNextFileThatOpensNothingIsLeftAlone() throws Exception {
        Path next = f.keyStore().nextPath();
        Files.writeString(next, VaultFixture.randomKeyBase64());
        // the current key still matches: the stray .next is treated as a rotation that did not commit
        f.restartDatabase();
        assertThat(f.vault().health().status()).isEqualTo(HealthStatus.UP);
        assertThat(next).doesNotExist();

        // neither the key file nor .next opens the database: both stay, the vault is DOWN
        Files.writeString(next, VaultFixture.randomKeyBase64());
        Path otherKey = dir.resolve("other").resolve("devrig-secrets.key");
        Files.createDirectories(otherKey.getParent());
        Files.writeString(otherKey, VaultFixture.randomKeyBase64());
        Path otherNext = Path.of(otherKey + ".next");
        Files.copy(next, otherNext);
        Vault wrong = f.vault(otherKey);
        assertThat(wrong.health().status()).isEqualTo(HealthStatus.DOWN);
        assertThat(otherKey).exists();
        assertThat(otherNext).exists();
    }

    @Test
    void aSecretThatCannotBeDecryptedAbortsTheRotationAndChangesNothing() throws Exception {
        String iv = f.column(name(42), "iv");
        byte[] tampered = Base64.getDecoder().decode(iv);
        tampered[0] ^= 1;
        f.setColumn(name(42), "iv", Base64.getEncoder().encodeToString(tampered));
        byte[] oldFile = f.keyFileBytes();
        List<List<String>> before = f.snapshot();

        DevRigException e = catchThrowableOfType(DevRigException.class, vault::rotateKey);
        assertThat(e.code()).isEqualTo(ErrorCodes.SECRET_UNREADABLE);
        assertThat(e.error().message()).startsWith("key rotation aborted, nothing was changed: secret '" + name(42) + "'");

        assertThat(f.snapshot()).isEqualTo(before);
        assertThat(f.keyFileBytes()).isEqualTo(oldFile);
        assertThat(f.keyStore().nextPath()).doesNotExist();
        assertThat(vault.get(name(7)).orElseThrow().reveal()).isEqualTo(value(7));
    }

    @Test
    void putsRacingARotationStayReadable() throws Exception {
        // puts racing a rotation must never be encrypted under the key being replaced
        Thread writer = new Thread(() -> {
            for (int i = 0; i < 50; i++) {
                vault.put("race-" + i, null, ("race-value-" + i).toCharArray());
            }
        });
        writer.start();
        vault.rotateKey();
        writer.join();
        f.restartDatabase();
        Vault restarted = f.vault();
        for (int i = 0; i < 50; i++) {
            assertThat(restarted.get("race-" + i).orElseThrow().reveal()).isEqualTo("race-value-" + i);
        }
        assertThat(restarted.list()).hasSize(SECRETS + 50)
                .allSatisfy(info -> assertThat(info.masked()).doesNotContain("unreadable"));
    }

    @Test
    void theEnvironmentKeyIsNotRotated() {
        Vault env = Vault.open(f.db, KeySource.select(Map.of(KeySource.ENVIRONMENT_VARIABLE,
                VaultFixture.randomKeyBase64()), f.keyFile), f.clock, f.random);
        // (a different key than the file's: the vault is DOWN, but the refusal comes first and says why)
        DevRigException e = catchThrowableOfType(DevRigException.class, env::rotateKey);
        assertThat(e.code()).isEqualTo(ErrorCodes.INVALID_INPUT);
        assertThat(e.error().message()).contains("DEVRIG_SECRETS_KEY");
    }
}
