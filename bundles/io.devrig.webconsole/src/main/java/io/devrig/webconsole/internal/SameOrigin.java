package io.devrig.webconsole.internal;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Set;

/**
 * Decides whether a request to the web console may change state, from the request's
 * method and its {@code Origin} (or, when absent, {@code Referer}) header.
 *
 * <ul>
 * <li>{@code GET}, {@code HEAD} and {@code OPTIONS} are not state-changing: always let through
 * (to sign-in).</li>
 * <li>Any other method ({@code POST}, {@code PUT}, {@code DELETE}, {@code PATCH}, ...) passes
 * only when its {@code Origin} is the console's own origin (scheme, host and port of the
 * request, default ports filled in). Without {@code Origin}, the origin of the
 * {@code Referer} counts. {@code Origin: null} (a sandboxed frame, a {@code file:} page), a
 * header that is no URL and any other origin are refused.</li>
 * <li>Neither header: let through. Browsers send {@code Origin} with every cross-origin
 * {@code POST} (and every {@code fetch}/XHR that is not a simple {@code GET}), so a request
 * with neither does not come from another site's page: it is {@code curl} or a script of
 * the administrator, which still needs the credentials.</li>
 * </ul>
 */
final class SameOrigin {

    private static final Set<String> SAFE = Set.of("GET", "HEAD", "OPTIONS");

    private SameOrigin() {
    }

    /** The verdict of one request. */
    record Verdict(boolean allowed, String reason) {
        static final Verdict SAFE_METHOD = new Verdict(true, "safe method");
        static final Verdict NO_ORIGIN = new Verdict(true, "neither Origin nor Referer");
        static final Verdict SAME = new Verdict(true, "same origin");
    }

    /**
     * @param method the request method
     * @param origin the {@code Origin} header, null when absent
     * @param referer the {@code Referer} header, null when absent
     * @param scheme the request's scheme ({@code http})
     * @param host the host the request was sent to (from its {@code Host} header)
     * @param port the port the request was sent to
     */
    static Verdict check(String method, String origin, String referer, String scheme, String host, int port) {
        if (method == null || SAFE.contains(method.toUpperCase(Locale.ROOT))) {
            return Verdict.SAFE_METHOD;
        }
        String claimed;
        String header;
        if (origin != null && !origin.isBlank()) {
            claimed = origin.strip();
            header = "Origin";
        } else if (referer != null && !referer.isBlank()) {
            claimed = referer.strip();
            header = "Referer";
        } else {
            return Verdict.NO_ORIGIN;
        }
        String own = origin(scheme, host, port);
        String theirs = originOf(claimed);
        if (theirs != null && theirs.equals(own)) {
            return Verdict.SAME;
        }
        return new Verdict(false, header + " is not this console's origin");
    }

    /** {@code scheme://host:port}, lower case, with the default port written out. */
    static String origin(String scheme, String host, int port) {
        String s = scheme == null ? "http" : scheme.toLowerCase(Locale.ROOT);
        String h = host == null ? "" : host.toLowerCase(Locale.ROOT);
        if (h.contains(":") && !h.startsWith("[")) {
            h = "[" + h + "]"; // a bare IPv6 address
        }
        int p = port > 0 ? port : defaultPort(s);
        return s + "://" + h + ":" + p;
    }

    /** The origin of a URL (an Origin or Referer value), or null when it is none. */
    static String originOf(String url) {
        if ("null".equals(url)) {
            return null;
        }
        try {
            URI uri = new URI(url);
            if (uri.getScheme() == null || uri.getHost() == null || uri.getRawUserInfo() != null) {
                return null;
            }
            String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https")) {
                return null;
            }
            return origin(scheme, uri.getHost(), uri.getPort());
        } catch (URISyntaxException e) {
            return null;
        }
    }

    private static int defaultPort(String scheme) {
        return "https".equals(scheme) ? 443 : 80;
    }
}
