package io.devrig.secrets.internal;

import io.devrig.api.error.DevRigException;
import io.devrig.api.error.ErrorCategory;
import io.devrig.api.error.ErrorCodes;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.SecretKey;

/**
 * The key from the environment variable {@value KeySource#ENVIRONMENT_VARIABLE}: the
 * base64 of 32 bytes. The operator owns it, so DevRig never rotates it.
 */
public final class EnvironmentKey implements KeySource {

    private final String value;

    EnvironmentKey(String value) {
        this.value = value;
    }

    @Override
    public SecretKey load() {
        byte[] text = value.trim().getBytes(StandardCharsets.US_ASCII);
        byte[] raw = null;
        try {
            if (text.length == 0) {
                throw malformed("is set but empty");
            }
            try {
                raw = Base64.getDecoder().decode(text);
            } catch (IllegalArgumentException e) {
                // no cause: the decoder's message quotes the offending character of the key
                throw malformed("is not valid base64");
            }
            if (raw.length != AesGcm.KEY_BYTES) {
                throw malformed("must decode to " + AesGcm.KEY_BYTES + " bytes");
            }
            return AesGcm.key(raw);
        } finally {
            Arrays.fill(text, (byte) 0);
            if (raw != null) {
                Arrays.fill(raw, (byte) 0);
            }
        }
    }

    private static DevRigException malformed(String problem) {
        return new DevRigException(ErrorCodes.SECRET_KEY_UNAVAILABLE, ErrorCategory.PERMANENT,
                "the environment variable " + ENVIRONMENT_VARIABLE + " " + problem
                        + ": it must hold the base64 encoding of a 32-byte key (e.g. openssl rand -base64 32)");
    }

    @Override
    public String description() {
        return "environment";
    }

    @Override
    public String location() {
        return "the environment variable " + ENVIRONMENT_VARIABLE;
    }

    @Override
    public String toString() {
        return "EnvironmentKey[" + ENVIRONMENT_VARIABLE + "]";
    }
}
