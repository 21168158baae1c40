package io.devrig.action.data.internal;

import io.devrig.common.json.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.math.BigInteger;

/** What the data actions put out: numbers as integers when exact, and a bound on the JSON size. */
final class Results {

    private Results() {
    }

    /**
     * A decimal as the JSON number to output: an integer ({@code Long}, or {@code BigInteger}
     * beyond long) when the value is whole, else the decimal without trailing zeros.
     */
    static Number number(BigDecimal d) {
        if (d.signum() == 0) {
            return 0L;
        }
        BigDecimal s = d.stripTrailingZeros();
        // a huge exponent would expand to a huge integer: keep such values as decimals
        if (s.scale() <= 0 && s.precision() - s.scale() <= 100) {
            BigInteger bi = s.toBigIntegerExact();
            return bi.bitLength() < 64 ? (Number) bi.longValue() : bi;
        }
        return s;
    }

    /** Whether {@code value} serialised as JSON takes more than {@code maxBytes} UTF-8 bytes (stops writing early). */
    static boolean largerThan(Object value, int maxBytes) {
        CountingStream out = new CountingStream(maxBytes);
        try {
            Json.MAPPER.writeValue(out, value);
        } catch (IOException e) {
            if (!out.exceeded) {
                throw new IllegalStateException("cannot serialise a checked JSON value", e);
            }
        }
        return out.exceeded;
    }

    /** Counts bytes and fails as soon as there are too many, so a huge value is never written out. */
    private static final class CountingStream extends OutputStream {

        private final long max;
        private long count;
        boolean exceeded;

        CountingStream(long max) {
            this.max = max;
        }

        @Override
        public void write(int b) throws IOException {
            add(1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            add(len);
        }

        private void add(int n) throws IOException {
            count += n;
            if (count > max) {
                exceeded = true;
                throw new IOException("limit reached");
            }
        }
    }
}
