package io.devrig.trigger.webhook.internal;

import io.devrig.api.trigger.TriggerType;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A webhook trigger's configuration, read from the definition's trigger fields (README,
 * "Configuration"). {@link #read} collects every problem at once, each as
 * {@code $.trigger.<field>: message}; a configuration with problems is never used.
 *
 * @param path the path under {@code /hooks/}, or null to generate one from the workflow id
 * @param secretNames vault names; any of them may verify a request (rotation)
 * @param header the signature header of the {@code hmac} scheme (else null)
 * @param prefix what precedes the {@code hmac} signature in its header ("" for none)
 * @param base64 whether the {@code hmac} signature is base64 (else hex)
 */
record WebhookConfig(String path, List<String> methods, Scheme signature, List<String> secretNames, String header,
        String prefix, boolean base64, String contentType, int maxBodyBytes, int rateRequests, int ratePerSeconds,
        int toleranceSeconds) {

    /** The signature schemes. */
    enum Scheme {
        STANDARD, GITHUB, HMAC, NONE;

        String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    static final List<String> ALLOWED_METHODS = List.of("GET", "POST", "PUT");
    static final String DEFAULT_CONTENT_TYPE = "application/json";
    static final int DEFAULT_MAX_BODY = 1 << 20;
    /** Bodies go into the trigger event row and the run's payload: 16 MiB is plenty. */
    static final int MAX_MAX_BODY = 16 << 20;
    static final int DEFAULT_RATE_REQUESTS = 600;
    static final int DEFAULT_RATE_SECONDS = 60;
    static final int DEFAULT_TOLERANCE = 300;
    static final int MAX_TOLERANCE = 3600;
    static final int MAX_PATH = 200;
    static final int MAX_SECRETS = 5;

    private static final Set<String> FIELDS = Set.of("path", "method", "methods", "signature", "secret", "secrets",
            "header", "prefix", "encoding", "contentType", "maxBodyBytes", "rateLimit", "toleranceSeconds",
            TriggerType.DEDUPLICATION_WINDOW_FIELD);
    private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9_~-][A-Za-z0-9._~-]*");
    /** The vault's own rule for names (SecretVault#put). */
    private static final Pattern SECRET_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.:/-]{0,127}");
    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9!#$&^_.+-]+");
    private static final Pattern HEADER = Pattern.compile("[A-Za-z0-9!#$%&'*+.^_`|~-]{1,100}");

    /** What {@link #read} found: the configuration when there are no problems, else null. */
    record Read(WebhookConfig config, List<String> problems) {
    }

    static Read read(Map<String, Object> fields) {
        List<String> problems = new ArrayList<>();
        Map<String, Object> f = fields == null ? Map.of() : fields;
        for (String key : f.keySet()) {
            if (!FIELDS.contains(key) && !"type".equals(key)) {
                problems.add(at(key) + "unknown field (known: path, methods, signature, secret, secrets, header, prefix,"
                        + " encoding, contentType, maxBodyBytes, rateLimit, toleranceSeconds)");
            }
        }
        String path = path(f.get("path"), problems);
        List<String> methods = methods(f, problems);
        Scheme scheme = scheme(f.get("signature"), problems);
        List<String> secrets = secrets(f, scheme, problems);

        String header = null;
        String prefix = "";
        boolean base64 = false;
        if (scheme == Scheme.HMAC) {
            header = text(f.get("header"), "header", problems);
            if (header == null && !f.containsKey("header")) {
                problems.add(at("header") + "required with signature hmac: the request header that carries the signature");
            } else if (header != null && !HEADER.matcher(header).matches()) {
                problems.add(at("header") + "not a header name");
                header = null;
            }
            String p = text(f.get("prefix"), "prefix", problems);
            if (p != null) {
                if (p.length() > 50 || p.chars().anyMatch(c -> c < 0x20 || c > 0x7e)) {
                    problems.add(at("prefix") + "at most 50 printable ASCII characters");
                } else {
                    prefix = p;
                }
            }
            String encoding = text(f.get("encoding"), "encoding", problems);
            if (encoding != null) {
                switch (encoding) {
                    case "hex" -> base64 = false;
                    case "base64" -> base64 = true;
                    default -> problems.add(at("encoding") + "hex or base64");
                }
            }
        } else {
            for (String only : List.of("header", "prefix", "encoding")) {
                if (f.get(only) != null) {
                    problems.add(at(only) + "applies to signature hmac only");
                }
            }
        }

        String contentType = DEFAULT_CONTENT_TYPE;
        String ct = text(f.get("contentType"), "contentType", problems);
        if (ct != null) {
            String[] parts = ct.trim().toLowerCase(Locale.ROOT).split("/", -1);
            if (parts.length != 2 || !TOKEN.matcher(parts[0]).matches() || !TOKEN.matcher(parts[1]).matches()) {
                problems.add(at("contentType") + "a media type without parameters, such as application/json");
            } else {
                contentType = parts[0] + "/" + parts[1];
            }
        }

        int maxBody = whole(f.get("maxBodyBytes"), "maxBodyBytes", 1, MAX_MAX_BODY, DEFAULT_MAX_BODY, problems);
        int rateRequests = DEFAULT_RATE_REQUESTS;
        int ratePer = DEFAULT_RATE_SECONDS;
        Object rate = f.get("rateLimit");
        if (rate instanceof Map<?, ?> r) {
            for (Object k : r.keySet()) {
                if (!"requests".equals(k) && !"perSeconds".equals(k)) {
                    problems.add(at("rateLimit." + k) + "unknown field (known: requests, perSeconds)");
                }
            }
            rateRequests = whole(r.get("requests"), "rateLimit.requests", 1, 1_000_000, DEFAULT_RATE_REQUESTS, problems);
            ratePer = whole(r.get("perSeconds"), "rateLimit.perSeconds", 1, 86_400, DEFAULT_RATE_SECONDS, problems);
        } else if (rate != null) {
            problems.add(at("rateLimit") + "an object such as {\"requests\": 60, \"perSeconds\": 60}");
        }

        int tolerance = DEFAULT_TOLERANCE;
        if (scheme == Scheme.STANDARD || scheme == null) {
            tolerance = whole(f.get("toleranceSeconds"), "toleranceSeconds", 1, MAX_TOLERANCE, DEFAULT_TOLERANCE, problems);
        } else if (f.get("toleranceSeconds") != null) {
            problems.add(at("toleranceSeconds") + "applies to signature standard only (the other schemes carry no timestamp)");
        }
        // a replayed request is accepted by its timestamp for 2 x tolerance: the window must remember it that long
        if (scheme == Scheme.STANDARD) {
            Object w = f.get(TriggerType.DEDUPLICATION_WINDOW_FIELD);
            long window = w == null ? WebhookTriggerType.DEDUPLICATION_WINDOW.toSeconds()
                    : wholeOrMinus(w);
            if (window >= 0 && window < 2L * tolerance) {
                problems.add(at(TriggerType.DEDUPLICATION_WINDOW_FIELD) + "must be at least 2 x toleranceSeconds ("
                        + (2L * tolerance) + "), or a replay inside the timestamp tolerance would start a second run");
            }
        }
        if (!problems.isEmpty()) {
            return new Read(null, List.copyOf(problems));
        }
        return new Read(new WebhookConfig(path, methods, scheme, secrets, header, prefix, base64, contentType, maxBody,
                rateRequests, ratePer, tolerance), List.of());
    }

    /** A path given as {@code github/push}, {@code /github/push} or {@code /hooks/github/push}. */
    private static String path(Object value, List<String> problems) {
        if (value == null) {
            return null;
        }
        if (!(value instanceof String s)) {
            problems.add(at("path") + "a string such as \"github/push\"");
            return null;
        }
        String p = s.startsWith("/hooks/") ? s.substring("/hooks/".length()) : s.startsWith("/") ? s.substring(1) : s;
        String problem = pathProblem(p);
        if (problem != null) {
            problems.add(at("path") + problem);
            return null;
        }
        return p;
    }

    /** Why a path under /hooks/ is not usable, or null. */
    static String pathProblem(String p) {
        if (p.isEmpty() || p.length() > MAX_PATH) {
            return "1 to " + MAX_PATH + " characters after /hooks/";
        }
        for (String segment : p.split("/", -1)) {
            if (!SEGMENT.matcher(segment).matches()) {
                return "segments of letters, digits and . _ ~ - separated by single slashes, none starting with a dot";
            }
        }
        return null;
    }

    /** The path generated for a trigger without one: its workflow id, other characters as '-'. */
    static String generatedPath(String workflowId) {
        String p = "wf/" + workflowId.replaceAll("[^A-Za-z0-9_~.-]", "-");
        p = p.replace("/.", "/-");
        return p.length() > MAX_PATH ? p.substring(0, MAX_PATH) : p;
    }

    private static List<String> methods(Map<String, Object> f, List<String> problems) {
        Object many = f.get("methods");
        Object one = f.get("method");
        if (many != null && one != null) {
            problems.add(at("method") + "give methods or method (the seed's spelling), not both");
            return List.of("POST");
        }
        List<?> given;
        String field;
        if (many != null) {
            field = "methods";
            if (!(many instanceof List<?> list) || list.isEmpty()) {
                problems.add(at("methods") + "a non-empty list of GET, POST, PUT");
                return List.of("POST");
            }
            given = list;
        } else if (one != null) {
            field = "method";
            given = List.of(one);
        } else {
            return List.of("POST");
        }
        Set<String> methods = new LinkedHashSet<>();
        for (Object m : given) {
            String upper = m instanceof String s ? s.toUpperCase(Locale.ROOT) : null;
            if (upper == null || !ALLOWED_METHODS.contains(upper)) {
                problems.add(at(field) + "each one of GET, POST, PUT");
                return List.of("POST");
            }
            methods.add(upper);
        }
        return List.copyOf(methods);
    }

    private static Scheme scheme(Object value, List<String> problems) {
        if (value == null) {
            problems.add(at("signature") + "required: standard, github, hmac, or none (explicitly unsigned)");
            return null;
        }
        if (value instanceof String s) {
            for (Scheme scheme : Scheme.values()) {
                if (scheme.wireName().equals(s)) {
                    return scheme;
                }
            }
        }
        problems.add(at("signature") + "one of standard, github, hmac, none");
        return null;
    }

    private static List<String> secrets(Map<String, Object> f, Scheme scheme, List<String> problems) {
        Set<String> names = new LinkedHashSet<>();
        Object one = f.get("secret");
        if (one != null) {
            if (one instanceof String s && SECRET_NAME.matcher(s).matches()) {
                names.add(s);
            } else {
                problems.add(at("secret") + "the NAME of a vault secret (devrig:secret-set), never its value");
            }
        }
        Object many = f.get("secrets");
        if (many != null) {
            if (!(many instanceof List<?> list) || list.isEmpty() || list.size() > MAX_SECRETS) {
                problems.add(at("secrets") + "a list of 1 to " + MAX_SECRETS + " vault secret names");
            } else {
                for (Object s : list) {
                    if (s instanceof String name && SECRET_NAME.matcher(name).matches()) {
                        names.add(name);
                    } else {
                        problems.add(at("secrets") + "each the NAME of a vault secret, never its value");
                        break;
                    }
                }
            }
        }
        if (scheme == Scheme.NONE && (one != null || many != null)) {
            problems.add(at("secret") + "not used with signature none");
        } else if (scheme != null && scheme != Scheme.NONE && names.isEmpty() && one == null && many == null) {
            problems.add(at("secret") + "required with signature " + scheme.wireName() + ": the name of a vault secret");
        }
        return List.copyOf(names);
    }

    private static String text(Object value, String field, List<String> problems) {
        if (value == null || value instanceof String) {
            return (String) value;
        }
        problems.add(at(field) + "a string");
        return null;
    }

    private static int whole(Object value, String field, int min, int max, int dflt, List<String> problems) {
        if (value == null) {
            return dflt;
        }
        long v = wholeOrMinus(value);
        if (v < min || v > max) {
            problems.add(at(field) + "a whole number from " + min + " to " + max);
            return dflt;
        }
        return (int) v;
    }

    /** A JSON whole number's value, or -1 when it is not one (or is far too large). */
    private static long wholeOrMinus(Object value) {
        if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
            return ((Number) value).longValue();
        }
        try {
            if (value instanceof BigDecimal d) {
                return d.longValueExact();
            }
            if (value instanceof BigInteger i) {
                return i.longValueExact();
            }
            if (value instanceof Double d && d == Math.rint(d) && Math.abs(d) < 1e15) {
                return d.longValue();
            }
        } catch (ArithmeticException e) {
            return -1;
        }
        return -1;
    }

    private static String at(String field) {
        return "$.trigger." + field + ": ";
    }
}
