package io.devrig.catalog.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.devrig.api.plugin.CatalogEntry;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads one catalog index ({@code {"catalogVersion": 1, "plugins": [...]}}). A problem with
 * the file as a whole (not JSON, wrong version, no plugin array) makes it unreadable; a
 * problem with one entry skips that entry only. Every problem names the index file, the
 * entry's JSON path and the field. Strict like the plugin descriptor: an unknown field skips
 * the entry, because a misspelt {@code permissions} would otherwise show a plugin as asking
 * for nothing.
 */
final class IndexReader {

    /** The index format this code reads; a new field or meaning takes a new number. */
    static final int CATALOG_VERSION = 1;

    /** Same grammar as Bundle-SymbolicName, since the name must be one. */
    static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]+(\\.[A-Za-z0-9_-]+)*");
    /** Same form as the descriptor's version. */
    static final Pattern VERSION = Pattern.compile("\\d+\\.\\d+\\.\\d+");
    static final String DEFAULT_CATEGORY = "other";

    private static final Set<String> TOP = Set.of("catalogVersion", "plugins");
    private static final Set<String> FIELDS = Set.of("name", "version", "displayName", "description", "category",
            "tags", "permissions", "location");
    private static final Pattern SCHEME = Pattern.compile("([A-Za-z][A-Za-z0-9+.-]*):.*", Pattern.DOTALL);
    // a second "location" in one entry must not silently replace the first
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

    /** An entry as listed, with where it came from (for duplicate reports). */
    record Listing(CatalogEntry entry, Path index, String path) {
    }

    /**
     * What a readable index holds.
     *
     * @param plugins the valid entries, in file order
     * @param problems one line per problem, each naming the index, entry and field
     */
    record Result(List<Listing> plugins, List<String> problems) {
        Result {
            plugins = List.copyOf(plugins);
            problems = List.copyOf(problems);
        }
    }

    /** The index cannot be used at all; the message names the file and says why. */
    static final class UnreadableIndexException extends Exception {
        private static final long serialVersionUID = 1L;

        UnreadableIndexException(String message) {
            super(message);
        }
    }

    private IndexReader() {
    }

    /**
     * Parses {@code json}, the content of {@code index} (an absolute, normalized path: relative
     * {@code file:} locations resolve against its folder).
     */
    static Result read(Path index, byte[] json) throws UnreadableIndexException {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new UnreadableIndexException(index + ": not valid JSON: " + e.getOriginalMessage() + " at line "
                    + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr());
        } catch (IOException e) {
            throw new UnreadableIndexException(index + ": cannot be read: " + e.getMessage());
        }
        if (root == null || !root.isObject()) {
            throw new UnreadableIndexException(index + ": $: must be a JSON object {\"catalogVersion\": "
                    + CATALOG_VERSION + ", \"plugins\": [...]}");
        }
        JsonNode version = root.get("catalogVersion");
        if (version == null || version.isNull()) {
            throw new UnreadableIndexException(index + ": $.catalogVersion: required (this DevRig reads catalogVersion "
                    + CATALOG_VERSION + ")");
        }
        if (!version.isIntegralNumber()) {
            throw new UnreadableIndexException(index + ": $.catalogVersion: must be a whole number, not " + shown(version));
        }
        if (version.asLong() != CATALOG_VERSION) {
            throw new UnreadableIndexException(index + ": $.catalogVersion: " + version + " is not supported (this DevRig reads "
                    + "catalogVersion " + CATALOG_VERSION + (version.asLong() > CATALOG_VERSION
                            ? "; the index was written for a newer DevRig)" : ")"));
        }
        JsonNode plugins = root.get("plugins");
        if (plugins == null || plugins.isNull()) {
            throw new UnreadableIndexException(index + ": $.plugins: required (an array of plugins)");
        }
        if (!plugins.isArray()) {
            throw new UnreadableIndexException(index + ": $.plugins: must be an array of plugins");
        }

        List<String> problems = new ArrayList<>();
        // an unknown top-level field cannot change what an entry means: report it, keep the entries
        for (Iterator<String> it = root.fieldNames(); it.hasNext();) {
            String field = it.next();
            if (!TOP.contains(field)) {
                problems.add(index + ": $." + field + ": unknown field, ignored (allowed: " + sorted(TOP) + ")");
            }
        }
        List<Listing> result = new ArrayList<>();
        Map<String, String> seen = new HashMap<>();
        Path folder = index.getParent();
        for (int i = 0; i < plugins.size(); i++) {
            String at = "$.plugins[" + i + "]";
            Entry entry = new Entry(index, folder, at, plugins.get(i));
            CatalogEntry parsed = entry.parse();
            if (parsed != null) {
                String first = seen.putIfAbsent(parsed.name(), at);
                if (first != null) {
                    entry.problem("name", "'" + parsed.name() + "' is already listed at " + first);
                    parsed = null;
                }
            }
            if (parsed == null) {
                problems.addAll(entry.problems());
            } else {
                result.add(new Listing(parsed, index, at));
            }
        }
        return new Result(result, problems);
    }

    /** One entry being checked; collects every problem it has before deciding. */
    private static final class Entry {
        private final Path index;
        private final Path folder;
        private final String at;
        private final JsonNode node;
        private final List<String> messages = new ArrayList<>();
        private String name;

        Entry(Path index, Path folder, String at, JsonNode node) {
            this.index = index;
            this.folder = folder;
            this.at = at;
            this.node = node;
        }

        /** The entry, or null when it has a problem. */
        CatalogEntry parse() {
            if (node == null || !node.isObject()) {
                problem(null, "must be an object");
                return null;
            }
            name = requiredText("name");
            if (name != null && !NAME.matcher(name).matches()) {
                problem("name", "'" + name + "' is not a bundle symbolic name (letters, digits, '_', '-', separated by '.')");
            }
            for (Iterator<String> it = node.fieldNames(); it.hasNext();) {
                String field = it.next();
                if (!FIELDS.contains(field)) {
                    problem(field, "unknown field (allowed: " + sorted(FIELDS) + ")");
                }
            }
            String version = requiredText("version");
            if (version != null && !VERSION.matcher(version).matches()) {
                problem("version", "'" + version + "' is not a version like 1.2.3");
            }
            String displayName = requiredText("displayName");
            String description = optionalText("description", "");
            String category = optionalText("category", DEFAULT_CATEGORY);
            List<String> tags = textList("tags", false);
            List<String> permissions = textList("permissions", true);
            String location = location();
            if (!messages.isEmpty()) {
                return null;
            }
            return new CatalogEntry(name, version, displayName, description, category, List.copyOf(tags),
                    Collections.unmodifiableSet(new LinkedHashSet<>(permissions)), location, false);
        }

        /**
         * {@code mvn:group/artifact/version[/type[/classifier]]} as given, or a {@code file:}
         * location as an absolute {@code file:} URI (a relative one resolved against the
         * index's folder, which it may not leave).
         */
        private String location() {
            String raw = requiredText("location");
            if (raw == null) {
                return null;
            }
            raw = raw.trim();
            var scheme = SCHEME.matcher(raw);
            if (!scheme.matches()) {
                problem("location", "'" + raw + "' has no scheme: use mvn:group/artifact/version or file:path/to/plugin.jar");
                return null;
            }
            switch (scheme.group(1).toLowerCase(Locale.ROOT)) {
                case "mvn" -> {
                    return mavenLocation(raw);
                }
                case "file" -> {
                    return fileLocation(raw);
                }
                default -> {
                    problem("location", "'" + raw + "': scheme '" + scheme.group(1) + ":' is not allowed "
                            + "(use mvn: or file:; the catalog downloads nothing itself)");
                    return null;
                }
            }
        }

        private String mavenLocation(String raw) {
            String body = raw.substring(4);
            if (body.contains("!")) {
                // mvn:<repository>!g/a/v would fetch from a repository the admin never configured
                problem("location", "'" + raw + "' names a repository ('!'): bundles come only from the Maven "
                        + "repositories Karaf is configured with");
                return null;
            }
            String[] parts = body.split("/", -1);
            boolean valid = parts.length >= 3 && parts.length <= 5;
            for (String part : parts) {
                valid &= !part.isEmpty() && part.chars().noneMatch(Character::isWhitespace);
            }
            if (!valid) {
                problem("location", "'" + raw + "' is not mvn:group/artifact/version[/type[/classifier]]");
                return null;
            }
            return raw;
        }

        private String fileLocation(String raw) {
            URI uri;
            try {
                uri = new URI(raw);
            } catch (URISyntaxException e) {
                problem("location", "'" + raw + "' is not a valid file: URL (" + e.getReason()
                        + "; write a space as %20)");
                return null;
            }
            if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
                problem("location", "'" + raw + "' must not have a query or fragment");
                return null;
            }
            try {
                if (uri.isOpaque()) {
                    // file:plugins/x.jar: relative to the index, and must stay beside it
                    String relative = uri.getSchemeSpecificPart();
                    if (relative == null || relative.isBlank()) {
                        problem("location", "'" + raw + "' names no file");
                        return null;
                    }
                    Path base = folder.normalize();
                    Path resolved = base.resolve(relative).normalize();
                    if (!resolved.startsWith(base)) {
                        problem("location", "'" + raw + "' leaves the index's folder " + base
                                + " (a relative location must stay inside it; use an absolute file: URL)");
                        return null;
                    }
                    return resolved.toUri().toString();
                }
                if (uri.getRawAuthority() != null && !uri.getRawAuthority().isEmpty()) {
                    problem("location", "'" + raw + "' names a host: only local files (file:/path/plugin.jar) are read");
                    return null;
                }
                return Path.of(uri).normalize().toUri().toString();
            } catch (IllegalArgumentException e) {
                problem("location", "'" + raw + "' is not a usable file path: " + e.getMessage());
                return null;
            }
        }

        private String requiredText(String field) {
            JsonNode value = node.get(field);
            if (value == null || value.isNull()) {
                problem(field, "required");
                return null;
            }
            if (!value.isTextual() || value.asText().isBlank()) {
                problem(field, "must be a non-empty string, not " + shown(value));
                return null;
            }
            return value.asText();
        }

        private String optionalText(String field, String fallback) {
            JsonNode value = node.get(field);
            if (value == null || value.isNull()) {
                return fallback;
            }
            if (!value.isTextual()) {
                problem(field, "must be a string, not " + shown(value));
                return fallback;
            }
            return value.asText();
        }

        private List<String> textList(String field, boolean unique) {
            List<String> result = new ArrayList<>();
            JsonNode list = node.get(field);
            if (list == null || list.isNull()) {
                return result;
            }
            if (!list.isArray()) {
                problem(field, "must be an array of strings, not " + shown(list));
                return result;
            }
            for (int i = 0; i < list.size(); i++) {
                JsonNode item = list.get(i);
                if (!item.isTextual() || item.asText().isBlank()) {
                    problem(field + "[" + i + "]", "must be a non-empty string, not " + shown(item));
                } else if (unique && result.contains(item.asText())) {
                    problem(field + "[" + i + "]", "'" + item.asText() + "' is listed twice");
                } else {
                    result.add(item.asText());
                }
            }
            return result;
        }

        void problem(String field, String message) {
            String skipped = name == null ? "entry skipped" : "entry '" + name + "' skipped";
            messages.add(index + ": " + at + (field == null ? "" : "." + field) + ": " + message + " (" + skipped + ")");
        }

        List<String> problems() {
            return messages;
        }
    }

    /** A JSON value for a message, cut short: an index may hold long texts. */
    static String shown(JsonNode value) {
        String text = String.valueOf(value);
        return text.length() <= 60 ? text : text.substring(0, 57) + "...";
    }

    private static String sorted(Set<String> values) {
        return String.join(", ", values.stream().sorted().toList());
    }
}
