package io.devrig.secrets.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.devrig.api.error.DevRigException;
import io.devrig.api.error.ErrorCategory;
import io.devrig.api.error.ErrorCodes;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HashSet;
import java.util.Set;
import javax.crypto.SecretKey;
import org.junit.jupiter.api.Test;

class AesGcmTest {

    final AesGcm gcm = new AesGcm(new SecureRandom());
    final SecretKey key = gcm.newKey();

    /** The 96 bits of a nonce as a small value: a million of them fit in a HashSet cheaply. */
    record Nonce(long high, int low) {
        static Nonce of(byte[] n) {
            long high = 0;
            for (int i = 0; i < 8; i++) {
                high = (high << 8) | (n[i] & 0xFF);
            }
            int low = 0;
            for (int i = 8; i < 12; i++) {
                low = (low << 8) | (n[i] & 0xFF);
            }
            return new Nonce(high, low);
        }
    }

    @Test
    void aMillionEncryptionsNeverRepeatANonce() {
        int count = 1_000_000;
        Set<Nonce> seen = new HashSet<>(count * 2);
        byte[] plaintext = "v".getBytes(StandardCharsets.UTF_8);
        byte[] aad = AesGcm.secretAad("n");
        for (int i = 0; i < count; i++) {
            byte[] nonce = gcm.encrypt(key, plaintext, aad).nonce();
            assertThat(nonce).hasSize(AesGcm.NONCE_BYTES);
            if (!seen.add(Nonce.of(nonce))) {
                throw new AssertionError("nonce repeated after " + i + " encryptions");
            }
        }
        assertThat(seen).hasSize(count);
    }

    @Test
    void storesCiphertextWithoutTagAndA12ByteNonceAnd16ByteTag() throws Exception {
        byte[] plaintext = "twenty-one characters".getBytes(StandardCharsets.UTF_8);
        AesGcm.Sealed sealed = gcm.encryptSecret(key, "github/token", plaintext);
        assertThat(sealed.nonce()).hasSize(12);
        assertThat(sealed.tag()).hasSize(16);
        assertThat(sealed.ciphertext()).hasSize(plaintext.length).isNotEqualTo(plaintext);
        assertThat(gcm.decryptSecret(key, "github/token", sealed)).isEqualTo(plaintext);
        // the same value twice gives different ciphertexts (fresh nonce)
        assertThat(gcm.encryptSecret(key, "github/token", plaintext).ciphertext()).isNotEqualTo(sealed.ciphertext());
        assertThat(AesGcm.Sealed.fromBase64(sealed.ciphertextBase64(), sealed.nonceBase64(), sealed.tagBase64())
                .ciphertext()).isEqualTo(sealed.ciphertext());
    }

    @Test
    void flippingAnyBitOfNonceCiphertextOrTagIsRejected() {
        String name = "db/password";
        AesGcm.Sealed sealed = gcm.encryptSecret(key, name, "a value of some length".getBytes(StandardCharsets.UTF_8));
        int rejected = 0;
        for (int part = 0; part < 3; part++) {
            byte[][] parts = {sealed.nonce(), sealed.ciphertext(), sealed.tag()};
            for (int i = 0; i < parts[part].length; i++) {
                for (int bit = 0; bit < 8; bit++) {
                    byte[][] copy = {sealed.nonce(), sealed.ciphertext(), sealed.tag()};
                    copy[part][i] ^= (byte) (1 << bit);
                    AesGcm.Sealed tampered = new AesGcm.Sealed(copy[0], copy[1], copy[2]);
                    DevRigException e = catchThrowableOfType(DevRigException.class,
                            () -> gcm.decryptSecret(key, name, tampered));
                    assertThat(e).as("part %d byte %d bit %d", part, i, bit).isNotNull();
                    assertThat(e.code()).isEqualTo(ErrorCodes.SECRET_UNREADABLE);
                    rejected++;
                }
            }
        }
        assertThat(rejected).isEqualTo((12 + 22 + 16) * 8);
    }

    @Test
    void theNameIsBoundAsAssociatedData() {
        AesGcm.Sealed sealed = gcm.encryptSecret(key, "prod/token", "v".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> gcm.decryptSecret(key, "dev/token", sealed))
                .isInstanceOfSatisfying(DevRigException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCodes.SECRET_UNREADABLE);
                    assertThat(e.category()).isEqualTo(ErrorCategory.PERMANENT);
                    assertThat(e.error().message()).isEqualTo("secret 'dev/token' could not be decrypted: it was altered, "
                            + "moved from another name, or encrypted under another key");
                });
    }

    @Test
    void anotherKeyDoesNotDecrypt() {
        AesGcm.Sealed sealed = gcm.encryptSecret(key, "n", "v".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> gcm.decryptSecret(gcm.newKey(), "n", sealed))
                .isInstanceOfSatisfying(DevRigException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCodes.SECRET_UNREADABLE));
    }

    @Test
    void malformedPartsAndKeysAreRefusedWithoutShowingThem() {
        assertThatThrownBy(() -> new AesGcm.Sealed(new byte[11], new byte[1], new byte[16]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("nonce");
        assertThatThrownBy(() -> new AesGcm.Sealed(new byte[12], new byte[1], new byte[15]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("tag");
        assertThatThrownBy(() -> AesGcm.key(new byte[16])).hasMessage("an AES-256 key is 32 bytes");
        assertThat(new AesGcm.Sealed(new byte[12], new byte[5], new byte[16]).toString()).isEqualTo("Sealed[5 bytes]");
    }
}
