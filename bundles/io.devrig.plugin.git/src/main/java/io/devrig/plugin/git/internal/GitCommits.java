package io.devrig.plugin.git.internal;

import io.devrig.api.error.DevRigException;
import io.devrig.api.error.ErrorCategory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code git.commit} without OSGi.
 *
 * <p>What is committed: without {@code paths}, every change of a tracked file ({@code git add
 * --update}, so also what was staged before); with {@code paths}, only the changes under them
 * ({@code git commit --only}: other staged changes stay staged). Untracked files only with
 * {@code includeUntracked} ({@code git add --all}). The preview computes the same list from
 * {@code git diff <HEAD>} (HEAD against the working tree, for files in HEAD or the index) plus
 * {@code git ls-files --others --exclude-standard}, and changes nothing.
 *
 * <p>Idempotency: the run's {@code idempotencyKey} goes into the message as the trailer
 * {@code DevRig-Idempotency-Key: <key>}; before committing, the last {@link #SEARCH_DEPTH}
 * commits of HEAD are searched for it, and a hit is returned ({@code created: false}) instead
 * of a second commit. Calls on one repository are serialised in this JVM, so two attempts
 * with one key cannot both miss the search.
 */
final class GitCommits {

    static final String TRAILER = "DevRig-Idempotency-Key";
    static final int SEARCH_DEPTH = 200;
    static final String NOTHING_TO_COMMIT = "NOTHING_TO_COMMIT";

    private static final Map<Path, Object> LOCKS = new ConcurrentHashMap<>();

    private final GitCli git;
    private final GitDiffs diffs;

    GitCommits(GitCli git) {
        this.git = git;
        this.diffs = new GitDiffs(git);
    }

    /** What one call asks for, checked. */
    private record Request(String message, List<String> paths, boolean includeUntracked, String author,
            boolean allowEmpty, String key) {

        static Request of(Map<?, ?> input, String idempotencyKey) {
            return new Request(GitInput.message(input), GitInput.paths(input), GitInput.flag(input, "includeUntracked"),
                    GitInput.author(input), GitInput.flag(input, "allowEmpty"), trailerValue(idempotencyKey));
        }

        /** The message git gets: ours plus the trailer, joined to a trailer block the message ends with. */
        String fullMessage() {
            if (key == null) {
                return message;
            }
            String body = message.strip();
            String[] paragraphs = body.split("\n\\s*\n");
            boolean endsWithTrailers = paragraphs.length > 1
                    && paragraphs[paragraphs.length - 1].lines().allMatch(l -> l.matches("[A-Za-z0-9][A-Za-z0-9-]*: .*"));
            return body + (endsWithTrailers ? "\n" : "\n\n") + TRAILER + ": " + key;
        }
    }

    Map<String, Object> commit(Path repo, Map<?, ?> input, String idempotencyKey) {
        Request request = Request.of(input, idempotencyKey);
        synchronized (LOCKS.computeIfAbsent(repo, p -> new Object())) {
            String existing = request.key() == null ? null : findByKey(repo, request.key());
            if (existing != null) {
                return describe(repo, existing, false, request.key());
            }
            FileChanges plan = plan(repo, request);
            if (plan.isEmpty() && !request.allowEmpty()) {
                throw nothingToCommit(request);
            }
            stageAndCommit(repo, request, plan);
            return describe(repo, diffs.head(repo), true, request.key());
        }
    }

    Map<String, Object> preview(Path repo, Map<?, ?> input, String idempotencyKey) {
        Request request = Request.of(input, idempotencyKey);
        String existing = request.key() == null ? null : findByKey(repo, request.key());
        FileChanges plan = plan(repo, request);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("preview", Boolean.TRUE);
        out.put("actionType", "git.commit");
        out.put("repository", repo.toString());
        out.put("branch", branch(repo));
        out.put("message", request.fullMessage());
        out.put("author", request.author());
        out.put("alreadyCommitted", existing);
        out.put("wouldCommit", existing == null && (!plan.isEmpty() || request.allowEmpty()));
        out.putAll(plan.describe(GitDiffs.MAX_FILES));
        return out;
    }

    /** The files the commit would contain, counted, without touching index or working tree. */
    private FileChanges plan(Path repo, Request request) {
        List<String> args = new ArrayList<>(List.of("diff"));
        args.addAll(FileChanges.FORMAT);
        args.add(diffs.headOrEmptyTree(repo));
        args.add("--");
        args.addAll(request.paths());
        FileChanges tracked = FileChanges.parse(git.runOk(repo, args.toArray(String[]::new)));
        if (!request.includeUntracked()) {
            return tracked;
        }
        List<String> others = new ArrayList<>(List.of("ls-files", "-z", "--others", "--exclude-standard", "--"));
        others.addAll(request.paths());
        List<FileChanges.Change> untracked = new ArrayList<>();
        for (String path : git.runOk(repo, others.toArray(String[]::new)).split("\0")) {
            if (!path.isEmpty()) {
                untracked.add(new FileChanges.Change(path, "added", null, null, false));
            }
        }
        return tracked.plus(untracked);
    }

    private void stageAndCommit(Path repo, Request request, FileChanges plan) {
        List<String> commit = new ArrayList<>(List.of("commit", "--quiet", "--cleanup=whitespace", "--no-edit",
                "-m", request.fullMessage()));
        if (request.author() != null) {
            commit.add("--author=" + request.author());
        }
        if (request.allowEmpty()) {
            commit.add("--allow-empty");
        }
        if (request.paths().isEmpty()) {
            git.runOk(repo, "add", request.includeUntracked() ? "--all" : "--update");
        } else if (plan.isEmpty()) {
            // allowEmpty with nothing under the paths: an empty commit that leaves other staged changes alone
            commit.add("--only");
        } else {
            if (request.includeUntracked()) {
                List<String> add = new ArrayList<>(List.of("add", "--all", "--"));
                add.addAll(request.paths());
                git.runOk(repo, add.toArray(String[]::new));
            }
            commit.add("--only");
            commit.add("--");
            commit.addAll(request.paths());
        }
        git.runOk(repo, commit.toArray(String[]::new));
    }

    /** The newest of the last {@link #SEARCH_DEPTH} commits of HEAD carrying the trailer with {@code key}. */
    String findByKey(Path repo, String key) {
        GitCli.Result log = git.run(repo, "log", "-n", String.valueOf(SEARCH_DEPTH), "--no-show-signature",
                "--format=%H%x1f%(trailers:key=" + TRAILER + ",valueonly)%x1e", "HEAD", "--");
        if (!log.ok()) {
            return null; // no commit yet
        }
        for (String record : log.stdout().split("\u001e")) {
            String[] fields = record.strip().split("\u001f", 2);
            if (fields.length == 2 && fields[1].lines().map(String::strip).anyMatch(key::equals)) {
                return fields[0];
            }
        }
        return null;
    }

    private Map<String, Object> describe(Path repo, String commit, boolean created, String key) {
        FileChanges files = FileChanges.parse(git.runOk(repo, diffTree(commit)));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("repository", repo.toString());
        out.put("commit", commit);
        out.put("created", created);
        out.put("branch", branch(repo));
        out.put("subject", git.runOk(repo, "log", "-n", "1", "--no-show-signature", "--format=%s", commit, "--").strip());
        out.put("idempotencyKey", key);
        out.putAll(files.describe(GitDiffs.MAX_FILES));
        return out;
    }

    private static String[] diffTree(String commit) {
        List<String> args = new ArrayList<>(List.of("diff-tree", "-r", "--root", "--no-commit-id"));
        args.addAll(FileChanges.FORMAT);
        args.add(commit);
        return args.toArray(String[]::new);
    }

    private String branch(Path repo) {
        GitCli.Result r = git.run(repo, "symbolic-ref", "--quiet", "--short", "HEAD");
        return r.ok() ? r.stdout().strip() : null;
    }

    /**
     * The key as a one-line trailer value: as it is when it is short printable ASCII (the
     * engine's {@code <runId>:<nodeId>}), otherwise its SHA-256.
     */
    static String trailerValue(String key) {
        if (key == null || key.isBlank()) {
            return null;
        }
        if (key.length() <= 200 && key.chars().allMatch(c -> c > ' ' && c < 0x7f)) {
            return key;
        }
        try {
            return "sha256:" + HexFormat.of().formatHex(
                    MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    private static DevRigException nothingToCommit(Request request) {
        String where = request.paths().isEmpty() ? "" : " under " + request.paths();
        String untracked = request.includeUntracked() ? "" : " (untracked files need includeUntracked: true)";
        return new DevRigException(NOTHING_TO_COMMIT, ErrorCategory.PERMANENT,
                "nothing to commit" + where + untracked + "; allowEmpty: true makes an empty commit");
    }
}
