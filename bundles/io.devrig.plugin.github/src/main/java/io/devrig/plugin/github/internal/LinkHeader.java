package io.devrig.plugin.github.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * RFC 8288 {@code Link} headers as GitHub sends them:
 * {@code <https://api.github.com/...&page=2>; rel="next", <...&page=3>; rel="last"}.
 */
final class LinkHeader {

    private static final Pattern LINK = Pattern.compile("<([^>]*)>((?:\\s*;\\s*[^;,]*)*)");
    private static final Pattern REL = Pattern.compile("(?i)\\brel\\s*=\\s*(?:\"([^\"]*)\"|([^\\s;,\"]+))");

    private LinkHeader() {
    }

    /** URL by relation (lower case) over every Link header value; the first one of a relation wins. */
    static Map<String, String> parse(List<String> values) {
        Map<String, String> out = new LinkedHashMap<>();
        if (values == null) {
            return out;
        }
        for (String value : values) {
            Matcher link = LINK.matcher(value);
            while (link.find()) {
                Matcher rel = REL.matcher(link.group(2));
                if (rel.find()) {
                    String rels = rel.group(1) != null ? rel.group(1) : rel.group(2);
                    for (String r : rels.trim().split("\\s+")) {
                        out.putIfAbsent(r.toLowerCase(Locale.ROOT), link.group(1).trim());
                    }
                }
            }
        }
        return out;
    }
}
