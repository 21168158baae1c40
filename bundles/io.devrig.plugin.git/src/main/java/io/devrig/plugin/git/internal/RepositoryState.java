package io.devrig.plugin.git.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * What {@code git status --porcelain=v2 --branch} says about a repository.
 *
 * @param branch   the branch name, or null on a detached HEAD
 * @param upstream the upstream ref or null
 * @param changes  changed paths, each as "XY path" (XY from porcelain, "??" for untracked)
 */
public record RepositoryState(String branch, String head, String upstream, boolean detached, int ahead, int behind,
        List<String> changes) {

    public RepositoryState {
        changes = List.copyOf(changes);
    }

    public boolean dirty() {
        return !changes.isEmpty();
    }

    /** Parses porcelain v2 output; unknown lines are ignored so newer git versions stay readable. */
    public static RepositoryState parse(String porcelain) {
        String branch = null;
        String head = null;
        String upstream = null;
        boolean detached = false;
        int ahead = 0;
        int behind = 0;
        List<String> changes = new ArrayList<>();
        for (String line : porcelain.split("\n")) {
            if (line.startsWith("# branch.oid ")) {
                head = line.substring(13).trim();
            } else if (line.startsWith("# branch.head ")) {
                String value = line.substring(14).trim();
                if (value.equals("(detached)")) {
                    detached = true;
                } else {
                    branch = value;
                }
            } else if (line.startsWith("# branch.upstream ")) {
                upstream = line.substring(18).trim();
            } else if (line.startsWith("# branch.ab ")) {
                String[] ab = line.substring(12).trim().split(" ");
                ahead = Math.abs(Integer.parseInt(ab[0]));
                behind = Math.abs(Integer.parseInt(ab[1]));
            } else if (line.startsWith("1 ")) {
                changes.add(field(line, 1) + " " + rest(line, 8));
            } else if (line.startsWith("2 ")) {
                // renamed: "path\torigPath"; keep the new path
                String paths = rest(line, 9);
                int tab = paths.indexOf('\t');
                changes.add(field(line, 1) + " " + (tab >= 0 ? paths.substring(0, tab) : paths));
            } else if (line.startsWith("u ")) {
                changes.add(field(line, 1) + " " + rest(line, 10));
            } else if (line.startsWith("? ")) {
                changes.add("?? " + line.substring(2));
            }
        }
        return new RepositoryState(branch, head, upstream, detached, ahead, behind, changes);
    }

    private static String field(String line, int index) {
        return line.split(" ", index + 2)[index];
    }

    /** The text after {@code spaces} separators: the path, which may itself contain spaces. */
    private static String rest(String line, int spaces) {
        String[] parts = line.split(" ", spaces + 1);
        return parts.length > spaces ? parts[spaces] : "";
    }
}
