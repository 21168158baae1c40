package io.devrig.api.secrets;

import java.util.Arrays;

/**
 * A decrypted secret. Its {@link #toString()} is masked, so it can be logged or put in
 * an exception by mistake without leaking; {@link #close()} wipes the characters.
 */
public final class SecretValue implements AutoCloseable {

    private final char[] value;

    /** Takes ownership of {@code value} (the array is wiped on {@link #close()}). */
    public SecretValue(char[] value) {
        this.value = value;
    }

    /** A copy of the characters; clear it when done. */
    public char[] chars() {
        return value.clone();
    }

    /** The value as a String, for APIs that need one (it cannot be wiped). */
    public String reveal() {
        return new String(value);
    }

    public int length() {
        return value.length;
    }

    @Override
    public void close() {
        Arrays.fill(value, '\0');
    }

    @Override
    public String toString() {
        return "SecretValue[********]";
    }
}
