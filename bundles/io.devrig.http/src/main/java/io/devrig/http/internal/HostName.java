package io.devrig.http.internal;

import java.io.ByteArrayOutputStream;
import java.net.IDN;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.Locale;

/**
 * A destination host reduced to what it denotes: an IP address (from any IPv4 form
 * {@code inet_aton} accepts, or an IPv6 literal) or a lower-case ASCII host name. Percent
 * escapes, full-width characters, ideographic dots, upper case and trailing dots are all
 * undone first, so two spellings of one destination are judged alike.
 */
final class HostName {

    private final String written;
    private final byte[] address;
    private final String name;
    private final String zone;

    private HostName(String written, byte[] address, String name, String zone) {
        this.written = written;
        this.address = address;
        this.name = name;
        this.zone = zone;
    }

    /**
     * Parses a host as it appears in a URI authority ({@code [::1]}, {@code 0x7f.1},
     * {@code Example.COM.}) or as Jetty passes it to the resolver.
     *
     * @throws IllegalArgumentException saying why the host is not usable
     */
    static HostName parse(String raw) {
        if (raw == null || raw.isBlank()) {
            throw new IllegalArgumentException("the URI has no host");
        }
        String s = raw.trim();
        if (s.startsWith("[") || s.endsWith("]")) {
            if (!s.startsWith("[") || !s.endsWith("]")) {
                throw new IllegalArgumentException("host '" + raw + "' has unbalanced brackets");
            }
            return ipv6(raw, s.substring(1, s.length() - 1));
        }
        s = percentDecode(s, raw);
        if (s.indexOf(':') >= 0) {
            return ipv6(raw, s);
        }
        s = Normalizer.normalize(s, Normalizer.Form.NFKC).replace('\u3002', '.').replace('\uFF0E', '.')
                .replace('\uFF61', '.');
        s = stripTrailingDots(s);
        if (!s.chars().allMatch(c -> c < 0x80)) {
            try {
                s = IDN.toASCII(s, IDN.ALLOW_UNASSIGNED);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("host '" + raw + "' is not a valid host name");
            }
        }
        s = stripTrailingDots(s.toLowerCase(Locale.ROOT));
        if (s.isEmpty()) {
            throw new IllegalArgumentException("host '" + raw + "' is empty");
        }
        if (IpAddresses.endsInNumber(s)) {
            byte[] v4 = IpAddresses.parseIpv4Lenient(s);
            if (v4 == null) {
                throw new IllegalArgumentException("host '" + raw + "' is neither a valid IPv4 address nor a host name");
            }
            return new HostName(s, v4, null, null);
        }
        if (!validName(s)) {
            throw new IllegalArgumentException("host '" + raw + "' is not a valid host name");
        }
        return new HostName(s, null, s, null);
    }

    private static HostName ipv6(String raw, String inner) {
        String text = inner;
        String zone = null;
        int percent = text.indexOf('%');
        if (percent >= 0) {
            // [fe80::1%25eth0] in a URI, fe80::1%eth0 elsewhere: the zone does not change the address
            zone = text.substring(percent + 1);
            if (zone.startsWith("25")) {
                zone = zone.substring(2);
            }
            text = text.substring(0, percent);
        }
        byte[] v6 = IpAddresses.parseIpv6(text.toLowerCase(Locale.ROOT));
        if (v6 == null) {
            throw new IllegalArgumentException("host '" + raw + "' is not a valid IPv6 address");
        }
        return new HostName(text.toLowerCase(Locale.ROOT), v6, null, zone);
    }

    private static String stripTrailingDots(String s) {
        int end = s.length();
        while (end > 0 && s.charAt(end - 1) == '.') {
            end--;
        }
        return s.substring(0, end);
    }

    private static boolean validName(String s) {
        if (s.length() > 253) {
            return false;
        }
        for (String label : s.split("\\.", -1)) {
            if (label.isEmpty() || label.length() > 63 || label.startsWith("-") || label.endsWith("-")) {
                return false;
            }
            for (int i = 0; i < label.length(); i++) {
                char c = label.charAt(i);
                boolean ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
                if (!ok) {
                    return false;
                }
            }
        }
        return true;
    }

    private static String percentDecode(String s, String raw) {
        if (s.indexOf('%') < 0) {
            return s;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%') {
                int hi = i + 2 < s.length() ? Character.digit(s.charAt(i + 1), 16) : -1;
                int lo = i + 2 < s.length() ? Character.digit(s.charAt(i + 2), 16) : -1;
                if (hi < 0 || lo < 0) {
                    throw new IllegalArgumentException("host '" + raw + "' has an invalid percent escape");
                }
                bytes.write((hi << 4) | lo);
                i += 2;
            } else {
                byte[] utf8 = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                bytes.write(utf8, 0, utf8.length);
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes.toByteArray()))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("host '" + raw + "' is not valid UTF-8 once decoded");
        }
    }

    /** The host as written, decoded and in lower case, without brackets: for messages. */
    String written() {
        return written;
    }

    boolean isAddress() {
        return address != null;
    }

    /** The address as parsed (4 or 16 bytes), or null for a name. */
    byte[] address() {
        return address == null ? null : address.clone();
    }

    /** The lower-case ASCII name without trailing dot, or null for an address. */
    String name() {
        return name;
    }

    /** The IPv6 zone id, or null. */
    String zone() {
        return zone;
    }

    /** The host as it is put back into a URI: dotted quad, {@code [ipv6]} or the name. */
    String uriForm() {
        if (address == null) {
            return name;
        }
        return address.length == 4 ? IpAddresses.format(address) : "[" + IpAddresses.format(address) + "]";
    }

    @Override
    public String toString() {
        return written;
    }
}
