package io.devrig.auth.internal;

import java.security.SecureRandom;

/** Random passwords from an alphabet without look-alike characters (no 0/O, 1/l/I). */
final class PasswordGenerator {

    static final String ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
    /** 24 characters of a 57-letter alphabet: about 140 bits. */
    static final int LENGTH = 24;

    private final SecureRandom random;

    PasswordGenerator(SecureRandom random) {
        this.random = random;
    }

    char[] next() {
        char[] out = new char[LENGTH];
        for (int i = 0; i < out.length; i++) {
            out[i] = ALPHABET.charAt(random.nextInt(ALPHABET.length()));
        }
        return out;
    }
}
