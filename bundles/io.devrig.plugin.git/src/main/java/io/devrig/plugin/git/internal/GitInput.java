package io.devrig.plugin.git.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads and checks the inputs of {@code git.diff} and {@code git.commit} before anything
 * reaches git: whatever the input schema says, a value that git could take for an option
 * (a leading {@code -}) or a path that leaves the repository is refused here with
 * {@code INVALID_INPUT}.
 */
final class GitInput {

    static final int MAX_MESSAGE = 64 * 1024;

    private GitInput() {
    }

    static Map<?, ?> object(Object input) {
        if (!(input instanceof Map<?, ?> map)) {
            throw RepositoryScanner.invalid("$ must be an object with a 'repository'");
        }
        return map;
    }

    /** {@code repository}; like git.status, {@code path} or an inbox item's {@code metadata.path} too. */
    static String repository(Map<?, ?> map) {
        Object repository = map.get("repository");
        if (repository == null) {
            return GitActions.pathOf(map);
        }
        if (!(repository instanceof String s)) {
            throw RepositoryScanner.invalid("$.repository must be a string");
        }
        return s;
    }

    /** An optional revision (branch, tag, commit id, {@code HEAD~2}); never option-like. */
    static String ref(Map<?, ?> map, String field) {
        Object raw = map.get(field);
        if (raw == null) {
            return null;
        }
        if (!(raw instanceof String ref) || ref.isBlank()) {
            throw RepositoryScanner.invalid("$." + field + " must be a non-empty string");
        }
        if (ref.startsWith("-")) {
            throw RepositoryScanner.invalid("$." + field + " must not start with '-' (it would be read as an option)");
        }
        if (ref.length() > 256 || ref.chars().anyMatch(c -> c <= ' ' || c == 0x7f)) {
            throw RepositoryScanner.invalid("$." + field + " must be one revision without spaces or control characters");
        }
        if (ref.contains("..")) {
            throw RepositoryScanner.invalid("$." + field + " must be one revision, not a range (use from and to)");
        }
        return ref;
    }

    /**
     * Optional {@code paths}: relative to the repository, no {@code ..} segment, not
     * option-like (git gets them after {@code --} anyway, as literal pathspecs).
     */
    static List<String> paths(Map<?, ?> map) {
        Object raw = map.get("paths");
        if (raw == null) {
            return List.of();
        }
        if (!(raw instanceof List<?> list)) {
            throw RepositoryScanner.invalid("$.paths must be an array of paths");
        }
        List<String> paths = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            String where = "$.paths[" + i + "]";
            if (!(list.get(i) instanceof String p) || p.isBlank()) {
                throw RepositoryScanner.invalid(where + " must be a non-empty string");
            }
            if (p.startsWith("-")) {
                throw RepositoryScanner.invalid(where + " must not start with '-' (it would be read as an option)");
            }
            if (p.startsWith("/") || p.startsWith("~") || p.chars().anyMatch(c -> c < ' ' || c == 0x7f)) {
                throw RepositoryScanner.invalid(where + " must be a path relative to the repository");
            }
            for (String segment : p.split("/")) {
                if (segment.equals("..") || segment.equals(".git")) {
                    throw RepositoryScanner.invalid(where + " must stay inside the repository's working tree");
                }
            }
            paths.add(p);
        }
        return paths;
    }

    static boolean flag(Map<?, ?> map, String field) {
        Object raw = map.get(field);
        if (raw == null) {
            return false;
        }
        if (!(raw instanceof Boolean b)) {
            throw RepositoryScanner.invalid("$." + field + " must be true or false");
        }
        return b;
    }

    static int integer(Map<?, ?> map, String field, int fallback, int min, int max) {
        Object raw = map.get(field);
        if (raw == null) {
            return fallback;
        }
        if (!(raw instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue()) || n.longValue() < min
                || n.longValue() > max) {
            throw RepositoryScanner.invalid("$." + field + " must be an integer from " + min + " to " + max);
        }
        return n.intValue();
    }

    /** The required commit message: not blank, no NUL, at most 64 KiB, no trailer of ours. */
    static String message(Map<?, ?> map) {
        Object raw = map.get("message");
        if (!(raw instanceof String message) || message.isBlank()) {
            throw RepositoryScanner.invalid("$.message is required and must not be empty");
        }
        if (message.length() > MAX_MESSAGE || message.indexOf('\0') >= 0) {
            throw RepositoryScanner.invalid("$.message must be text of at most " + MAX_MESSAGE + " characters");
        }
        if (message.lines().anyMatch(l -> l.regionMatches(true, 0, GitCommits.TRAILER + ":", 0,
                GitCommits.TRAILER.length() + 1))) {
            throw RepositoryScanner.invalid("$.message must not carry a " + GitCommits.TRAILER
                    + " trailer: DevRig adds it from the run");
        }
        return message;
    }

    /** Optional {@code author: {name, email}} as git's {@code Name <email>}. */
    static String author(Map<?, ?> map) {
        Object raw = map.get("author");
        if (raw == null) {
            return null;
        }
        if (!(raw instanceof Map<?, ?> author) || !(author.get("name") instanceof String name)
                || !(author.get("email") instanceof String email)) {
            throw RepositoryScanner.invalid("$.author must be an object with a name and an email");
        }
        if (name.isBlank() || name.length() > 200 || name.chars().anyMatch(c -> c < ' ' || c == '<' || c == '>')) {
            throw RepositoryScanner.invalid("$.author.name must be a name without '<', '>' or control characters");
        }
        if (!email.matches("[^\\s<>@]+@[^\\s<>@]+") || email.length() > 200) {
            throw RepositoryScanner.invalid("$.author.email must be an address like dev@example.org");
        }
        return name.strip() + " <" + email + ">";
    }
}
