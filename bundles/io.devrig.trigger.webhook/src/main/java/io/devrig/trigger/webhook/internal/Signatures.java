package io.devrig.trigger.webhook.internal;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HMAC-SHA256 signature checks. Every comparison is of MAC bytes with
 * {@link MessageDigest#isEqual} (constant time in the bytes' content), and every candidate
 * signature is compared with every key, so how long a check takes does not tell which
 * signature or key came closest. Keys are raw bytes the caller wipes afterwards.
 */
final class Signatures {

    static final String STANDARD_SECRET_PREFIX = "whsec_";
    private static final String HMAC_SHA256 = "HmacSHA256";
    private static final byte DOT = '.';

    private Signatures() {
    }

    /**
     * Standard Webhooks: the signed content is {@code <webhook-id>.<webhook-timestamp>.<body>};
     * the header is a space-separated list of {@code v<version>,<base64>}, of which the
     * {@code v1} entries count. Any entry matching any key verifies.
     */
    static boolean standard(String id, String timestamp, String signatureHeader, byte[] body, List<byte[]> keys) {
        byte[] idBytes = id.getBytes(StandardCharsets.UTF_8);
        byte[] tsBytes = timestamp.getBytes(StandardCharsets.US_ASCII);
        boolean ok = false;
        for (byte[] key : keys) {
            byte[] expected = hmac(key, idBytes, new byte[] {DOT}, tsBytes, new byte[] {DOT}, body);
            for (String entry : signatureHeader.trim().split(" +")) {
                int comma = entry.indexOf(',');
                if (comma < 0 || !"v1".equals(entry.substring(0, comma))) {
                    continue;
                }
                byte[] given = decodeBase64(entry.substring(comma + 1));
                ok |= given != null && MessageDigest.isEqual(expected, given);
            }
        }
        return ok;
    }

    /** GitHub: {@code X-Hub-Signature-256: sha256=<hex of HMAC-SHA256(secret, body)>}. */
    static boolean github(String header, byte[] body, List<byte[]> keys) {
        return hmac(header, "sha256=", false, body, keys);
    }

    /** A configurable header: {@code <prefix><hex or base64 of HMAC-SHA256(secret, body)>}. */
    static boolean hmac(String header, String prefix, boolean base64, byte[] body, List<byte[]> keys) {
        String h = header.trim();
        if (!h.startsWith(prefix)) {
            return false;
        }
        String encoded = h.substring(prefix.length());
        byte[] given = base64 ? decodeBase64(encoded) : decodeHex(encoded);
        if (given == null) {
            return false;
        }
        boolean ok = false;
        for (byte[] key : keys) {
            ok |= MessageDigest.isEqual(hmac(key, body), given);
        }
        return ok;
    }

    /**
     * The key bytes of a Standard Webhooks secret: the base64 after {@code whsec_} (the prefix
     * may be left out, as the reference libraries allow).
     *
     * @throws IllegalArgumentException when it is not base64 or is empty; the message never holds the value
     */
    static byte[] standardKey(char[] secret) {
        int start = startsWith(secret, STANDARD_SECRET_PREFIX) ? STANDARD_SECRET_PREFIX.length() : 0;
        byte[] ascii = utf8(Arrays.copyOfRange(secret, start, secret.length), true);
        try {
            byte[] key = Base64.getDecoder().decode(ascii);
            if (key.length == 0) {
                throw new IllegalArgumentException("empty");
            }
            return key;
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not whsec_ followed by base64");
        } finally {
            Arrays.fill(ascii, (byte) 0);
        }
    }

    /** The UTF-8 bytes of a secret (GitHub and generic HMAC keys); {@code chars} is wiped. */
    static byte[] textKey(char[] chars) {
        return utf8(chars, true);
    }

    static byte[] hmac(byte[] key, byte[]... parts) {
        try {
            Mac mac = Mac.getInstance(HMAC_SHA256);
            mac.init(new SecretKeySpec(key, HMAC_SHA256));
            for (byte[] part : parts) {
                mac.update(part);
            }
            return mac.doFinal();
        } catch (GeneralSecurityException e) {
            // HmacSHA256 is in every JDK, and SecretKeySpec refuses only an empty key
            throw new IllegalStateException("HMAC-SHA256 unavailable", e);
        }
    }

    private static byte[] decodeBase64(String text) {
        try {
            return Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static byte[] decodeHex(String text) {
        try {
            return HexFormat.of().parseHex(text);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static boolean startsWith(char[] chars, String prefix) {
        if (chars.length < prefix.length()) {
            return false;
        }
        for (int i = 0; i < prefix.length(); i++) {
            if (chars[i] != prefix.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static byte[] utf8(char[] chars, boolean wipe) {
        ByteBuffer buffer = StandardCharsets.UTF_8.encode(CharBuffer.wrap(chars));
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        if (buffer.hasArray()) {
            Arrays.fill(buffer.array(), (byte) 0);
        }
        if (wipe) {
            Arrays.fill(chars, '\0');
        }
        return bytes;
    }
}
