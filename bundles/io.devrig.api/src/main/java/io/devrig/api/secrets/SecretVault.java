package io.devrig.api.secrets;

import java.util.List;
import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Named secrets, encrypted at rest. Published by the {@code io.devrig.secrets} bundle
 * for the core and the admin faces (shell, web console); plugins reach secrets only
 * through their permission-checked SDK.
 *
 * <p>Failures are {@link io.devrig.api.error.DevRigException}s: {@code INVALID_INPUT} for
 * a bad name or empty value, {@code SECRET_UNREADABLE} when a stored value fails
 * authentication (tampered, moved to another name, or encrypted under another key),
 * {@code SECRET_KEY_UNAVAILABLE} when the vault has no usable key. No message ever
 * contains a secret value.
 */
@ProviderType
public interface SecretVault {

    /**
     * Creates or replaces a secret.
     *
     * @param name 1-128 characters: letters, digits and {@code _ . - : /}, starting with a letter or digit
     * @param category free text for grouping (e.g. {@code github}), null for {@code general}
     * @param value the value; the caller should clear the array afterwards
     */
    void put(String name, String category, char[] value);

    /** The decrypted value, or empty when no secret has that name. */
    Optional<SecretValue> get(String name);

    /** Every secret's name, category and masked summary, sorted by name; never a value. */
    List<SecretInfo> list();

    /** Deletes a secret; false when there was none. */
    boolean delete(String name);

    /**
     * Generates a new key and re-encrypts every secret under it in one transaction.
     *
     * @return the number of secrets re-encrypted
     */
    int rotateKey();
}
