package io.devrig.http.internal;

import io.devrig.api.error.DevRigException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

/**
 * Which destinations outbound HTTP may reach. Refused unless allow-listed: loopback,
 * unspecified, private, link-local (with the cloud metadata address 169.254.169.254),
 * carrier-grade NAT, unique-local, multicast, broadcast and reserved addresses, the
 * documentation and benchmarking ranges, IPv6 forms that embed such an IPv4 address, and the
 * host names {@code localhost}, {@code *.localhost} and the cloud metadata names.
 *
 * <p>Two checks: {@link #check(URI)} judges the URI's host before anything is sent (a
 * numeric host completely, a name by its name), and {@link #resolve} resolves a name once
 * and judges every address; the client connects only to the addresses it returns.
 */
final class DestinationPolicy {

    /**
     * A URI that passed {@link #check(URI)}.
     *
     * @param uri the URI with its host in canonical form (numeric IPv4 forms as a dotted quad)
     * @param host the parsed host
     * @param port the effective port
     */
    record Destination(URI uri, HostName host, int port) {
    }

    private record Rule(Cidr range, String label, Function<byte[], byte[]> embedded) {

        static Rule refuse(String cidr, String kind) {
            return new Rule(Cidr.of(cidr), kind + " (" + cidr + ")", null);
        }

        /** A range whose addresses carry an IPv4 address, judged by that address. */
        static Rule embedding(String cidr, String kind, int offset) {
            return new Rule(Cidr.of(cidr), kind + " (" + cidr + ")", a -> IpAddresses.slice(a, offset));
        }
    }

    private static final List<Rule> IPV4 = List.of(
            Rule.refuse("0.0.0.0/8", "unspecified address"),
            Rule.refuse("10.0.0.0/8", "private address"),
            Rule.refuse("100.64.0.0/10", "carrier-grade NAT address"),
            Rule.refuse("127.0.0.0/8", "loopback address"),
            Rule.refuse("169.254.0.0/16", "link-local address"),
            Rule.refuse("172.16.0.0/12", "private address"),
            Rule.refuse("192.0.0.0/24", "IETF protocol assignment address"),
            Rule.refuse("192.0.2.0/24", "documentation address"),
            Rule.refuse("192.88.99.0/24", "6to4 relay anycast address"),
            Rule.refuse("192.168.0.0/16", "private address"),
            Rule.refuse("198.18.0.0/15", "benchmarking address"),
            Rule.refuse("198.51.100.0/24", "documentation address"),
            Rule.refuse("203.0.113.0/24", "documentation address"),
            Rule.refuse("224.0.0.0/4", "multicast address"),
            Rule.refuse("255.255.255.255/32", "broadcast address"),
            Rule.refuse("240.0.0.0/4", "reserved address"));

    // IPv4-mapped addresses (::ffff:0:0/96) never get here: they are judged as the IPv4 address.
    private static final List<Rule> IPV6 = List.of(
            Rule.refuse("::/128", "unspecified address"),
            Rule.refuse("::1/128", "loopback address"),
            Rule.embedding("::ffff:0:0:0/96", "IPv4-translated address", 12),
            Rule.embedding("::/96", "IPv4-compatible address", 12),
            Rule.embedding("64:ff9b::/96", "NAT64 address", 12),
            Rule.refuse("64:ff9b:1::/48", "local-use NAT64 address"),
            Rule.refuse("100::/64", "discard-only address"),
            Rule.refuse("2001::/32", "Teredo address"),
            Rule.refuse("2001:db8::/32", "documentation address"),
            Rule.refuse("2001::/23", "IETF protocol assignment address"),
            Rule.embedding("2002::/16", "6to4 address", 2),
            Rule.refuse("3fff::/20", "documentation address"),
            Rule.refuse("fc00::/7", "unique-local address"),
            Rule.refuse("fe80::/10", "link-local address"),
            Rule.refuse("fec0::/10", "site-local address"),
            Rule.refuse("ff00::/8", "multicast address"));

    private static final Cidr GLOBAL_UNICAST = Cidr.of("2000::/3");

    private static final Set<String> METADATA_NAMES = Set.of("metadata.google.internal", "metadata.goog", "metadata",
            "instance-data", "instance-data.ec2.internal");

    private final AllowList allowList;

    DestinationPolicy(AllowList allowList) {
        this.allowList = Objects.requireNonNull(allowList, "allowList");
    }

    AllowList allowList() {
        return allowList;
    }

    /**
     * Why an address is refused (ignoring the allow-list), e.g.
     * {@code link-local address (169.254.0.0/16)}, or null when it may be reached.
     */
    static String refusalRule(byte[] address) {
        byte[] a = IpAddresses.canonical(address);
        if (a.length == 4) {
            for (Rule r : IPV4) {
                if (r.range().contains(a)) {
                    return r.label();
                }
            }
            return null;
        }
        for (Rule r : IPV6) {
            if (r.range().contains(a)) {
                if (r.embedded() == null) {
                    return r.label();
                }
                byte[] v4 = r.embedded().apply(a);
                String inner = refusalRule(v4);
                if (inner == null) {
                    return null;
                }
                String article = r.label().startsWith("I") ? " in an " : " in a ";
                return inner + ", embedded as " + IpAddresses.format(v4) + article + r.label();
            }
        }
        if (!GLOBAL_UNICAST.contains(a)) {
            return "reserved address (outside global unicast 2000::/3)";
        }
        return null;
    }

    /** Why a host name is refused before it is resolved, or null. */
    static String nameRule(String name) {
        if (name.equals("localhost") || name.endsWith(".localhost")) {
            return "localhost name";
        }
        if (METADATA_NAMES.contains(name)) {
            return "cloud metadata host name";
        }
        return null;
    }

    /**
     * Checks a request URI before anything is sent: an absolute http(s) URI without user info,
     * whose host is not refused. A numeric host is judged completely here; a name is judged
     * by its name, and its addresses later by {@link #resolve}.
     *
     * @throws DevRigException INVALID_INPUT for a malformed URI, HTTP_DESTINATION_REFUSED
     */
    Destination check(URI uri) {
        if (uri == null || !uri.isAbsolute()) {
            // a relative URI is all path and query: nothing of it is shown
            throw HttpErrors.invalid("the URI must be absolute (http or https), got " + Redaction.shown(uri));
        }
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw HttpErrors.invalid("URI scheme '" + scheme + "' is not allowed; use http or https");
        }
        String authority = uri.getRawAuthority();
        if (uri.isOpaque() || authority == null || authority.isEmpty()) {
            throw HttpErrors.invalid("the URI has no host: " + Redaction.shown(uri));
        }
        if (uri.getRawUserInfo() != null || authority.indexOf('@') >= 0) {
            throw HttpErrors.invalid("URIs with user info (user:password@) are not allowed; send credentials in a header");
        }
        String rawHost = authority;
        int port = -1;
        int colon = authority.lastIndexOf(':');
        if (colon >= 0 && colon > authority.lastIndexOf(']')) {
            rawHost = authority.substring(0, colon);
            port = parsePort(authority.substring(colon + 1), uri);
        }
        HostName host;
        try {
            host = HostName.parse(rawHost);
        } catch (IllegalArgumentException e) {
            // the parser quotes the host; a malformed one may carry anything
            throw HttpErrors.invalid(Redaction.safeHost(rawHost) ? e.getMessage()
                    : "invalid host in " + Redaction.shown(uri));
        }
        int effectivePort = port > 0 ? port : scheme.equals("https") ? 443 : 80;
        checkHost(host, effectivePort);
        if (host.zone() != null) {
            throw HttpErrors.invalid("IPv6 zone ids are not supported (host of " + Redaction.shown(uri) + ")");
        }
        return new Destination(canonicalUri(uri, scheme, host, port), host, effectivePort);
    }

    private static int parsePort(String text, URI uri) {
        if (text.isEmpty()) {
            return -1;
        }
        if (text.length() > 5 || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw HttpErrors.invalid("invalid port in " + Redaction.shown(uri));
        }
        int port = Integer.parseInt(text);
        if (port < 1 || port > 65535) {
            throw HttpErrors.invalid("port out of range in " + Redaction.shown(uri));
        }
        return port;
    }

    /** The URI as sent: host in canonical form, no fragment. */
    private static URI canonicalUri(URI uri, String scheme, HostName host, int port) {
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        String text = scheme + "://" + host.uriForm() + (port > 0 ? ":" + port : "") + path
                + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        try {
            URI canonical = new URI(text);
            if (canonical.getHost() == null) {
                throw HttpErrors.invalid("host '" + host + "' cannot be used in an http URI");
            }
            return canonical;
        } catch (URISyntaxException e) {
            // getMessage() quotes the whole URI, query included; the reason and index do not
            throw HttpErrors.invalid("invalid URI " + Redaction.shown(uri) + ": " + e.getReason() + " at index "
                    + e.getIndex());
        }
    }

    private void checkHost(HostName host, int port) {
        if (host.isAddress()) {
            checkAddress(host.written(), host.address(), port);
            return;
        }
        if (!allowList.allowsName(host.name(), port)) {
            String rule = nameRule(host.name());
            if (rule != null) {
                throw HttpErrors.refused(host.written(), rule);
            }
        }
    }

    /** Returns the canonical address when it may be reached on the port; throws otherwise. */
    private byte[] checkAddress(String written, byte[] address, int port) {
        byte[] canonical = IpAddresses.canonical(address);
        if (allowList.allowsAddress(canonical, port)) {
            return canonical;
        }
        String rule = refusalRule(canonical);
        if (rule != null) {
            String text = IpAddresses.format(canonical);
            throw HttpErrors.refused(text.equals(written) ? written : written + " (" + text + ")", rule);
        }
        return canonical;
    }

    /**
     * The addresses to connect to for a host and port: a numeric host is checked as is, a
     * name is resolved once and every address is checked. One refused address refuses the
     * host (rather than quietly dropping it), so a name cannot mix a public and an internal
     * answer. The returned addresses carry the name, for TLS host-name verification.
     *
     * @throws DevRigException HTTP_DESTINATION_REFUSED, INVALID_INPUT, HTTP_ERROR (unknown host)
     */
    List<InetSocketAddress> resolve(String rawHost, int port, HostResolver resolver) {
        HostName host;
        try {
            host = HostName.parse(rawHost);
        } catch (IllegalArgumentException e) {
            throw HttpErrors.invalid(Redaction.safeHost(rawHost) ? e.getMessage() : "invalid host");
        }
        if (host.isAddress()) {
            byte[] address = checkAddress(host.written(), host.address(), port);
            return List.of(new InetSocketAddress(inet(null, address), port));
        }
        String name = host.name();
        boolean nameAllowed = allowList.allowsName(name, port);
        if (!nameAllowed) {
            String rule = nameRule(name);
            if (rule != null) {
                throw HttpErrors.refused(name, rule);
            }
        }
        List<InetAddress> found;
        try {
            found = resolver.resolve(name);
        } catch (UnknownHostException e) {
            throw HttpErrors.transport("unknown host " + name, e);
        }
        if (found == null || found.isEmpty()) {
            throw HttpErrors.transport("unknown host " + name, null);
        }
        List<InetSocketAddress> out = new ArrayList<>(found.size());
        for (InetAddress resolved : found) {
            byte[] canonical = IpAddresses.canonical(resolved.getAddress());
            if (!nameAllowed && !allowList.allowsAddress(canonical, port)) {
                String rule = refusalRule(canonical);
                if (rule != null) {
                    throw HttpErrors.refused(name + " (" + IpAddresses.format(canonical) + ")", rule);
                }
            }
            out.add(new InetSocketAddress(inet(name, canonical), port));
        }
        return List.copyOf(out);
    }

    private static InetAddress inet(String name, byte[] address) {
        try {
            return InetAddress.getByAddress(name, address); // no lookup: the address is given
        } catch (UnknownHostException e) {
            throw new IllegalStateException("address of " + address.length + " bytes", e);
        }
    }
}
