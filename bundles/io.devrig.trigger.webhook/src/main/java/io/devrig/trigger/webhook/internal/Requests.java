package io.devrig.trigger.webhook.internal;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import io.devrig.common.json.Json;
import io.devrig.common.json.JsonTrees;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import javax.servlet.http.HttpServletRequest;

/**
 * What a request becomes: the content-type check, the normalised payload (one shape for every
 * webhook: README, "The payload") and the deduplication key of a request without a delivery id.
 */
final class Requests {

    /** Where a delivery id comes from, in this order (README, "Deduplication"). */
    static final List<String> DELIVERY_ID_HEADERS = List.of("webhook-id", "X-GitHub-Delivery", "Idempotency-Key");

    /** Headers that carry credentials or signatures, never copied into a payload. */
    private static final Set<String> SECRET_HEADERS = Set.of("authorization", "proxy-authorization", "cookie",
            "set-cookie", "webhook-signature", "x-hub-signature", "x-hub-signature-256");
    /** Header names containing any of these are dropped too (x-gitlab-token, x-api-key, x-webhook-secret...). */
    private static final List<String> SECRET_WORDS = List.of("secret", "token", "signature", "password", "passwd",
            "api-key", "apikey", "api_key", "credential", "session", "auth");

    /** Bad input that is answered 400 with this message (never an echo of the request). */
    static final class BadInput extends Exception {
        private static final long serialVersionUID = 1L;

        BadInput(String message) {
            super(message, null, false, false);
        }
    }

    private Requests() {
    }

    /**
     * Why a Content-Type does not match the declared media type, or null when it does. Media
     * types compare without case and parameters; a charset, when given, must be UTF-8 (or its
     * subset US-ASCII), as the body is read as UTF-8.
     */
    static String contentTypeProblem(String header, String declared) {
        String expected = "this webhook accepts Content-Type " + declared;
        if (header == null) {
            return expected;
        }
        String[] parts = header.split(";");
        if (!parts[0].trim().toLowerCase(Locale.ROOT).equals(declared)) {
            return expected;
        }
        for (int i = 1; i < parts.length; i++) {
            String[] param = parts[i].split("=", 2);
            if (param.length == 2 && "charset".equalsIgnoreCase(param[0].trim())) {
                String charset = param[1].trim().replace("\"", "").toLowerCase(Locale.ROOT);
                if (!charset.equals("utf-8") && !charset.equals("utf8") && !charset.equals("us-ascii")) {
                    return expected + " in UTF-8";
                }
            }
        }
        return null;
    }

    /**
     * The run's {@code trigger.payload}: method, path, headers (names in lower case, several
     * values joined by ", ", secrets and signatures removed), query, body (a JSON value for a
     * JSON type, fields for a form, else UTF-8 text; null when empty), receivedAt, deliveryId
     * and the signature scheme that verified it.
     */
    static Map<String, Object> payload(HttpServletRequest request, String path, byte[] body, WebhookConfig config,
            String deliveryId, Instant receivedAt) throws BadInput {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("method", request.getMethod());
        payload.put("path", "/hooks/" + path);
        payload.put("headers", headers(request, config));
        payload.put("query", fields(request.getQueryString(), "query"));
        payload.put("body", body.length == 0 && "GET".equals(request.getMethod()) ? null : body(body, config.contentType()));
        payload.put("receivedAt", receivedAt.toString());
        payload.put("deliveryId", deliveryId);
        payload.put("signature", config.signature().wireName());
        return payload;
    }

    private static Map<String, Object> headers(HttpServletRequest request, WebhookConfig config) {
        Map<String, Object> headers = new TreeMap<>();
        String hmacHeader = config.header() == null ? null : config.header().toLowerCase(Locale.ROOT);
        for (String name : Collections.list(request.getHeaderNames())) {
            String lower = name.toLowerCase(Locale.ROOT);
            if (SECRET_HEADERS.contains(lower) || lower.equals(hmacHeader)
                    || SECRET_WORDS.stream().anyMatch(lower::contains)) {
                continue;
            }
            headers.put(lower, String.join(", ", Collections.list(request.getHeaders(name))));
        }
        return headers;
    }

    static boolean isJson(String mediaType) {
        return mediaType.equals("application/json") || mediaType.endsWith("+json");
    }

    private static Object body(byte[] body, String mediaType) throws BadInput {
        if (isJson(mediaType)) {
            if (body.length == 0) {
                throw new BadInput("the body is empty; this webhook expects JSON");
            }
            try {
                JsonNode node = Json.MAPPER.readTree(body);
                if (node == null || node.isMissingNode()) {
                    throw new BadInput("the body is not JSON");
                }
                return JsonTrees.toJava(node);
            } catch (StreamConstraintsException e) {
                throw new BadInput("the body exceeds the JSON limits (nesting depth, number or text length)");
            } catch (JsonProcessingException e) {
                // the location only: Jackson's own message may quote a token of the body
                JsonLocation at = e.getLocation();
                throw new BadInput("the body is not valid JSON"
                        + (at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")"));
            } catch (IOException e) {
                throw new BadInput("the body is not valid JSON");
            }
        }
        String text = utf8(body);
        if (mediaType.equals("application/x-www-form-urlencoded")) {
            return fields(text, "form body");
        }
        return body.length == 0 ? null : text;
    }

    private static String utf8(byte[] body) throws BadInput {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(body)).toString();
        } catch (CharacterCodingException e) {
            throw new BadInput("the body is not UTF-8 text");
        }
    }

    /** {@code a=1&b=2&b=3} as {@code {"a": "1", "b": ["2", "3"]}}: a name given once is a string, repeated a list. */
    static Map<String, Object> fields(String encoded, String what) throws BadInput {
        Map<String, Object> fields = new LinkedHashMap<>();
        if (encoded == null || encoded.isEmpty()) {
            return fields;
        }
        for (String pair : encoded.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name;
            String value;
            try {
                name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw new BadInput("the " + what + " is not valid URL encoding");
            }
            Object old = fields.get(name);
            if (old == null) {
                fields.put(name, value);
            } else if (old instanceof List<?> list) {
                @SuppressWarnings("unchecked")
                List<Object> values = (List<Object>) list;
                values.add(value);
            } else {
                List<Object> values = new ArrayList<>();
                values.add(old);
                values.add(value);
                fields.put(name, values);
            }
        }
        return fields;
    }

    /** The deduplication key of a request without a delivery id: SHA-256 of method, path, query and body. */
    static String bodyKey(String method, String path, String query, byte[] body) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update((method + "\n/hooks/" + path + "\n" + (query == null ? "" : query) + "\n")
                    .getBytes(StandardCharsets.UTF_8));
            sha.update(body);
            return "sha256:" + HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is in every JDK", e);
        }
    }

    /** 1 to max characters, none a control character (a delivery id becomes part of a key and a payload). */
    static boolean isPrintable(String s, int max) {
        return !s.isEmpty() && s.length() <= max && s.chars().noneMatch(c -> c < 0x20 || c == 0x7f);
    }
}
