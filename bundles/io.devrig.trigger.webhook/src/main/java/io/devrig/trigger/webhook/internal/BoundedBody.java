package io.devrig.trigger.webhook.internal;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/** Reads a request body into memory, never more than a limit: reading stops at the first byte past it. */
final class BoundedBody {

    /** The body is longer than the limit; nothing past limit + 1 bytes was read. */
    static final class TooLarge extends Exception {
        private static final long serialVersionUID = 1L;

        TooLarge() {
            super(null, null, false, false);
        }
    }

    private BoundedBody() {
    }

    static byte[] read(InputStream in, int limit) throws IOException, TooLarge {
        byte[] buffer = new byte[Math.min(limit + 1, 16 * 1024)];
        int size = 0;
        while (true) {
            if (size == buffer.length) {
                if (size > limit) {
                    throw new TooLarge();
                }
                buffer = Arrays.copyOf(buffer, (int) Math.min((long) limit + 1, buffer.length * 2L));
            }
            int n = in.read(buffer, size, buffer.length - size);
            if (n < 0) {
                return size == buffer.length ? buffer : Arrays.copyOf(buffer, size);
            }
            size += n;
            if (size > limit) {
                throw new TooLarge();
            }
        }
    }
}
