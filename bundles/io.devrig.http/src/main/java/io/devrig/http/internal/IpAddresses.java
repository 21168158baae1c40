package io.devrig.http.internal;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/**
 * IP address parsing and formatting done by hand, so that what the policy judges is exactly
 * what is connected to. Java's literal parsing accepts fewer IPv4 forms than the C library's
 * {@code inet_aton} (which a system resolver may apply to a "host name" such as
 * {@code 0x7f.1}), so every numeric form is parsed here and never handed to a resolver.
 */
final class IpAddresses {

    private static final BigInteger MAX_IPV4 = BigInteger.valueOf(0xFFFF_FFFFL);

    private IpAddresses() {
    }

    /**
     * Whether a (lower-case, trailing-dot-free) host is meant as an IPv4 address: its last
     * label is a number (decimal, or hex with 0x). Such a host must parse as IPv4 or is
     * invalid; it is never looked up as a name (the WHATWG URL rule).
     */
    static boolean endsInNumber(String host) {
        int dot = host.lastIndexOf('.');
        String last = host.substring(dot + 1);
        if (last.isEmpty()) {
            return false;
        }
        if (last.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return true;
        }
        if (last.startsWith("0x")) {
            return last.substring(2).chars().allMatch(c -> Character.digit(c, 16) >= 0);
        }
        return false;
    }

    /**
     * Parses every form {@code inet_aton} accepts: one to four parts, each decimal, octal
     * (leading 0) or hex (0x); the last part fills the remaining bytes ({@code 127.1},
     * {@code 2130706433}).
     *
     * @return four bytes, or null when the text is not such an address
     */
    static byte[] parseIpv4Lenient(String text) {
        String[] parts = text.split("\\.", -1);
        if (parts.length > 4) {
            return null;
        }
        long[] values = new long[parts.length];
        for (int i = 0; i < parts.length; i++) {
            BigInteger value = parseNumber(parts[i]);
            if (value == null) {
                return null;
            }
            boolean last = i == parts.length - 1;
            BigInteger limit = last
                    ? BigInteger.ONE.shiftLeft(8 * (5 - parts.length)).subtract(BigInteger.ONE)
                    : BigInteger.valueOf(255);
            if (value.compareTo(limit) > 0 || value.compareTo(MAX_IPV4) > 0) {
                return null;
            }
            values[i] = value.longValue();
        }
        long address = values[values.length - 1];
        for (int i = 0; i < values.length - 1; i++) {
            address |= values[i] << (8 * (3 - i));
        }
        return new byte[] {(byte) (address >>> 24), (byte) (address >>> 16), (byte) (address >>> 8), (byte) address};
    }

    private static BigInteger parseNumber(String part) {
        int radix = 10;
        String digits = part;
        if (part.startsWith("0x") || part.startsWith("0X")) {
            radix = 16;
            digits = part.substring(2);
            if (digits.isEmpty()) {
                return BigInteger.ZERO; // "0x" alone is zero, as in the WHATWG URL parser
            }
        } else if (part.length() > 1 && part.startsWith("0")) {
            radix = 8;
            digits = part.substring(1);
        }
        if (digits.isEmpty()) {
            return null;
        }
        for (int i = 0; i < digits.length(); i++) {
            if (Character.digit(digits.charAt(i), radix) < 0) {
                return null;
            }
        }
        return new BigInteger(digits, radix);
    }

    /** Strict dotted-quad IPv4 ({@code 10.0.0.1}), as written in the allow-list; null otherwise. */
    static byte[] parseIpv4Strict(String text) {
        String[] parts = text.split("\\.", -1);
        if (parts.length != 4) {
            return null;
        }
        byte[] out = new byte[4];
        for (int i = 0; i < 4; i++) {
            String p = parts[i];
            if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(c -> c >= '0' && c <= '9')
                    || (p.length() > 1 && p.charAt(0) == '0')) {
                return null;
            }
            int v = Integer.parseInt(p);
            if (v > 255) {
                return null;
            }
            out[i] = (byte) v;
        }
        return out;
    }

    /**
     * Parses an IPv6 address without brackets and without zone id: hex groups, at most one
     * {@code ::}, optionally ending in a dotted-quad IPv4.
     *
     * @return sixteen bytes, or null when the text is not an IPv6 address
     */
    static byte[] parseIpv6(String text) {
        if (text.isEmpty() || text.indexOf(':') < 0) {
            return null;
        }
        int gap = text.indexOf("::");
        if (gap >= 0 && text.indexOf("::", gap + 1) >= 0) {
            return null;
        }
        List<Integer> head;
        List<Integer> tail;
        if (gap >= 0) {
            head = groups(text.substring(0, gap), false);
            tail = groups(text.substring(gap + 2), true);
        } else {
            head = groups(text, true);
            tail = List.of();
        }
        if (head == null || tail == null) {
            return null;
        }
        int count = head.size() + tail.size();
        if (gap >= 0 ? count > 7 : count != 8) {
            return null;
        }
        byte[] out = new byte[16];
        for (int i = 0; i < head.size(); i++) {
            out[2 * i] = (byte) (head.get(i) >>> 8);
            out[2 * i + 1] = (byte) (int) head.get(i);
        }
        int offset = 8 - tail.size();
        for (int i = 0; i < tail.size(); i++) {
            out[2 * (offset + i)] = (byte) (tail.get(i) >>> 8);
            out[2 * (offset + i) + 1] = (byte) (int) tail.get(i);
        }
        return out;
    }

    /** Colon-separated 16-bit groups; the last may be a dotted quad when {@code ipv4Allowed}. */
    private static List<Integer> groups(String text, boolean ipv4Allowed) {
        List<Integer> out = new ArrayList<>();
        if (text.isEmpty()) {
            return out;
        }
        String[] parts = text.split(":", -1);
        for (int i = 0; i < parts.length; i++) {
            String p = parts[i];
            if (i == parts.length - 1 && ipv4Allowed && p.indexOf('.') >= 0) {
                byte[] v4 = parseIpv4Strict(p);
                if (v4 == null) {
                    return null;
                }
                out.add(((v4[0] & 0xFF) << 8) | (v4[1] & 0xFF));
                out.add(((v4[2] & 0xFF) << 8) | (v4[3] & 0xFF));
                continue;
            }
            if (p.isEmpty() || p.length() > 4) {
                return null;
            }
            int v = 0;
            for (int k = 0; k < p.length(); k++) {
                int d = Character.digit(p.charAt(k), 16);
                if (d < 0) {
                    return null;
                }
                v = (v << 4) | d;
            }
            out.add(v);
        }
        return out;
    }

    /** The IPv4 address an IPv4-mapped IPv6 address ({@code ::ffff:a.b.c.d}) denotes, else the input. */
    static byte[] canonical(byte[] address) {
        if (address.length == 16 && isMapped(address)) {
            return slice(address, 12);
        }
        return address;
    }

    static boolean isMapped(byte[] a) {
        for (int i = 0; i < 10; i++) {
            if (a[i] != 0) {
                return false;
            }
        }
        return (a[10] & 0xFF) == 0xFF && (a[11] & 0xFF) == 0xFF;
    }

    /** Four bytes starting at {@code from}. */
    static byte[] slice(byte[] a, int from) {
        return new byte[] {a[from], a[from + 1], a[from + 2], a[from + 3]};
    }

    /** Dotted quad, or RFC 5952 text for IPv6 (lower case, longest zero run compressed). */
    static String format(byte[] a) {
        if (a.length == 4) {
            return (a[0] & 0xFF) + "." + (a[1] & 0xFF) + "." + (a[2] & 0xFF) + "." + (a[3] & 0xFF);
        }
        int[] g = new int[8];
        for (int i = 0; i < 8; i++) {
            g[i] = ((a[2 * i] & 0xFF) << 8) | (a[2 * i + 1] & 0xFF);
        }
        int bestStart = -1;
        int bestLen = 0;
        for (int i = 0; i < 8;) {
            if (g[i] != 0) {
                i++;
                continue;
            }
            int j = i;
            while (j < 8 && g[j] == 0) {
                j++;
            }
            if (j - i > bestLen) {
                bestStart = i;
                bestLen = j - i;
            }
            i = j;
        }
        if (bestLen < 2) {
            bestStart = -1;
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                sb.append("::");
                i += bestLen - 1;
                continue;
            }
            if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') {
                sb.append(':');
            }
            sb.append(Integer.toHexString(g[i]));
        }
        return sb.toString();
    }
}
