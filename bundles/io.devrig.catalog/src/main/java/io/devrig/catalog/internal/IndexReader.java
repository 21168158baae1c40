package io.devrig.catalog.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.devrig.api.plugin.CatalogEntry;
import io.devrig.common.schema.CompiledSchema;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads one catalog index ({@code {"catalogVersion": 1, "plugins": [...]}}). The structure is
 * checked by the published JSON Schema ({@link #SCHEMA_RESOURCE}); Java checks the version
 * first (to say "written for a newer DevRig") and then what a schema cannot say: a name
 * listed twice, and what a location means (no repository in an {@code mvn:} URL, a local
 * {@code file:} URL that stays inside the index's folder when relative). A problem with the
 * file as a whole (not JSON, wrong version, no plugin array) makes it unreadable; a problem
 * with one entry skips that entry only. Every problem names the index file, the entry's JSON
 * path and the field. Strict like the plugin descriptor: an unknown field skips the entry,
 * because a misspelt {@code permissions} would otherwise show a plugin as asking for nothing.
 */
final class IndexReader {

    /** The index format this code reads; a new field or meaning takes a new number. */
    static final int CATALOG_VERSION = 1;

    static final String DEFAULT_CATEGORY = "other";

    /** Where the bundle publishes the index's JSON Schema (an entry of this bundle, announced by its capability). */
    static final String SCHEMA_RESOURCE = "/schemas/catalog-index.schema.json";
    private static final CompiledSchema SCHEMA = CompiledSchema.resource(IndexReader.class, SCHEMA_RESOURCE);
    private static final Pattern ENTRY_PATH = Pattern.compile("\\$\\.plugins\\[(\\d+)\\]");
    private static final Pattern TOP_LEVEL_UNKNOWN = Pattern.compile("\\$\\.[^.\\[]+: unknown field");
    private static final Pattern SCHEME = Pattern.compile("([A-Za-z][A-Za-z0-9+.-]*):.*", Pattern.DOTALL);
    // strict: a second "location" in one entry must not silently replace the first
    private static final ObjectMapper JSON = io.devrig.common.json.Json.MAPPER; // the one strict mapper

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
        // the rest is the published schema's, and for each entry the cross-checks below
        Map<Integer, List<String>> entryProblems = new HashMap<>();
        List<String> problems = new ArrayList<>();
        List<String> fatal = new ArrayList<>();
        for (String problem : SCHEMA.problems(root, "$")) {
            Matcher entry = ENTRY_PATH.matcher(problem);
            if (entry.lookingAt()) {
                entryProblems.computeIfAbsent(Integer.parseInt(entry.group(1)), i -> new ArrayList<>()).add(problem);
            } else if (TOP_LEVEL_UNKNOWN.matcher(problem).matches()) {
                // an unknown top-level field cannot change what an entry means: report it, keep the entries
                problems.add(index + ": " + problem + ", ignored (allowed: catalogVersion, plugins)");
            } else {
                fatal.add(problem);
            }
        }
        if (!fatal.isEmpty()) {
            throw new UnreadableIndexException(index + ": " + String.join("; ", fatal));
        }
        JsonNode plugins = root.get("plugins");
        List<Listing> result = new ArrayList<>();
        Map<String, String> seen = new HashMap<>();
        Path folder = index.getParent();
        for (int i = 0; i < plugins.size(); i++) {
            String at = "$.plugins[" + i + "]";
            Entry entry = new Entry(index, folder, at, plugins.get(i), entryProblems.getOrDefault(i, List.of()));
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
        private final String name;
        private final boolean locationPassed;

        Entry(Path index, Path folder, String at, JsonNode node, List<String> schemaProblems) {
            this.index = index;
            this.folder = folder;
            this.at = at;
            this.node = node;
            JsonNode n = node.path("name");
            this.name = n.isTextual() ? n.textValue() : null;
            this.locationPassed = node.path("location").isTextual()
                    && schemaProblems.stream().noneMatch(p -> p.startsWith(at + ".location:"));
            schemaProblems.forEach(p -> messages.add(index + ": " + p + suffix()));
        }

        /** The entry (mapped from a tree the schema passed), or null when it has a problem. */
        CatalogEntry parse() {
            String location = locationPassed ? location() : null;
            if (!messages.isEmpty()) {
                return null;
            }
            List<String> tags = new ArrayList<>();
            node.path("tags").forEach(t -> tags.add(t.textValue()));
            Set<String> permissions = new LinkedHashSet<>();
            node.path("permissions").forEach(p -> permissions.add(p.textValue()));
            return new CatalogEntry(name, node.get("version").textValue(), node.get("displayName").textValue(),
                    node.path("description").asText(""), node.path("category").asText(DEFAULT_CATEGORY), List.copyOf(tags),
                    Collections.unmodifiableSet(permissions), location, false);
        }

        /**
         * {@code mvn:group/artifact/version[/type[/classifier]]} as given, or a {@code file:}
         * location as an absolute {@code file:} URI (a relative one resolved against the
         * index's folder, which it may not leave).
         */
        private String location() {
            String raw = node.get("location").textValue().trim();
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

        void problem(String field, String message) {
            messages.add(index + ": " + at + (field == null ? "" : "." + field) + ": " + message + suffix());
        }

        private String suffix() {
            return name == null ? " (entry skipped)" : " (entry '" + name + "' skipped)";
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

}
