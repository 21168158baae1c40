package io.devrig.plugin.git.internal;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code git.diff} without OSGi, and the revision helpers {@code git.commit} shares. Read only:
 * every command here leaves refs, index and working tree as they were ({@code
 * GIT_OPTIONAL_LOCKS=0} keeps {@code git diff} from refreshing the index).
 */
final class GitDiffs {

    static final int MAX_FILES = 1000;
    static final int DEFAULT_MAX_BYTES = 256 * 1024;

    private final GitCli git;

    GitDiffs(GitCli git) {
        this.git = git;
    }

    Map<String, Object> diff(Path repo, Map<?, ?> input) {
        String fromRef = GitInput.ref(input, "from");
        String toRef = GitInput.ref(input, "to");
        List<String> paths = GitInput.paths(input);
        boolean statOnly = GitInput.flag(input, "stat");
        int maxBytes = GitInput.integer(input, "maxBytes", DEFAULT_MAX_BYTES, 1, GitCli.MAX_OUTPUT);

        // resolved to object ids first, so git diff only ever sees hex ids
        String from = fromRef == null ? headOrEmptyTree(repo) : commitOf(repo, fromRef, "from");
        String to = toRef == null ? null : commitOf(repo, toRef, "to");
        List<String> range = to == null ? List.of(from) : List.of(from, to);

        FileChanges changes = FileChanges.parse(git.runOk(repo, args(FileChanges.FORMAT, range, paths)));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("repository", repo.toString());
        out.put("from", from);
        out.put("to", to == null ? "working tree" : to);
        out.putAll(changes.describe(MAX_FILES));
        if (statOnly) {
            out.put("diff", null);
            out.put("truncated", false);
            return out;
        }
        GitCli.Result patch = GitCli.checked(git.run(repo, args(List.of("--no-ext-diff", "--no-textconv", "--no-color",
                "--no-renames", "--patch"), range, paths)), "diff");
        byte[] bytes = patch.stdout().getBytes(StandardCharsets.UTF_8);
        boolean truncated = patch.stdoutTruncated() || bytes.length > maxBytes;
        out.put("diff", truncated ? cut(bytes, maxBytes) : patch.stdout());
        out.put("truncated", truncated);
        return out;
    }

    private static String[] args(List<String> options, List<String> range, List<String> paths) {
        List<String> all = new ArrayList<>();
        all.add("diff");
        all.addAll(options);
        all.addAll(range);
        all.add("--");
        all.addAll(paths);
        return all.toArray(String[]::new);
    }

    /** At most {@code max} bytes, ending after the last whole line that fits. */
    private static String cut(byte[] bytes, int max) {
        int end = Math.min(max, bytes.length);
        int lastNewline = end;
        while (lastNewline > 0 && bytes[lastNewline - 1] != '\n') {
            lastNewline--;
        }
        return new String(bytes, 0, lastNewline > 0 ? lastNewline : end, StandardCharsets.UTF_8);
    }

    /** The commit id {@code ref} names; INVALID_INPUT when it names none. */
    String commitOf(Path repo, String ref, String field) {
        GitCli.Result r = git.run(repo, "rev-parse", "--verify", "--quiet", ref + "^{commit}");
        if (!r.ok()) {
            throw RepositoryScanner.invalid("$." + field + " '" + ref + "' is not a commit in this repository");
        }
        return r.stdout().trim();
    }

    /** HEAD's commit id, or the empty tree's id on a branch without commits yet. */
    String headOrEmptyTree(Path repo) {
        String head = head(repo);
        // hash-object without -w computes the id and writes nothing (stdin is closed: empty input)
        return head != null ? head : git.runOk(repo, "hash-object", "-t", "tree", "--stdin").trim();
    }

    /** HEAD's commit id, or null before the first commit. */
    String head(Path repo) {
        GitCli.Result r = git.run(repo, "rev-parse", "--verify", "--quiet", "HEAD^{commit}");
        return r.ok() ? r.stdout().trim() : null;
    }
}
