package io.devrig.inbox.internal;

import io.devrig.api.inbox.InboxItemInput;
import io.devrig.api.inbox.InboxStatus;
import io.devrig.api.inbox.Priority;
import io.devrig.api.time.DevRigClock;
import io.devrig.common.json.Json;
import io.devrig.common.json.JsonTrees;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The limits of {@link InboxItemInput}'s Javadoc, plus a few of our own (URL length,
 * metadata nesting, batch size), and the content hash that makes an unchanged re-store
 * detectable.
 */
final class ItemValidator {

    static final int MAX_EXTERNAL_ID = 500;
    static final int MAX_TYPE = 100;
    static final int MAX_TITLE = 500;
    static final int MAX_PREVIEW = 280;
    static final int MAX_BODY_BYTES = 1024 * 1024;
    static final int MAX_METADATA_BYTES = 64 * 1024;
    static final int MAX_URL = 2048;
    static final int MAX_METADATA_DEPTH = 32;
    /** Items per storeItems call and ids per state-change call. */
    static final int MAX_BATCH = 1000;

    static final Set<String> UPDATE_FIELDS = Set.of("title", "preview", "body", "priority", "actionable", "metadata",
            "status");

    private ItemValidator() {
    }

    /** Validates one input; throws {@link ItemException} naming the first bad field. */
    static ValidItem validate(InboxItemInput in) {
        if (in == null) {
            throw new ItemException("item: must not be null");
        }
        String externalId = required("externalId", in.externalId(), MAX_EXTERNAL_ID);
        String type = required("type", in.type(), MAX_TYPE);
        String title = required("title", in.title(), MAX_TITLE);
        String body = body("body", in.body());
        String preview = optional("preview", in.preview(), MAX_PREVIEW);
        String url = url("sourceUrl", in.sourceUrl());
        String priority = (in.priority() == null ? Priority.NORMAL : in.priority()).json();
        boolean actionable = Boolean.TRUE.equals(in.actionable());
        String metadata = metadata("metadata", in.metadata());
        String createdAt = instant("externalCreatedAt", in.externalCreatedAt());
        return new ValidItem(externalId, type, title, body, preview, url, priority, actionable, metadata, createdAt,
                hash(type, title, body, preview, url, priority, actionable, metadata, createdAt));
    }

    /**
     * An action's {@code itemUpdate}: only {@link #UPDATE_FIELDS}, each with the limits of a stored item;
     * status one of unread, read, archived.
     */
    static ItemUpdate update(Object value) {
        if (!(value instanceof Map<?, ?> map)) {
            throw new ItemException("itemUpdate: must be a JSON object");
        }
        ItemUpdate u = new ItemUpdate();
        for (Map.Entry<?, ?> e : map.entrySet()) {
            String key = String.valueOf(e.getKey());
            Object v = e.getValue();
            String path = "itemUpdate." + key;
            switch (key) {
                case "title" -> u.title = required(path, string(path, v), MAX_TITLE);
                case "preview" -> u.preview = optional(path, string(path, v), MAX_PREVIEW);
                case "body" -> u.body = body(path, string(path, v));
                case "priority" -> {
                    Priority p = Priority.fromJson(string(path, v));
                    if (p == null) {
                        throw new ItemException(path + ": must be one of urgent, high, normal, low");
                    }
                    u.priority = p.json();
                }
                case "actionable" -> {
                    if (!(v instanceof Boolean b)) {
                        throw new ItemException(path + ": must be true or false");
                    }
                    u.actionable = b;
                }
                case "metadata" -> {
                    if (v != null && !(v instanceof Map)) {
                        throw new ItemException(path + ": must be a JSON object");
                    }
                    @SuppressWarnings("unchecked")
                    Map<String, Object> m = (Map<String, Object>) v;
                    u.metadata = metadata(path, m);
                }
                case "status" -> {
                    InboxStatus s = InboxStatus.fromJson(string(path, v));
                    if (s == null || s == InboxStatus.SNOOZED) {
                        throw new ItemException(path + ": must be one of unread, read, archived");
                    }
                    u.status = s.json();
                }
                default -> throw new ItemException(path + ": unknown field (allowed: actionable, body, metadata,"
                        + " preview, priority, status, title)");
            }
            u.fields.add(key);
        }
        return u;
    }

    /** Fields an action's {@code itemUpdate} sets; only those in {@link #fields} are applied. */
    static final class ItemUpdate {
        final Set<String> fields = new java.util.TreeSet<>();
        String title;
        String preview;
        String body;
        String priority;
        boolean actionable;
        String metadata;
        String status;
    }

    static String hash(String type, String title, String body, String preview, String url, String priority,
            boolean actionable, String metadata, String createdAt) {
        MessageDigest digest = sha256();
        for (String s : new String[] {type, title, body, preview, url, priority, actionable ? "1" : "0", metadata,
                createdAt}) {
            // length-prefixed, so that field boundaries cannot shift between two contents
            if (s == null) {
                digest.update((byte) 0);
            } else {
                byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
                digest.update((byte) 1);
                digest.update(new byte[] {(byte) (bytes.length >>> 24), (byte) (bytes.length >>> 16),
                        (byte) (bytes.length >>> 8), (byte) bytes.length});
                digest.update(bytes);
            }
        }
        // 128 bits are plenty to tell one item's versions apart
        return HexFormat.of().formatHex(digest.digest(), 0, 16);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    private static String string(String path, Object v) {
        if (v != null && !(v instanceof String)) {
            throw new ItemException(path + ": must be a string");
        }
        return (String) v;
    }

    private static String required(String field, String value, int max) {
        if (value == null || value.isBlank()) {
            throw new ItemException(field + ": required");
        }
        return checkLength(field, value, max);
    }

    private static String optional(String field, String value, int max) {
        return value == null ? null : checkLength(field, value, max);
    }

    private static String checkLength(String field, String value, int max) {
        if (value.length() > max) {
            int chars = value.codePointCount(0, value.length());
            if (chars > max) {
                throw new ItemException(field + ": at most " + max + " characters, got " + chars);
            }
        }
        return value;
    }

    private static String body(String field, String value) {
        if (value == null) {
            return null;
        }
        // cheap bounds first: UTF-8 needs at least one byte and at most three per UTF-16 unit
        if (value.length() > MAX_BODY_BYTES
                || value.length() * 3L > MAX_BODY_BYTES && utf8Length(value) > MAX_BODY_BYTES) {
            throw new ItemException(field + ": at most 1 MiB (" + MAX_BODY_BYTES + " bytes as UTF-8), got "
                    + utf8Length(value));
        }
        return value;
    }

    private static long utf8Length(String s) {
        long n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                n++;
            } else if (c < 0x800) {
                n += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                n += 4;
                i++;
            } else {
                n += 3;
            }
        }
        return n;
    }

    private static String url(String field, String value) {
        if (value == null) {
            return null;
        }
        if (value.length() > MAX_URL) {
            throw new ItemException(field + ": at most " + MAX_URL + " characters, got " + value.length());
        }
        try {
            URI uri = new URI(value);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
                throw new ItemException(field + ": must be an absolute http or https URL");
            }
        } catch (URISyntaxException e) {
            throw new ItemException(field + ": not a valid URL (" + e.getReason() + " at index " + e.getIndex() + ")");
        }
        return value;
    }

    private static String instant(String field, String value) {
        if (value == null) {
            return null;
        }
        if (value.length() <= 64) {
            try {
                return DevRigClock.format(Instant.parse(value));
            } catch (DateTimeParseException e) {
                try {
                    return DevRigClock.format(OffsetDateTime.parse(value).toInstant());
                } catch (DateTimeParseException ignored) {
                    // reported below
                }
            }
        }
        throw new ItemException(field + ": must be an ISO-8601 instant such as 2026-11-23T08:15:30Z");
    }

    /** Canonical JSON text of a JSON-compatible object, bounded in size and depth. */
    private static String metadata(String field, Map<String, Object> value) {
        if (value == null) {
            return "{}";
        }
        try {
            JsonTrees.toTree(value, field, MAX_METADATA_DEPTH, Integer.MAX_VALUE); // refuses what is not JSON, calls no getter
        } catch (JsonTrees.NotJsonException e) {
            throw new ItemException(e.getMessage());
        }
        String json = Json.writeSorted(value); // keys sorted at every level
        long bytes = utf8Length(json);
        if (bytes > MAX_METADATA_BYTES) {
            throw new ItemException(field + ": at most " + MAX_METADATA_BYTES + " bytes as JSON, got " + bytes);
        }
        return json;
    }
}
