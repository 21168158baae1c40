package io.devrig.http.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Destinations an admin lets through although the policy would refuse them. An entry is an
 * IP address, a CIDR range (IPv4 or IPv6) or a host name, each optionally with a port:
 * {@code 127.0.0.1:8089}, {@code 10.0.0.0/8}, {@code [::1]:9000}, {@code [fd00::/8]:443},
 * {@code git.internal.example}. A host-name entry allows that name (and whatever it
 * resolves to) only; it does not allow other names that resolve to the same addresses.
 */
final class AllowList {

    /**
     * One entry.
     *
     * @param text the entry as configured
     * @param range the address range, or null for a host-name entry
     * @param name the lower-case host name, or null for an address entry
     * @param port the port, or 0 for any port
     */
    record Entry(String text, Cidr range, String name, int port) {

        boolean matchesPort(int p) {
            return port == 0 || port == p;
        }
    }

    private static final AllowList EMPTY = new AllowList(List.of());

    private final List<Entry> entries;

    private AllowList(List<Entry> entries) {
        this.entries = List.copyOf(entries);
    }

    static AllowList empty() {
        return EMPTY;
    }

    /**
     * Parses the configured entries. A configured value may hold several entries separated by
     * commas or white space (a Karaf .cfg file gives one string). All bad entries are
     * reported together.
     *
     * @throws IllegalArgumentException naming every invalid entry and why
     */
    static AllowList parse(String... configured) {
        List<Entry> out = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        if (configured != null) {
            for (String value : configured) {
                if (value == null) {
                    continue;
                }
                for (String text : value.split("[,\\s]+")) {
                    if (text.isEmpty()) {
                        continue;
                    }
                    try {
                        out.add(parseEntry(text));
                    } catch (IllegalArgumentException e) {
                        problems.add("'" + text + "' (" + e.getMessage() + ")");
                    }
                }
            }
        }
        if (!problems.isEmpty()) {
            String what = problems.size() == 1 ? "invalid allowList entry " : "invalid allowList entries ";
            throw new IllegalArgumentException(what + String.join("; ", problems)
                    + ". Expected an IP address, a CIDR range or a host name, optionally with :port"
                    + " (IPv6 in brackets when a port follows)");
        }
        return new AllowList(out);
    }

    static Entry parseEntry(String text) {
        String host;
        String port = null;
        if (text.startsWith("[")) {
            int close = text.indexOf(']');
            if (close < 0) {
                throw new IllegalArgumentException("missing ']'");
            }
            host = text.substring(1, close);
            String rest = text.substring(close + 1);
            if (!rest.isEmpty()) {
                if (!rest.startsWith(":")) {
                    throw new IllegalArgumentException("unexpected text after ']'");
                }
                port = rest.substring(1);
            }
            if (host.indexOf(':') < 0) {
                throw new IllegalArgumentException("brackets are for IPv6 addresses");
            }
        } else {
            int colons = (int) text.chars().filter(c -> c == ':').count();
            if (colons == 1) {
                host = text.substring(0, text.indexOf(':'));
                port = text.substring(text.indexOf(':') + 1);
            } else {
                host = text; // no port, or an IPv6 address without brackets (and then no port)
            }
        }
        int portNumber = port == null ? 0 : parsePort(port);
        if (host.isEmpty()) {
            throw new IllegalArgumentException("no host");
        }
        String lower = host.toLowerCase(Locale.ROOT);
        int slash = lower.indexOf('/');
        if (slash >= 0) {
            byte[] network = address(lower.substring(0, slash));
            if (network == null) {
                throw new IllegalArgumentException("a CIDR range needs an IP address before '/'");
            }
            int prefix;
            try {
                prefix = Integer.parseInt(lower.substring(slash + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("prefix length is not a number");
            }
            return new Entry(text, canonicalRange(network, prefix), null, portNumber);
        }
        byte[] single = address(lower);
        if (single != null) {
            return new Entry(text, canonicalRange(single, single.length * 8), null, portNumber);
        }
        if (lower.indexOf(':') >= 0) {
            throw new IllegalArgumentException("not a valid IPv6 address");
        }
        if (lower.indexOf('*') >= 0) {
            throw new IllegalArgumentException("wildcards are not supported; list each host name");
        }
        String name = lower.endsWith(".") ? lower.substring(0, lower.length() - 1) : lower;
        if (IpAddresses.endsInNumber(name)) {
            throw new IllegalArgumentException("write IPv4 addresses as four decimal numbers, e.g. 10.0.0.1");
        }
        HostName parsed;
        try {
            parsed = HostName.parse(name);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not a valid host name");
        }
        if (parsed.isAddress() || !parsed.name().equals(name)) {
            throw new IllegalArgumentException("not a valid host name");
        }
        return new Entry(text, null, name, portNumber);
    }

    /** Strict dotted quad or IPv6; null when the text is neither. */
    private static byte[] address(String text) {
        if (text.indexOf(':') >= 0) {
            return IpAddresses.parseIpv6(text);
        }
        return IpAddresses.parseIpv4Strict(text);
    }

    /** An IPv4-mapped range ({@code ::ffff:10.0.0.0/104}) is kept as the IPv4 range it denotes. */
    private static Cidr canonicalRange(byte[] network, int prefix) {
        if (network.length == 16 && IpAddresses.isMapped(network) && prefix >= 96) {
            return new Cidr(IpAddresses.slice(network, 12), prefix - 96);
        }
        return new Cidr(network, prefix);
    }

    private static int parsePort(String text) {
        if (text.isEmpty() || text.length() > 5 || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new IllegalArgumentException("port must be a number from 1 to 65535");
        }
        int port = Integer.parseInt(text);
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port must be a number from 1 to 65535");
        }
        return port;
    }

    /** Whether an address (already canonical: IPv4-mapped given as IPv4) on a port is allowed. */
    boolean allowsAddress(byte[] address, int port) {
        for (Entry e : entries) {
            if (e.range() != null && e.matchesPort(port) && e.range().contains(address)) {
                return true;
            }
        }
        return false;
    }

    /** Whether a host name (lower case, no trailing dot) on a port is allowed. */
    boolean allowsName(String name, int port) {
        for (Entry e : entries) {
            if (e.name() != null && e.matchesPort(port) && e.name().equals(name)) {
                return true;
            }
        }
        return false;
    }

    List<Entry> entries() {
        return entries;
    }

    int size() {
        return entries.size();
    }

    @Override
    public String toString() {
        return entries.stream().map(Entry::text).toList().toString();
    }
}
