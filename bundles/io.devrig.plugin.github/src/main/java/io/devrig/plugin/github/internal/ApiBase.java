package io.devrig.plugin.github.internal;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.StringJoiner;

/**
 * The REST API base URL ({@code https://api.github.com}, or {@code https://ghe.example.com/api/v3}
 * for GitHub Enterprise Server) and every URL the plugin derives from it. Request URLs are
 * only ever built here, from validated, percent-encoded segments, so input cannot choose the host.
 */
final class ApiBase {

    static final String DEFAULT = "https://api.github.com";

    private final URI uri;
    private final String text;

    private ApiBase(URI uri) {
        this.uri = uri;
        String s = uri.toString();
        this.text = s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }

    /**
     * The base of a configuration value; null or blank gives {@link #DEFAULT}.
     *
     * @param where the JSON path or property name for the error message
     */
    static ApiBase parse(Object raw, String where) {
        if (raw == null || raw instanceof String s && s.isBlank()) {
            return new ApiBase(URI.create(DEFAULT));
        }
        if (!(raw instanceof String s)) {
            throw GitHubErrors.invalid(where + ": must be a string such as " + DEFAULT);
        }
        URI u;
        try {
            u = new URI(s.trim());
        } catch (URISyntaxException e) {
            throw GitHubErrors.invalid(where + ": not a valid URL (" + e.getReason() + ")");
        }
        String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !scheme.equals("http") || u.getHost() == null) {
            throw GitHubErrors.invalid(where + ": must be an absolute http(s) URL such as " + DEFAULT);
        }
        if (u.getRawUserInfo() != null || u.getRawQuery() != null || u.getRawFragment() != null) {
            throw GitHubErrors.invalid(where + ": must not contain user info, a query or a fragment");
        }
        return new ApiBase(u);
    }

    URI uri() {
        return uri;
    }

    /**
     * {@code base + /seg1/seg2... ?query}; segments are percent-encoded, query values too
     * (in the given order).
     */
    URI resolve(Map<String, String> query, String... segments) {
        StringBuilder b = new StringBuilder(text);
        for (String segment : segments) {
            b.append('/').append(encode(Objects.requireNonNull(segment, "segment")));
        }
        if (query != null && !query.isEmpty()) {
            StringJoiner q = new StringJoiner("&", "?", "");
            query.forEach((k, v) -> q.add(encode(k) + "=" + encode(v)));
            b.append(q);
        }
        return URI.create(b.toString());
    }

    /** Percent-encodes a path segment or query value (space as %20, nothing left that URI syntax reads). */
    static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /**
     * Whether {@code other} lies under this base: same scheme, host and port, and a path below
     * the base path. Links and redirects from the server are followed only then, so the token
     * never travels to another host.
     */
    boolean contains(URI other) {
        if (other == null || !other.isAbsolute() || other.getRawUserInfo() != null) {
            return false;
        }
        if (!uri.getScheme().equalsIgnoreCase(other.getScheme()) || other.getHost() == null
                || !uri.getHost().equalsIgnoreCase(other.getHost()) || port(uri) != port(other)) {
            return false;
        }
        String basePath = uri.getRawPath() == null ? "" : uri.getRawPath();
        basePath = basePath.endsWith("/") ? basePath : basePath + "/";
        String path = other.getRawPath() == null ? "" : other.getRawPath();
        return basePath.equals("/") || path.startsWith(basePath) || (path + "/").equals(basePath);
    }

    /** The API path of {@code other} (without the base path), for messages: {@code /repos/o/r/pulls}. */
    String endpoint(URI other) {
        String path = other.getRawPath() == null ? "/" : other.getRawPath();
        String basePath = uri.getRawPath() == null ? "" : uri.getRawPath();
        if (basePath.length() > 1 && path.startsWith(basePath)) {
            path = path.substring(basePath.endsWith("/") ? basePath.length() - 1 : basePath.length());
        }
        return path.isEmpty() ? "/" : path;
    }

    /**
     * The web site the API belongs to: {@code https://github.com} for {@code api.github.com},
     * otherwise the same scheme, host and port (Enterprise serves the API under {@code /api/v3}
     * of the web host).
     */
    String webBase() {
        String host = uri.getHost().toLowerCase(Locale.ROOT);
        if (host.equals("api.github.com")) {
            return "https://github.com";
        }
        return uri.getScheme().toLowerCase(Locale.ROOT) + "://" + (host.contains(":") ? "[" + host + "]" : host)
                + (uri.getPort() == -1 ? "" : ":" + uri.getPort());
    }

    private static int port(URI u) {
        if (u.getPort() != -1) {
            return u.getPort();
        }
        return "https".equalsIgnoreCase(u.getScheme()) ? 443 : 80;
    }

    @Override
    public String toString() {
        return text;
    }

    /** Where {@code apiUrl} is set, for error messages. */
    static final String SETTING = "settings of io.devrig.plugin.github: $.apiUrl";

    /**
     * The request a data source's page logic works with: its own section of the plugin's
     * settings ({@code notifications} or {@code pullRequests}) plus the plugin-wide
     * {@code apiUrl}, so an Enterprise URL set once serves both data sources and the actions.
     *
     * @param request as the scheduler sends it: {@code config} is the plugin's whole settings object
     */
    static io.devrig.api.sync.SyncRequest forSource(io.devrig.api.sync.SyncRequest request, String section) {
        java.util.Map<String, Object> settings = request.config();
        java.util.Map<String, Object> config = new java.util.LinkedHashMap<>();
        Object own = settings.get(section);
        if (own != null && !(own instanceof java.util.Map<?, ?>)) {
            throw GitHubErrors.invalid("settings of io.devrig.plugin.github: $." + section + " must be an object");
        }
        if (own != null) {
            ((java.util.Map<?, ?>) own).forEach((k, v) -> config.put(String.valueOf(k), v));
        }
        if (settings.get("apiUrl") != null) {
            config.put("apiUrl", settings.get("apiUrl"));
        }
        return new io.devrig.api.sync.SyncRequest(request.dataSourceId(), request.cursor(), request.page(), config);
    }
}
