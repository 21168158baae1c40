package io.devrig.secrets.internal;

import io.devrig.api.error.DevRigException;
import java.nio.file.Path;
import java.util.Map;
import javax.crypto.SecretKey;

/**
 * Where the vault's key comes from: never the database, so that a copy of the data
 * folder (database and backups) does not carry the key that opens it.
 */
public sealed interface KeySource permits EnvironmentKey, KeyStoreFile {

    /** The environment variable that, when set, holds the key and wins over the key file. */
    String ENVIRONMENT_VARIABLE = "DEVRIG_SECRETS_KEY";

    /**
     * The environment variable when it is set, else the key file.
     *
     * @param environment the process environment ({@code System.getenv()}; tests pass a map)
     * @param keyFile the key file to use when the variable is not set
     */
    static KeySource select(Map<String, String> environment, Path keyFile) {
        String value = environment.get(ENVIRONMENT_VARIABLE);
        if (value != null) {
            return new EnvironmentKey(value);
        }
        return new KeyStoreFile(keyFile);
    }

    /**
     * Reads the key.
     *
     * @throws DevRigException {@code SECRET_KEY_UNAVAILABLE} when it is missing or malformed
     *         (the message names the variable or file, never its content)
     */
    SecretKey load();

    /** For the health check: {@code file <path>} or {@code environment}. */
    String description();

    /** For messages: the file path, or the environment variable's name. */
    String location();
}
