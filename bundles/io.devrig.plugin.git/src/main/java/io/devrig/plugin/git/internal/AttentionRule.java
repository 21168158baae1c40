package io.devrig.plugin.git.internal;

import io.devrig.api.inbox.Priority;
import java.util.ArrayList;
import java.util.List;

/**
 * Decides whether a repository needs attention and how urgent it is.
 *
 * <p>Rule: behind its upstream or on a detached HEAD → HIGH (work can get lost or diverge);
 * commits not pushed → NORMAL (only this machine has them); only uncommitted changes →
 * LOW (the usual state of work in progress). A clean repository needs no item.
 */
public final class AttentionRule {

    private AttentionRule() {
    }

    public static boolean needsAttention(RepositoryState s) {
        return s.dirty() || s.ahead() > 0 || s.behind() > 0 || s.detached();
    }

    public static Priority priority(RepositoryState s) {
        if (s.detached() || s.behind() > 0) {
            return Priority.HIGH;
        }
        if (s.ahead() > 0) {
            return Priority.NORMAL;
        }
        return Priority.LOW;
    }

    /** "3 uncommitted changes, 2 commits not pushed" and so on, in a fixed order. */
    public static String summary(RepositoryState s) {
        List<String> parts = new ArrayList<>();
        if (s.dirty()) {
            parts.add(plural(s.changes().size(), "uncommitted change"));
        }
        if (s.ahead() > 0) {
            parts.add(plural(s.ahead(), "commit") + " not pushed");
        }
        if (s.behind() > 0) {
            parts.add("behind upstream by " + plural(s.behind(), "commit"));
        }
        if (s.detached()) {
            parts.add("detached HEAD");
        }
        return parts.isEmpty() ? "clean" : String.join(", ", parts);
    }

    private static String plural(int n, String word) {
        return n + " " + word + (n == 1 ? "" : "s");
    }
}
