package io.devrig.action.http.internal;

import io.devrig.api.action.ActionContext;
import io.devrig.api.error.DevRigError;
import io.devrig.api.error.DevRigException;
import io.devrig.api.error.ErrorCategory;
import io.devrig.api.error.ErrorCodes;
import io.devrig.api.http.OutboundHttp;
import io.devrig.api.http.OutboundRequest;
import io.devrig.api.http.OutboundResponse;
import io.devrig.common.json.Json;
import io.devrig.common.json.JsonPathText;
import io.devrig.common.json.JsonTrees;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * What http.request and http.graphql share: the destination (a URL, or a vault secret holding
 * one), query, headers, auth from the vault, time limit and response cap; sending through
 * {@link OutboundHttp}; reading the response (headers without secrets, body as JSON or text,
 * truncation); and turning a status into an error category the retry policy understands.
 */
final class HttpCall {

    static final Set<String> COMMON_KEYS = Set.of("url", "urlSecret", "query", "headers", "auth", "timeoutMs",
            "maxResponseBytes", "followRedirects", "idempotencyKey");
    static final int DEFAULT_TIMEOUT_MS = 30_000;
    static final int MAX_TIMEOUT_MS = 300_000;
    static final int DEFAULT_MAX_RESPONSE_BYTES = 1_048_576;
    static final int MAX_RESPONSE_BYTES = 10_485_760;
    /** A status the node did not expect (category by status: 408/425/429/5xx transient, else permanent). */
    static final String HTTP_STATUS = "HTTP_STATUS";
    /** The response cannot be read as the action needs it (not JSON when JSON was required, truncated). */
    static final String HTTP_RESPONSE_INVALID = "HTTP_RESPONSE_INVALID";
    /** How much of an error response's body goes into the error's details. */
    static final int ERROR_BODY_CHARS = 1_000;

    /** Response headers never put in an output: they carry credentials or session state. */
    private static final Set<String> SECRET_HEADERS = Set.of("set-cookie", "set-cookie2", "cookie", "authorization",
            "proxy-authorization", "x-api-key", "x-amz-security-token");
    private static final Pattern SECRET_HEADER_NAME = Pattern.compile(
            "(?i).*(token|secret|api[-_]?key|session|password|passwd|credential|signature).*");
    /** Request headers that carry credentials: only through {@code auth}, from the vault. */
    private static final Set<String> CREDENTIAL_HEADERS = Set.of("authorization", "proxy-authorization");
    private static final Pattern HEADER_NAME = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]{1,256}");
    private static final int MAX_URL = 8_192;

    final String method;
    private final String url;
    private final String urlSecret;
    private final Map<String, Object> query;
    private final Map<String, String> headers;
    private final Auth auth;
    final int timeoutMs;
    final int maxResponseBytes;
    final boolean followRedirects;
    private final boolean idempotencyKey;

    private HttpCall(String method, String url, String urlSecret, Map<String, Object> query,
            Map<String, String> headers, Auth auth, int timeoutMs, int maxResponseBytes, boolean followRedirects,
            boolean idempotencyKey) {
        this.method = method;
        this.url = url;
        this.urlSecret = urlSecret;
        this.query = query;
        this.headers = headers;
        this.auth = auth;
        this.timeoutMs = timeoutMs;
        this.maxResponseBytes = maxResponseBytes;
        this.followRedirects = followRedirects;
        this.idempotencyKey = idempotencyKey;
    }

    /**
     * Reads the fields of {@link #COMMON_KEYS} from the input.
     *
     * @param urlQuery whether {@code query} holds URL query parameters (in http.graphql it is the document)
     */
    static HttpCall parse(String method, Map<String, Object> in, boolean urlQuery) {
        if (in.containsKey("url") == in.containsKey("urlSecret")) {
            throw Inputs.invalid("$", "give exactly one of 'url' and 'urlSecret'");
        }
        String url = null;
        String urlSecret = null;
        if (in.containsKey("url")) {
            url = Inputs.text(in.get("url"), "$.url", MAX_URL);
            checkUrl(url, "$.url", false);
        } else {
            urlSecret = Inputs.text(in.get("urlSecret"), "$.urlSecret", 128);
        }
        Map<String, Object> query = !urlQuery || in.get("query") == null ? Map.of()
                : Inputs.object(in.get("query"), "$.query");
        query.forEach((k, v) -> queryValues(v, JsonPathText.key("$.query", k)));
        Map<String, String> headers = new LinkedHashMap<>();
        if (in.get("headers") != null) {
            Inputs.object(in.get("headers"), "$.headers").forEach((name, value) -> {
                String path = JsonPathText.key("$.headers", name);
                if (!HEADER_NAME.matcher(name).matches()) {
                    throw Inputs.invalid(path, "is not a valid header name");
                }
                if (CREDENTIAL_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
                    throw Inputs.invalid(path, "credentials are never written into a node: store them in the vault "
                            + "and use 'auth' with the secret's name");
                }
                headers.put(name, Inputs.text(value, path, 8_192));
            });
        }
        Auth auth = in.get("auth") == null ? null : Auth.parse(Inputs.object(in.get("auth"), "$.auth"));
        if (auth != null && auth.header() != null && headers.keySet().stream().anyMatch(auth.header()::equalsIgnoreCase)) {
            throw Inputs.invalid("$.headers", "sets '" + auth.header() + "', which $.auth sets from the vault");
        }
        boolean namedHeader = auth != null && auth.type().equals("header");
        boolean follow = Inputs.optionalBool(in, "followRedirects", "$", !namedHeader);
        if (follow && namedHeader) {
            // the client drops Authorization/Cookie on a cross-origin redirect, but not a custom header
            throw Inputs.invalid("$.followRedirects", "cannot be true with auth type 'header': the key would be sent "
                    + "on to wherever a redirect points");
        }
        return new HttpCall(method, url, urlSecret, query, headers, auth,
                Inputs.optionalInteger(in, "timeoutMs", "$", 1, MAX_TIMEOUT_MS, DEFAULT_TIMEOUT_MS),
                Inputs.optionalInteger(in, "maxResponseBytes", "$", 1, MAX_RESPONSE_BYTES, DEFAULT_MAX_RESPONSE_BYTES),
                follow, Inputs.optionalBool(in, "idempotencyKey", "$", false));
    }

    /** An absolute http(s) URL with a host; the message never quotes it (it may hold a token). */
    private static URI checkUrl(String text, String path, boolean secret) {
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            throw Inputs.invalid(path, (secret ? "the secret's value " : "") + "is not a valid URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!uri.isAbsolute() || !(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
            throw Inputs.invalid(path, (secret ? "the secret's value " : "") + "must be an absolute http or https URL");
        }
        if (uri.getRawUserInfo() != null) {
            throw Inputs.invalid(path, "must not carry user:password; use auth type 'basic' with a vault secret");
        }
        return uri;
    }

    private static List<String> queryValues(Object value, String path) {
        List<String> out = new ArrayList<>();
        if (value instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                out.add(scalar(list.get(i), JsonPathText.index(path, i)));
            }
        } else {
            out.add(scalar(value, path));
        }
        return out;
    }

    /** A query or form value as text (numbers exactly, without exponent). */
    static String scalar(Object value, String path) {
        if (value instanceof String s) {
            return s;
        }
        if (value instanceof Boolean b) {
            return b.toString();
        }
        if (value instanceof Number n) {
            try {
                return io.devrig.common.json.JsonValues.decimal(n).toPlainString();
            } catch (IllegalArgumentException e) {
                throw Inputs.invalid(path, "must be a finite number");
            }
        }
        throw Inputs.invalid(path, "must be a string, number or boolean (or an array of them), found "
                + JsonTrees.type(value));
    }

    /** The URL to send to: the input's or the secret's, with the query appended. */
    URI uri(Secrets secrets) {
        String base = url;
        if (urlSecret != null) {
            base = secrets.reveal(urlSecret, "$.urlSecret");
            URI parsed = checkUrl(base, "$.urlSecret", true);
            // the parts of a webhook URL that make it a credential
            secrets.remember(parsed.getRawPath());
            secrets.remember(parsed.getRawQuery());
        }
        if (query.isEmpty()) {
            return URI.create(base);
        }
        StringBuilder q = new StringBuilder();
        query.forEach((k, v) -> {
            for (String value : queryValues(v, "$.query")) {
                q.append(q.length() == 0 ? "" : "&").append(encode(k)).append('=').append(encode(value));
            }
        });
        URI u = URI.create(base);
        String fragmentless = base.contains("#") ? base.substring(0, base.indexOf('#')) : base;
        String joined = fragmentless + (u.getRawQuery() == null ? "?" : "&") + q;
        return URI.create(joined);
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** The headers to send: the input's, {@code Accept} when given, auth from the vault, the idempotency key. */
    Map<String, List<String>> headers(Secrets secrets, ActionContext context, String contentType, String accept) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        headers.forEach((k, v) -> out.put(k, List.of(v)));
        if (contentType != null && !has(out, "content-type")) {
            out.put("Content-Type", List.of(contentType));
        }
        if (accept != null && !has(out, "accept")) {
            out.put("Accept", List.of(accept));
        }
        if (auth != null) {
            out.put(auth.header(), List.of(auth.value(secrets)));
        }
        if (idempotencyKey && context.idempotencyKey() != null && !has(out, "idempotency-key")) {
            out.put("Idempotency-Key", List.of(context.idempotencyKey()));
        }
        return out;
    }

    private static boolean has(Map<String, List<String>> headers, String lowerName) {
        return headers.keySet().stream().anyMatch(lowerName::equalsIgnoreCase);
    }

    /** The request as a dry-run shows it: the URL of a secret and auth values masked. */
    Map<String, Object> preview(ActionContext context, String contentType, String accept, Object body) {
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("method", method);
        request.put("url", urlSecret != null ? "(the URL in vault secret '" + urlSecret + "')" : uri(null).toString());
        if (urlSecret != null && !query.isEmpty()) {
            request.put("query", query);
        }
        Map<String, Object> shown = new LinkedHashMap<>(headers);
        if (contentType != null && shown.keySet().stream().noneMatch("content-type"::equalsIgnoreCase)) {
            shown.put("Content-Type", contentType);
        }
        if (accept != null && shown.keySet().stream().noneMatch("accept"::equalsIgnoreCase)) {
            shown.put("Accept", accept);
        }
        if (auth != null) {
            shown.put(auth.header(), auth.masked());
        }
        if (idempotencyKey && context.idempotencyKey() != null) {
            shown.put("Idempotency-Key", context.idempotencyKey());
        }
        request.put("headers", shown);
        if (body != null) {
            request.put("body", body);
        }
        if (auth != null) {
            request.put("auth", auth.describe());
        }
        request.put("timeoutMs", timeoutMs);
        request.put("followRedirects", followRedirects);
        Map<String, Object> preview = new LinkedHashMap<>();
        preview.put("preview", Boolean.TRUE);
        preview.put("sent", Boolean.FALSE);
        preview.put("request", request);
        return preview;
    }

    /**
     * Sends through the outbound client, within {@code timeoutMs} and the context's deadline.
     * Its errors (refused destination, timeout, too large, transport) keep their code and
     * category, with any secret value masked.
     */
    OutboundResponse send(OutboundHttp http, Secrets secrets, ActionContext context, byte[] body, String contentType,
            String accept) {
        if (Thread.currentThread().isInterrupted() || context.cancelled()) {
            throw new DevRigException(ErrorCodes.CANCELLED, ErrorCategory.CANCELLED, "cancelled before the request");
        }
        long limit = timeoutMs;
        if (context.deadline() != null) {
            limit = Math.min(limit, Duration.between(Instant.now(), context.deadline()).toMillis());
        }
        if (limit <= 0) {
            throw new DevRigException(ErrorCodes.HTTP_TIMEOUT, ErrorCategory.TIMEOUT,
                    "the node's time is up; the request was not sent");
        }
        try {
            URI target = uri(secrets);
            OutboundRequest request = new OutboundRequest(method, target,
                    headers(secrets, context, body == null ? null : contentType, accept), body,
                    Duration.ofMillis(limit), followRedirects);
            return http.send(request);
        } catch (DevRigException e) {
            throw secrets.mask(e);
        }
    }

    /** Response headers to drop besides the usual credential ones: the one {@code auth} sends, if echoed. */
    Set<String> hiddenHeaders() {
        return auth == null ? Set.of() : Set.of(auth.header().toLowerCase(Locale.ROOT));
    }

    /** Where the request went, for log lines and messages: method and host only (never path or query). */
    String where(URI uri) {
        String host = uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort());
        return method + " " + (urlSecret != null ? host + " (URL from vault secret '" + urlSecret + "')" : host);
    }

    // ---- the response ----

    /**
     * A response read for an output.
     *
     * @param body JSON value, text, or null for an empty body
     * @param bodyType {@code json}, {@code text} or {@code empty}
     * @param jsonError why a body declared as JSON was given as text, or null
     */
    record Reply(int status, Map<String, String> headers, Object body, String bodyType, boolean truncated, int bytes,
            String jsonError) {

        Map<String, Object> output() {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("status", status);
            out.put("ok", status >= 200 && status < 300);
            out.put("headers", headers);
            out.put("body", body);
            out.put("bodyType", bodyType);
            out.put("truncated", truncated);
            out.put("bytes", bytes);
            if (jsonError != null) {
                out.put("jsonError", jsonError);
            }
            return out;
        }
    }

    /**
     * Reads a response: headers without credentials, the body cut to {@code cap} bytes and
     * parsed as JSON when it is declared JSON ({@code responseType} {@code auto}) or always
     * ({@code json}), else text; every string masked.
     */
    static Reply read(OutboundResponse response, int cap, String responseType, Secrets secrets, Set<String> hide) {
        Map<String, String> headers = new TreeMap<>();
        response.headers().forEach((name, values) -> {
            String lower = name.toLowerCase(Locale.ROOT);
            if (!SECRET_HEADERS.contains(lower) && !hide.contains(lower) && !SECRET_HEADER_NAME.matcher(lower).matches()) {
                headers.put(lower, secrets.mask(String.join(", ", values)));
            }
        });
        byte[] raw = response.body() == null ? new byte[0] : response.body();
        boolean truncated = raw.length > cap;
        int length = truncated ? utf8Boundary(raw, cap) : raw.length;
        String text = new String(raw, 0, length, StandardCharsets.UTF_8);
        if (length == 0) {
            return new Reply(response.status(), headers, null, "empty", truncated, raw.length, null);
        }
        boolean json = responseType.equals("json") || responseType.equals("auto") && isJson(headers.get("content-type"));
        if (json && !truncated) {
            try {
                return new Reply(response.status(), headers, secrets.mask(Json.read(text)), "json", false, raw.length,
                        null);
            } catch (IllegalArgumentException e) {
                if (responseType.equals("json")) {
                    throw new DevRigException(DevRigError.of(HTTP_RESPONSE_INVALID, ErrorCategory.PERMANENT,
                            "the response (status " + response.status() + ") is not valid JSON: " + e.getMessage())
                            .withDetails(Map.of("status", response.status())));
                }
                return new Reply(response.status(), headers, secrets.mask(text), "text", false, raw.length,
                        e.getMessage());
            }
        }
        if (json && responseType.equals("json")) {
            throw new DevRigException(DevRigError.of(HTTP_RESPONSE_INVALID, ErrorCategory.PERMANENT,
                    "the JSON response of " + raw.length + " bytes is larger than maxResponseBytes (" + cap
                            + "); raise it to read the response").withDetails(Map.of("status", response.status(),
                                    "bytes", raw.length, "maxResponseBytes", cap)));
        }
        return new Reply(response.status(), headers, secrets.mask(text), "text", truncated, raw.length, null);
    }

    /** The largest length ≤ {@code cap} that does not cut a UTF-8 sequence. */
    private static int utf8Boundary(byte[] b, int cap) {
        int end = cap;
        while (end > 0 && (b[end] & 0xC0) == 0x80) {
            end--; // b[end] continues a sequence: cut before its lead byte
        }
        return end;
    }

    static boolean isJson(String contentType) {
        if (contentType == null) {
            return false;
        }
        String type = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        return type.equals("application/json") || type.endsWith("+json");
    }

    /**
     * The error for a status the node does not accept. 408, 425, 429 and 5xx are transient
     * (429 as {@code RATE_LIMITED}); others permanent. A {@code Retry-After} header becomes
     * {@code retryAfterMs} in the details. The details carry the start of the body, masked.
     */
    static DevRigException statusError(Reply reply, String where) {
        int status = reply.status();
        boolean transientStatus = status == 408 || status == 425 || status == 429 || status >= 500;
        String code = status == 429 ? ErrorCodes.RATE_LIMITED : HTTP_STATUS;
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("status", status);
        Long retryAfter = retryAfterMs(reply.headers().get("retry-after"));
        if (retryAfter != null) {
            details.put("retryAfterMs", retryAfter);
        }
        if (reply.body() != null) {
            String body = reply.body() instanceof String s ? s : Json.write(reply.body());
            details.put("body", body.length() <= ERROR_BODY_CHARS ? body : body.substring(0, ERROR_BODY_CHARS) + "…");
        }
        String message = where + " answered " + status + (status >= 400 ? "" : ", which the node does not expect")
                + (retryAfter == null ? "" : "; retry after " + Math.max(1, (retryAfter + 999) / 1000) + " s");
        return new DevRigException(DevRigError.of(code, transientStatus ? ErrorCategory.TRANSIENT : ErrorCategory.PERMANENT,
                message).withDetails(details));
    }

    /** {@code Retry-After} as milliseconds from now: delta seconds or an HTTP date; null when absent or unreadable. */
    static Long retryAfterMs(String header) {
        if (header == null || header.isBlank()) {
            return null;
        }
        String v = header.trim();
        try {
            return Math.max(0, new BigDecimal(v).longValueExact()) * 1000;
        } catch (NumberFormatException | ArithmeticException notSeconds) {
            try {
                Instant at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
                return Math.max(0, Duration.between(Instant.now(), at).toMillis());
            } catch (DateTimeParseException unreadable) {
                return null;
            }
        }
    }

    // ---- auth ----

    /**
     * Credentials from the vault, by name.
     *
     * @param type {@code bearer}, {@code basic} or {@code header}
     * @param secret the vault secret holding the token, password or key
     * @param username for basic: the user name (not secret), or null when {@code usernameSecret} is set
     * @param usernameSecret for basic: a vault secret holding the user name
     * @param header the header it is sent in
     * @param prefix for header: text before the value (e.g. {@code Token }), may be empty
     */
    record Auth(String type, String secret, String username, String usernameSecret, String header, String prefix) {

        private static final Set<String> KEYS = Set.of("type", "secret", "username", "usernameSecret", "name", "prefix");

        static Auth parse(Map<String, Object> in) {
            Inputs.onlyKeys(in, "$.auth", KEYS);
            String type = Inputs.text(in.get("type"), "$.auth.type", 16);
            String secret = Inputs.text(in.get("secret"), "$.auth.secret", 128);
            switch (type) {
                case "bearer" -> {
                    refuse(in, "bearer", "username", "usernameSecret", "name", "prefix");
                    return new Auth(type, secret, null, null, "Authorization", "Bearer ");
                }
                case "basic" -> {
                    refuse(in, "basic", "name", "prefix");
                    if (in.containsKey("username") == in.containsKey("usernameSecret")) {
                        throw Inputs.invalid("$.auth", "basic auth needs exactly one of 'username' and 'usernameSecret'");
                    }
                    String user = Inputs.optionalText(in, "username", "$.auth", 256, null);
                    String userSecret = Inputs.optionalText(in, "usernameSecret", "$.auth", 128, null);
                    if (user != null && user.contains(":")) {
                        throw Inputs.invalid("$.auth.username", "must not contain ':'");
                    }
                    return new Auth(type, secret, user, userSecret, "Authorization", "Basic ");
                }
                case "header" -> {
                    refuse(in, "header", "username", "usernameSecret");
                    String name = Inputs.text(in.get("name"), "$.auth.name", 256);
                    if (!HEADER_NAME.matcher(name).matches() || name.equalsIgnoreCase("host")) {
                        throw Inputs.invalid("$.auth.name", "is not a header name that can carry a credential");
                    }
                    Object prefix = in.get("prefix");
                    if (prefix != null && !(prefix instanceof String)) {
                        throw Inputs.invalid("$.auth.prefix", "must be a string");
                    }
                    return new Auth(type, secret, null, null, name, prefix == null ? "" : (String) prefix);
                }
                default -> throw Inputs.invalid("$.auth.type", "must be one of bearer, basic, header");
            }
        }

        private static void refuse(Map<String, Object> in, String type, String... keys) {
            for (String key : keys) {
                if (in.containsKey(key)) {
                    throw Inputs.invalid("$.auth." + key, "does not apply to auth type '" + type + "'");
                }
            }
        }

        /** The header value, read from the vault now. */
        String value(Secrets secrets) {
            String value = secrets.reveal(secret, "$.auth.secret");
            if (type.equals("basic")) {
                String user = usernameSecret != null ? secrets.reveal(usernameSecret, "$.auth.usernameSecret") : username;
                String encoded = Base64.getEncoder().encodeToString((user + ":" + value).getBytes(StandardCharsets.UTF_8));
                secrets.remember(encoded);
                return prefix + encoded;
            }
            return prefix + value;
        }

        String masked() {
            return prefix + Secrets.MASK;
        }

        Map<String, Object> describe() {
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("type", type);
            d.put("secret", secret);
            if (username != null) {
                d.put("username", username);
            }
            if (usernameSecret != null) {
                d.put("usernameSecret", usernameSecret);
            }
            if (type.equals("header")) {
                d.put("name", header);
            }
            return d;
        }
    }
}
