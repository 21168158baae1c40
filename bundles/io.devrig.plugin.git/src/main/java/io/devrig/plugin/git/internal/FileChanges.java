package io.devrig.plugin.git.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The files of one diff, read from {@code --raw --numstat -z --no-renames} output (NUL
 * separated, so any file name survives; without renames each record names one path): the raw
 * records give the status letter, the numstat records the line counts ({@code -} for binary).
 */
record FileChanges(List<Change> files) {

    /** Arguments that make {@code git diff}/{@code diff-tree} print what {@link #parse} reads. */
    static final List<String> FORMAT = List.of("--raw", "--numstat", "-z", "--no-renames", "--no-ext-diff",
            "--no-textconv");

    /** One file; additions/deletions are null for a binary file (or an untracked one not yet counted). */
    record Change(String path, String status, Integer additions, Integer deletions, boolean binary) {
        Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("path", path);
            m.put("status", status);
            m.put("additions", additions);
            m.put("deletions", deletions);
            m.put("binary", binary);
            return m;
        }
    }

    static FileChanges parse(String out) {
        Map<String, Change> byPath = new LinkedHashMap<>();
        String[] tokens = out.split("\0");
        for (int i = 0; i < tokens.length; i++) {
            String t = tokens[i];
            if (t.isEmpty()) {
                continue;
            }
            if (t.startsWith(":") && i + 1 < tokens.length) {
                // ":100644 100644 <oid> <oid> M" then the path
                String path = tokens[++i];
                byPath.put(path, new Change(path, status(t.charAt(t.length() - 1)), null, null, false));
            } else {
                String[] parts = t.split("\t", 3);
                if (parts.length < 3) {
                    continue;
                }
                boolean binary = parts[0].equals("-");
                Change raw = byPath.get(parts[2]);
                byPath.put(parts[2], new Change(parts[2], raw == null ? "modified" : raw.status(),
                        binary ? null : Integer.valueOf(parts[0]), binary ? null : Integer.valueOf(parts[1]), binary));
            }
        }
        return new FileChanges(List.copyOf(byPath.values()));
    }

    private static String status(char letter) {
        return switch (letter) {
            case 'A' -> "added";
            case 'D' -> "deleted";
            case 'T' -> "typeChanged";
            case 'U' -> "unmerged";
            default -> "modified";
        };
    }

    FileChanges plus(List<Change> more) {
        List<Change> all = new ArrayList<>(files);
        all.addAll(more);
        return new FileChanges(List.copyOf(all));
    }

    boolean isEmpty() {
        return files.isEmpty();
    }

    int additions() {
        return files.stream().mapToInt(c -> c.additions() == null ? 0 : c.additions()).sum();
    }

    int deletions() {
        return files.stream().mapToInt(c -> c.deletions() == null ? 0 : c.deletions()).sum();
    }

    /** {@code 2 files changed, 3 insertions(+), 1 deletion(-)}, as git words it. */
    String summary() {
        int n = files.size();
        return n + (n == 1 ? " file changed, " : " files changed, ") + additions()
                + (additions() == 1 ? " insertion(+), " : " insertions(+), ") + deletions()
                + (deletions() == 1 ? " deletion(-)" : " deletions(-)");
    }

    /**
     * The output fields shared by diff, commit and the commit preview: the first {@code limit}
     * files, whether there were more, and totals over all of them.
     */
    Map<String, Object> describe(int limit) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("files", files.stream().limit(limit).map(Change::toMap).toList());
        out.put("filesTruncated", files.size() > limit);
        out.put("filesChanged", files.size());
        out.put("additions", additions());
        out.put("deletions", deletions());
        out.put("summary", summary());
        return out;
    }
}
