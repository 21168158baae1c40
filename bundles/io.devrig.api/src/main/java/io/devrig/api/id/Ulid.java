package io.devrig.api.id;

import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;

/**
 * A ULID (Universally Unique Lexicographically Sortable Identifier): a 48-bit
 * millisecond timestamp followed by 80 random bits, written as 26 characters of
 * Crockford base32. Ids sort by creation time both as values and as text, which
 * keeps SQLite primary-key indexes append-mostly.
 *
 * <p>Immutable value type; parsing is case-insensitive and strict otherwise.
 */
public final class Ulid implements Comparable<Ulid>, Serializable {

    private static final long serialVersionUID = 1L;

    /** Length of the text form. */
    public static final int LENGTH = 26;

    /** Largest timestamp a ULID can carry (2^48 - 1 ms, year 10889). */
    public static final long MAX_TIMESTAMP = 0xFFFF_FFFF_FFFFL;

    private static final char[] ENCODE = "0123456789ABCDEFGHJKMNPQRSTVWXYZ".toCharArray();
    private static final byte[] DECODE = new byte[128];

    static {
        java.util.Arrays.fill(DECODE, (byte) -1);
        for (int i = 0; i < ENCODE.length; i++) {
            DECODE[ENCODE[i]] = (byte) i;
            DECODE[Character.toLowerCase(ENCODE[i])] = (byte) i;
        }
    }

    private final long msb;
    private final long lsb;

    private Ulid(long msb, long lsb) {
        this.msb = msb;
        this.lsb = lsb;
    }

    /**
     * Builds a ULID from a timestamp and 80 bits of randomness.
     *
     * @param timestampMillis milliseconds since the epoch, 0..{@link #MAX_TIMESTAMP}
     * @param random exactly 10 bytes
     */
    public static Ulid of(long timestampMillis, byte[] random) {
        if (timestampMillis < 0 || timestampMillis > MAX_TIMESTAMP) {
            throw new IllegalArgumentException("ULID timestamp out of range: " + timestampMillis);
        }
        Objects.requireNonNull(random, "random");
        if (random.length != 10) {
            throw new IllegalArgumentException("ULID randomness must be 10 bytes, got " + random.length);
        }
        long msb = timestampMillis << 16 | (random[0] & 0xFFL) << 8 | (random[1] & 0xFFL);
        long lsb = 0;
        for (int i = 2; i < 10; i++) {
            lsb = lsb << 8 | (random[i] & 0xFFL);
        }
        return new Ulid(msb, lsb);
    }

    /** Builds a ULID from its 16-byte binary form (big-endian). */
    public static Ulid fromBytes(byte[] bytes) {
        Objects.requireNonNull(bytes, "bytes");
        if (bytes.length != 16) {
            throw new IllegalArgumentException("ULID binary form must be 16 bytes, got " + bytes.length);
        }
        long msb = 0;
        long lsb = 0;
        for (int i = 0; i < 8; i++) {
            msb = msb << 8 | (bytes[i] & 0xFFL);
            lsb = lsb << 8 | (bytes[i + 8] & 0xFFL);
        }
        return new Ulid(msb, lsb);
    }

    /**
     * Parses the 26-character text form.
     *
     * @throws IllegalArgumentException when the text is not a ULID; the message
     *         says why without echoing long input
     */
    public static Ulid parse(CharSequence text) {
        Objects.requireNonNull(text, "text");
        if (text.length() != LENGTH) {
            throw new IllegalArgumentException("a ULID has " + LENGTH + " characters, got " + text.length());
        }
        int first = digit(text, 0);
        if (first > 7) {
            // 26 * 5 = 130 bits; the two top bits must be zero
            throw new IllegalArgumentException("ULID out of range: first character must be 0-7");
        }
        long msb = 0;
        long lsb = 0;
        // process the 130-bit number 5 bits at a time, shifting through (msb, lsb)
        for (int i = 0; i < LENGTH; i++) {
            int d = digit(text, i);
            msb = msb << 5 | lsb >>> 59;
            lsb = lsb << 5 | d;
        }
        return new Ulid(msb, lsb);
    }

    /** Whether {@code text} is a well-formed ULID. */
    public static boolean isValid(CharSequence text) {
        if (text == null || text.length() != LENGTH) {
            return false;
        }
        for (int i = 0; i < LENGTH; i++) {
            char c = text.charAt(i);
            if (c >= 128 || DECODE[c] < 0) {
                return false;
            }
        }
        return DECODE[text.charAt(0)] <= 7;
    }

    private static int digit(CharSequence text, int index) {
        char c = text.charAt(index);
        int d = c < 128 ? DECODE[c] : -1;
        if (d < 0) {
            throw new IllegalArgumentException("invalid ULID character at position " + index);
        }
        return d;
    }

    /** Milliseconds since the epoch at which this id was made. */
    public long timestamp() {
        return msb >>> 16;
    }

    /** {@link #timestamp()} as an instant. */
    public Instant instant() {
        return Instant.ofEpochMilli(timestamp());
    }

    /** The 16-byte big-endian binary form. */
    public byte[] toBytes() {
        byte[] out = new byte[16];
        for (int i = 0; i < 8; i++) {
            out[i] = (byte) (msb >>> (56 - 8 * i));
            out[i + 8] = (byte) (lsb >>> (56 - 8 * i));
        }
        return out;
    }

    /**
     * The next ULID in sort order (same timestamp, randomness + 1), used by
     * monotonic generators.
     *
     * @throws ArithmeticException when the 80 random bits are exhausted
     */
    public Ulid increment() {
        long newLsb = lsb + 1;
        long newMsb = msb;
        if (newLsb == 0) {
            if ((msb & 0xFFFFL) == 0xFFFFL) {
                throw new ArithmeticException("ULID randomness exhausted within one millisecond");
            }
            newMsb = msb + 1;
        }
        return new Ulid(newMsb, newLsb);
    }

    @Override
    public String toString() {
        char[] out = new char[LENGTH];
        long hi = msb;
        long lo = lsb;
        for (int i = LENGTH - 1; i >= 0; i--) {
            out[i] = ENCODE[(int) (lo & 31)];
            lo = lo >>> 5 | hi << 59;
            hi = hi >>> 5;
        }
        return new String(out);
    }

    @Override
    public int compareTo(Ulid other) {
        int c = Long.compareUnsigned(msb, other.msb);
        return c != 0 ? c : Long.compareUnsigned(lsb, other.lsb);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Ulid u && u.msb == msb && u.lsb == lsb;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(msb) * 31 + Long.hashCode(lsb);
    }
}
