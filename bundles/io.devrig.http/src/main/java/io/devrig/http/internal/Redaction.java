package io.devrig.http.internal;

import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What an error or log line of outbound HTTP may say about a URI: its scheme, host and port,
 * and how many path segments it has. Never its user info, path text, query or fragment:
 * tokens live there ({@code /bot<token>/sendMessage}, {@code ?access_token=},
 * {@code #id_token=}, {@code user:password@}), and these messages reach karaf.log, the
 * dead-letter queue, plugin status and run records.
 *
 * <p>Rule: {@code https://api.example.com/… (2 path segments)}; a path of {@code /} stays
 * {@code /}, no path shows nothing. The first segment is not kept either: it is the token
 * in some APIs. A host that is not made of host-name characters (a malformed authority)
 * is shown as {@code <invalid host>}, and a port that is not a number is not shown.
 *
 * <p>JDK and Jetty exceptions name the URI in their messages ({@code URISyntaxException},
 * {@code IllegalArgumentException} from URI parsing, some I/O failures), so they are never
 * attached as they are: {@link #chain} copies a cause chain with every message
 * {@link #scrub scrubbed}, keeping the exception types and stack traces for diagnosis.
 */
final class Redaction {

    /** Something shaped like an absolute URI inside a message. */
    private static final Pattern URI_IN_TEXT = Pattern.compile("[A-Za-z][A-Za-z0-9+.\\-]*://[^\\s\"'<>]*");
    /** What a host (name, IPv4 or bracketed IPv6) may consist of, to be shown. */
    private static final Pattern SAFE_HOST = Pattern.compile("[A-Za-z0-9._\\-]{1,253}|\\[[0-9A-Fa-f:.]{2,45}\\]");
    /** Parts shorter than this are not scrubbed one by one (they would eat ordinary words); URIs still are. */
    private static final int MIN_SECRET = 3;
    private static final int MAX_CHAIN = 16;

    private Redaction() {
    }

    /** The URI as messages may show it: scheme, host, port and the number of path segments. */
    static String shown(URI uri) {
        if (uri == null) {
            return "null";
        }
        if (uri.getScheme() == null) {
            return "a relative URI";
        }
        if (uri.isOpaque()) {
            return uri.getScheme() + ":…";
        }
        StringBuilder b = new StringBuilder(uri.getScheme()).append("://").append(host(uri));
        if (uri.getHost() != null && uri.getPort() > 0) {
            b.append(':').append(uri.getPort());
        }
        return b.append(path(uri.getRawPath())).toString();
    }

    /** The host of a URI as it may be shown; {@code <no host>} or {@code <invalid host>} otherwise. */
    static String host(URI uri) {
        if (uri.getHost() != null) {
            return uri.getHost();
        }
        String authority = uri.getRawAuthority();
        if (authority == null || authority.isEmpty()) {
            return "<no host>";
        }
        String host = authority.substring(authority.lastIndexOf('@') + 1);
        int colon = host.lastIndexOf(':');
        if (colon >= 0 && colon > host.lastIndexOf(']')) {
            host = host.substring(0, colon);
        }
        return safeHost(host) ? host : "<invalid host>";
    }

    /** Whether {@code host} is made of host-name characters only, so showing it shows nothing else. */
    static boolean safeHost(String host) {
        return host != null && SAFE_HOST.matcher(host).matches();
    }

    private static String path(String rawPath) {
        if (rawPath == null || rawPath.isEmpty()) {
            return "";
        }
        int segments = 0;
        for (String s : rawPath.split("/")) {
            if (!s.isEmpty()) {
                segments++;
            }
        }
        return segments == 0 ? "/" : "/… (" + segments + " path segment" + (segments == 1 ? "" : "s") + ")";
    }

    /**
     * {@code text} with every URI-shaped part replaced by its {@link #shown} form, and every
     * secret-bearing part of {@code uris} (user info, path and its segments, query, fragment,
     * a non-numeric port; raw and decoded) replaced by {@code …}.
     */
    static String scrub(String text, URI... uris) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        // whole URIs first, while they still parse; then what is left of the known ones
        Matcher m = URI_IN_TEXT.matcher(text);
        StringBuilder b = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(b, Matcher.quoteReplacement(shownText(m.group())));
        }
        m.appendTail(b);
        List<String> secrets = new ArrayList<>(secrets(uris));
        secrets.sort(Comparator.comparingInt(String::length).reversed()); // a longer part first: it holds shorter ones
        String out = b.toString();
        for (String secret : secrets) {
            out = out.replace(secret, "…");
        }
        return out;
    }

    private static String shownText(String candidate) {
        try {
            return shown(new URI(candidate));
        } catch (java.net.URISyntaxException | RuntimeException e) {
            int sep = candidate.indexOf("://");
            return candidate.substring(0, sep) + "://…";
        }
    }

    private static Set<String> secrets(URI... uris) {
        Set<String> out = new LinkedHashSet<>();
        for (URI u : uris) {
            if (u == null) {
                continue;
            }
            add(out, u.getRawUserInfo(), u.getUserInfo(), u.getRawQuery(), u.getQuery(), u.getRawFragment(),
                    u.getFragment());
            if (u.isOpaque()) {
                add(out, u.getRawSchemeSpecificPart(), u.getSchemeSpecificPart());
            }
            String authority = u.getRawAuthority();
            if (authority != null && u.getHost() == null) {
                // a registry authority: whatever is not a safe host (user info, a bad port) is secret
                int at = authority.lastIndexOf('@');
                if (at >= 0) {
                    add(out, authority.substring(0, at));
                }
                String hostPort = authority.substring(at + 1);
                int colon = hostPort.lastIndexOf(':');
                if (colon >= 0 && colon > hostPort.lastIndexOf(']')) {
                    add(out, hostPort.substring(colon + 1));
                    hostPort = hostPort.substring(0, colon);
                }
                if (!safeHost(hostPort)) {
                    add(out, hostPort);
                }
            }
            String rawPath = u.getRawPath();
            if (rawPath != null && rawPath.length() > 1) {
                add(out, rawPath, u.getPath());
                for (String s : rawPath.split("/")) {
                    add(out, s, decode(s));
                }
            }
            for (String part : new String[] {u.getRawQuery(), u.getRawFragment()}) {
                if (part != null) {
                    for (String pair : part.split("[&;]")) {
                        int eq = pair.indexOf('=');
                        String value = eq < 0 ? pair : pair.substring(eq + 1);
                        add(out, value, decode(value));
                    }
                }
            }
        }
        return out;
    }

    private static void add(Set<String> out, String... parts) {
        for (String p : parts) {
            if (p != null && p.length() >= MIN_SECRET) {
                out.add(p);
            }
        }
    }

    private static String decode(String s) {
        try {
            return java.net.URLDecoder.decode(s, java.nio.charset.StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return s;
        }
    }

    /**
     * A copy of {@code cause} and its causes whose messages are {@link #scrub scrubbed}: each
     * is a {@link RedactedCause} that names the original type and keeps its stack trace.
     * Null for null.
     */
    static Throwable chain(Throwable cause, URI... uris) {
        if (cause == null) {
            return null;
        }
        List<Throwable> originals = new ArrayList<>();
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Throwable t = cause; t != null && seen.add(t) && originals.size() < MAX_CHAIN; t = t.getCause()) {
            originals.add(t);
        }
        Throwable copy = null;
        for (int i = originals.size() - 1; i >= 0; i--) {
            Throwable t = originals.get(i);
            copy = new RedactedCause(t.getClass().getName(), scrub(t.getMessage(), uris), t.getStackTrace(), copy);
        }
        return copy;
    }

    /** Stands in for a JDK or Jetty exception whose message may have named a URI. */
    static final class RedactedCause extends Exception {

        private static final long serialVersionUID = 1L;
        private final String type;

        RedactedCause(String type, String message, StackTraceElement[] trace, Throwable cause) {
            super(message, cause, false, true);
            this.type = type;
            setStackTrace(trace);
        }

        /** The class name of the exception this stands for. */
        String type() {
            return type;
        }

        @Override
        public String toString() {
            return getMessage() == null ? type : type + ": " + getMessage();
        }
    }
}
