package io.devrig.secrets.internal;

import io.devrig.api.error.DevRigException;
import io.devrig.api.error.ErrorCategory;
import io.devrig.api.error.ErrorCodes;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Objects;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-256-GCM with a fresh random 96-bit nonce per encryption and a 128-bit tag.
 * A secret's name is bound as associated data, so a ciphertext copied to another
 * row does not decrypt. Plain Java and thread-safe (a Cipher per call: Cipher
 * objects are not thread-safe, and a ThreadLocal would pin this bundle's classes
 * to pool threads after a bundle update).
 */
public final class AesGcm {

    public static final int KEY_BYTES = 32;
    public static final int NONCE_BYTES = 12;
    public static final int TAG_BYTES = 16;

    private static final String TRANSFORMATION = "AES/GCM/NoPadding";
    private static final String SECRET_AAD_PREFIX = "devrig-secret:v1:";

    private final SecureRandom random;

    /** {@code random} draws every nonce and every new key. */
    public AesGcm(SecureRandom random) {
        this.random = Objects.requireNonNull(random, "random");
    }

    /** A new random 256-bit key. */
    public SecretKey newKey() {
        byte[] bytes = new byte[KEY_BYTES];
        random.nextBytes(bytes);
        try {
            return new SecretKeySpec(bytes, "AES"); // copies the bytes
        } finally {
            Arrays.fill(bytes, (byte) 0);
        }
    }

    /**
     * A key from its 32 raw bytes (the caller wipes {@code bytes}).
     *
     * @throws IllegalArgumentException when there are not exactly 32 bytes (the message never shows them)
     */
    public static SecretKey key(byte[] bytes) {
        if (bytes == null || bytes.length != KEY_BYTES) {
            throw new IllegalArgumentException("an AES-256 key is " + KEY_BYTES + " bytes");
        }
        return new SecretKeySpec(bytes, "AES");
    }

    /** The associated data binding a ciphertext to a secret's name. */
    public static byte[] secretAad(String name) {
        return (SECRET_AAD_PREFIX + name).getBytes(StandardCharsets.UTF_8);
    }

    /** Encrypts a secret's value, bound to its name. */
    public Sealed encryptSecret(SecretKey key, String name, byte[] plaintext) {
        return encrypt(key, plaintext, secretAad(name));
    }

    /**
     * Decrypts a secret's value; the caller wipes the result.
     *
     * @throws DevRigException {@code SECRET_UNREADABLE} when authentication fails
     */
    public byte[] decryptSecret(SecretKey key, String name, Sealed sealed) {
        try {
            return decrypt(key, sealed, secretAad(name));
        } catch (GeneralSecurityException e) {
            // the cause is left out on purpose: provider messages are not ours to vouch for
            throw unreadable(name);
        }
    }

    /** The error for a stored value that fails authentication (it never contains the value). */
    public static DevRigException unreadable(String name) {
        return new DevRigException(ErrorCodes.SECRET_UNREADABLE, ErrorCategory.PERMANENT, "secret '" + name
                + "' could not be decrypted: it was altered, moved from another name, or encrypted under another key");
    }

    /** Encrypts under a fresh nonce. */
    public Sealed encrypt(SecretKey key, byte[] plaintext, byte[] aad) {
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        byte[] out = null;
        try {
            Cipher cipher = Cipher.getInstance(TRANSFORMATION);
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BYTES * 8, nonce));
            cipher.updateAAD(aad);
            out = cipher.doFinal(plaintext); // ciphertext followed by the tag
            int length = out.length - TAG_BYTES;
            return new Sealed(nonce, Arrays.copyOfRange(out, 0, length), Arrays.copyOfRange(out, length, out.length));
        } catch (GeneralSecurityException e) {
            // AES/GCM is mandatory in every Java runtime: this is a broken installation
            throw new IllegalStateException("AES/GCM encryption failed: " + e.getClass().getSimpleName());
        } finally {
            if (out != null) {
                Arrays.fill(out, (byte) 0);
            }
        }
    }

    /**
     * Decrypts and authenticates; the caller wipes the result.
     *
     * @throws GeneralSecurityException when the key, nonce, ciphertext, tag or associated data do not match
     */
    public byte[] decrypt(SecretKey key, Sealed sealed, byte[] aad) throws GeneralSecurityException {
        byte[] input = new byte[sealed.ciphertext.length + TAG_BYTES];
        System.arraycopy(sealed.ciphertext, 0, input, 0, sealed.ciphertext.length);
        System.arraycopy(sealed.tag, 0, input, sealed.ciphertext.length, TAG_BYTES);
        Cipher cipher = Cipher.getInstance(TRANSFORMATION);
        cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BYTES * 8, sealed.nonce));
        cipher.updateAAD(aad);
        return cipher.doFinal(input);
    }

    /**
     * What is stored for one encryption: the nonce, the ciphertext without the tag, and
     * the tag. Not a record, so that no generated toString or equals looks at the bytes.
     */
    public static final class Sealed {

        private final byte[] nonce;
        private final byte[] ciphertext;
        private final byte[] tag;

        /** @throws IllegalArgumentException when the nonce or tag has the wrong length */
        public Sealed(byte[] nonce, byte[] ciphertext, byte[] tag) {
            if (nonce == null || nonce.length != NONCE_BYTES) {
                throw new IllegalArgumentException("the nonce must be " + NONCE_BYTES + " bytes");
            }
            if (tag == null || tag.length != TAG_BYTES) {
                throw new IllegalArgumentException("the tag must be " + TAG_BYTES + " bytes");
            }
            this.nonce = nonce.clone();
            this.ciphertext = Objects.requireNonNull(ciphertext, "ciphertext").clone();
            this.tag = tag.clone();
        }

        /**
         * Reads the three base64 columns of a stored row.
         *
         * @throws IllegalArgumentException when a column is not base64 or has the wrong length
         */
        public static Sealed fromBase64(String ciphertext, String nonce, String tag) {
            java.util.Base64.Decoder decoder = java.util.Base64.getDecoder();
            if (ciphertext == null || nonce == null || tag == null) {
                throw new IllegalArgumentException("a stored column is missing");
            }
            return new Sealed(decoder.decode(nonce), decoder.decode(ciphertext), decoder.decode(tag));
        }

        public byte[] nonce() {
            return nonce.clone();
        }

        public byte[] ciphertext() {
            return ciphertext.clone();
        }

        public byte[] tag() {
            return tag.clone();
        }

        public String nonceBase64() {
            return java.util.Base64.getEncoder().encodeToString(nonce);
        }

        public String ciphertextBase64() {
            return java.util.Base64.getEncoder().encodeToString(ciphertext);
        }

        public String tagBase64() {
            return java.util.Base64.getEncoder().encodeToString(tag);
        }

        @Override
        public String toString() {
            return "Sealed[" + ciphertext.length + " bytes]";
        }
    }
}
