package io.devrig.health.internal;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Keeps absolute file paths out of what {@code /health/ready} shows: that endpoint is
 * unauthenticated (a probe), and a path names the installation folder, the system
 * user's home and the like. Applied to every message and detail value of every check,
 * whichever bundle published it.
 *
 * <ul>
 * <li>A path under a known folder keeps its place relative to it: the Karaf data folder
 * becomes {@code ${karaf.data}}, likewise {@code ${karaf.etc}}, {@code ${karaf.log}},
 * {@code ${karaf.base}}, {@code ${karaf.home}}, {@code ${java.io.tmpdir}}, and the user's
 * home {@code ~} (the most specific folder wins; the configured spelling and the real path
 * both count).</li>
 * <li>Any other absolute path ({@code /x/y/z}, {@code C:\x\y}) is cut to its last name:
 * {@code …/z}.</li>
 * </ul>
 *
 * URLs are left alone: the path part of {@code http://host/a/b} follows a host, not a
 * space or the start of the text.
 */
final class PathRedactor {

    /** A Unix absolute path: a slash at the start or after a space, quote, bracket, '=' or ','. */
    private static final Pattern UNIX = Pattern.compile("(?<![^\\s\"'(\\[{=,;<>])/[^\\s\"'<>|;,)\\]}]+");
    /** A Windows absolute path (drive letter). */
    private static final Pattern WINDOWS = Pattern.compile("(?<![\\w])[A-Za-z]:\\\\[^\\s\"'<>|;,)\\]}]*");

    private static final Pattern FILE_URI = Pattern.compile("(?i)\\bfile:(?://)?(?=/)");

    private record Root(String prefix, String placeholder) {
    }

    private final List<Root> roots;
    private final java.util.function.UnaryOperator<Object> toPlain;

    /**
     * @param folders placeholder (e.g. {@code ${karaf.data}}) to folder; null or blank folders are skipped
     * @param toPlain turns any other object into maps, lists, strings and numbers (its JSON shape)
     */
    PathRedactor(Map<String, String> folders, java.util.function.UnaryOperator<Object> toPlain) {
        this.toPlain = toPlain;
        List<Root> list = new ArrayList<>();
        folders.forEach((placeholder, folder) -> {
            if (folder == null || folder.isBlank()) {
                return;
            }
            addRoot(list, strip(folder), placeholder);
            try {
                Path path = Path.of(folder);
                addRoot(list, strip(path.toAbsolutePath().normalize().toString()), placeholder);
                if (Files.exists(path)) {
                    addRoot(list, strip(path.toRealPath().toString()), placeholder);
                }
            } catch (InvalidPathException | java.io.IOException | SecurityException e) {
                // the spelling as given is enough
            }
        });
        // the longest (most specific) folder first: ${karaf.data} before ${karaf.home}
        list.sort(Comparator.comparingInt((Root r) -> r.prefix().length()).reversed());
        this.roots = List.copyOf(list);
    }

    private static void addRoot(List<Root> list, String prefix, String placeholder) {
        // "/" as a root would turn every path into a placeholder; such a folder is not worth naming
        if (prefix.length() > 1 && list.stream().noneMatch(r -> r.prefix().equals(prefix))) {
            list.add(new Root(prefix, placeholder));
        }
    }

    private static String strip(String folder) {
        String s = folder.strip();
        while (s.length() > 1 && (s.endsWith("/") || s.endsWith("\\"))) {
            s = s.substring(0, s.length() - 1);
        }
        return s;
    }

    /** The folders of a running Karaf, as system/framework properties name them. */
    static Map<String, String> karafFolders(java.util.function.UnaryOperator<String> property) {
        Map<String, String> folders = new LinkedHashMap<>();
        for (String name : List.of("karaf.data", "karaf.etc", "karaf.log", "karaf.base", "karaf.home",
                "karaf.instances", "java.io.tmpdir")) {
            folders.put("${" + name + "}", property.apply(name));
        }
        folders.put("~", property.apply("user.home"));
        return folders;
    }

    /** Text without absolute paths. */
    String redact(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        // a file: URI is a path in disguise
        String s = FILE_URI.matcher(text).replaceAll("");
        for (Root root : roots) {
            s = s.replaceAll(Pattern.quote(root.prefix()) + "(?=[/\\\\]|$|[^\\w.\\-])",
                    Matcher.quoteReplacement(root.placeholder()));
        }
        s = lastNameOnly(UNIX, s, '/');
        return lastNameOnly(WINDOWS, s, '\\');
    }

    private static String lastNameOnly(Pattern pattern, String text, char separator) {
        Matcher m = pattern.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String path = m.group();
            String trimmed = path.endsWith(String.valueOf(separator)) ? path.substring(0, path.length() - 1) : path;
            String name = trimmed.substring(trimmed.lastIndexOf(separator) + 1);
            m.appendReplacement(out, Matcher.quoteReplacement("…" + separator + name));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** A JSON-shaped value (maps, lists, strings, numbers, ...) with every string redacted, keys too. */
    Object redactValue(Object value) {
        return redactValue(value, 0);
    }

    private Object redactValue(Object value, int depth) {
        if (depth > 32) {
            return "…";
        }
        if (value instanceof String s) {
            return redact(s);
        }
        // before Iterable: a Path is an Iterable of its names
        if (value instanceof Path || value instanceof java.io.File || value instanceof java.net.URI) {
            return redact(value.toString());
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> copy = new LinkedHashMap<>();
            map.forEach((k, v) -> copy.put(redact(String.valueOf(k)), redactValue(v, depth + 1)));
            return copy;
        }
        if (value instanceof Iterable<?> items) {
            List<Object> copy = new ArrayList<>();
            items.forEach(v -> copy.add(redactValue(v, depth + 1)));
            return copy;
        }
        if (value instanceof Object[] array) {
            return redactValue(java.util.Arrays.asList(array), depth + 1);
        }
        if (value instanceof Number || value instanceof Boolean || value == null) {
            return value;
        }
        // any other object (a record, a bean): its JSON shape, redacted
        Object plain = toPlain.apply(value);
        return plain == value ? redact(String.valueOf(value)) : redactValue(plain, depth + 1);
    }
}
