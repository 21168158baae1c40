package io.devrig.camel;

import java.util.Locale;
import org.apache.camel.util.SensitiveUtils;

/**
 * Masks credentials in a Camel endpoint URI before it is shown (shell, logs, status pages).
 *
 * <p>Masked: the password of a user-info part ({@code ftp://bob:pw@host} becomes
 * {@code ftp://bob:xxxxxx@host}), and the value of every query parameter whose name, ignoring
 * case, contains {@code password}, {@code passphrase}, {@code token}, {@code secret} or
 * {@code apikey} (also spelt {@code api_key}/{@code api-key}), or is one of the option names
 * Camel itself knows as sensitive ({@link SensitiveUtils}). A Camel {@code RAW(...)} or
 * {@code RAW{...}} value, which may contain {@code &}, is masked whole.
 */
public final class EndpointUris {

    /** What a masked value becomes (Camel's own sanitiser writes the same). */
    public static final String MASK = "xxxxxx";

    private static final String[] SENSITIVE = {"password", "passphrase", "token", "secret", "apikey", "api_key", "api-key"};

    private EndpointUris() {
    }

    public static String mask(String uri) {
        if (uri == null) {
            return "";
        }
        int query = uri.indexOf('?');
        String base = maskUserInfo(query < 0 ? uri : uri.substring(0, query));
        if (query < 0) {
            return base;
        }
        StringBuilder out = new StringBuilder(uri.length()).append(base).append('?');
        int i = query + 1;
        while (i <= uri.length()) {
            int eq = uri.indexOf('=', i);
            int amp = uri.indexOf('&', i);
            if (eq < 0 || (amp >= 0 && amp < eq)) {
                // a parameter without a value: copied as it is
                int end = amp < 0 ? uri.length() : amp;
                out.append(uri, i, end);
                i = end;
            } else {
                String name = uri.substring(i, eq);
                int end = valueEnd(uri, eq + 1);
                out.append(name).append('=');
                out.append(isSensitive(name) ? MASK : uri.substring(eq + 1, end));
                i = end;
            }
            if (i < uri.length()) {
                out.append('&');
            }
            i++;
        }
        return out.toString();
    }

    /** Whether a query parameter of this name holds a credential. */
    public static boolean isSensitive(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        for (String s : SENSITIVE) {
            if (lower.contains(s)) {
                return true;
            }
        }
        return SensitiveUtils.containsSensitive(lower);
    }

    // the end (exclusive) of the value starting at from: the next '&', or for RAW(...) / RAW{...}
    // the first closing bracket followed by '&' or the end, as Camel reads them
    private static int valueEnd(String uri, int from) {
        char close = uri.startsWith("RAW(", from) ? ')' : uri.startsWith("RAW{", from) ? '}' : 0;
        if (close != 0) {
            for (int c = uri.indexOf(close, from + 4); c >= 0; c = uri.indexOf(close, c + 1)) {
                if (c + 1 == uri.length() || uri.charAt(c + 1) == '&') {
                    return c + 1;
                }
            }
            return uri.length();
        }
        int amp = uri.indexOf('&', from);
        return amp < 0 ? uri.length() : amp;
    }

    // scheme://user:password@host... -> scheme://user:xxxxxx@host...
    private static String maskUserInfo(String base) {
        int scheme = base.indexOf("://");
        if (scheme < 0) {
            return base;
        }
        int start = scheme + 3;
        int slash = base.indexOf('/', start);
        int authorityEnd = slash < 0 ? base.length() : slash;
        int at = base.lastIndexOf('@', authorityEnd - 1);
        if (at < start) {
            return base;
        }
        int colon = base.indexOf(':', start);
        if (colon < 0 || colon > at) {
            return base;
        }
        return base.substring(0, colon + 1) + MASK + base.substring(at);
    }
}
