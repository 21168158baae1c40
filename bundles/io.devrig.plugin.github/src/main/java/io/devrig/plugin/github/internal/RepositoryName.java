package io.devrig.plugin.github.internal;

import java.util.regex.Pattern;

/**
 * A repository {@code owner/name} as GitHub allows it: the owner letters, digits, hyphens
 * (and underscores, which Enterprise managed users have), the name letters, digits, '.', '-'
 * and '_', never "." or "..".
 */
record RepositoryName(String owner, String name) {

    private static final Pattern OWNER = Pattern.compile("[A-Za-z0-9](?:[A-Za-z0-9_-]{0,99})");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,100}");

    /**
     * Parses {@code owner/name}.
     *
     * @param where the JSON path for the error message
     */
    static RepositoryName parse(Object raw, String where) {
        if (!(raw instanceof String s) || s.isBlank()) {
            throw GitHubErrors.invalid(where + ": required, a repository as \"owner/name\"");
        }
        int slash = s.indexOf('/');
        if (slash < 0 || slash != s.lastIndexOf('/')) {
            throw GitHubErrors.invalid(where + ": must be \"owner/name\" with exactly one '/'");
        }
        String owner = s.substring(0, slash);
        String name = s.substring(slash + 1);
        if (!OWNER.matcher(owner).matches()) {
            throw GitHubErrors.invalid(where + ": the owner may contain only letters, digits, '-' and '_'"
                    + " (1-100, not starting with '-' or '_')");
        }
        if (!NAME.matcher(name).matches() || name.equals(".") || name.equals("..")) {
            throw GitHubErrors.invalid(where + ": the repository name may contain only letters, digits, '.', '-'"
                    + " and '_' (1-100, not '.' or '..')");
        }
        return new RepositoryName(owner, name);
    }

    String fullName() {
        return owner + "/" + name;
    }

    @Override
    public String toString() {
        return fullName();
    }
}
