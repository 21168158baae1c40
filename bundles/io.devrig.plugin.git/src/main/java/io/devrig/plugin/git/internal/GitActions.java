package io.devrig.plugin.git.internal;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The actions without OSGi. Paths must be repositories inside the roots. */
public final class GitActions {

    static final int MAX_FILES = 100;

    private final GitCli git;
    private final RepositoryScanner scanner;
    private final Duration fetchTimeout;

    /**
     * The actions as the action components run them: the roots of the plugin settings (the
     * default roots when none are set) under the user's home, a 2-minute fetch limit.
     */
    static GitActions fromSettings(Map<String, Object> settings) {
        RepositoryScanner scanner = RepositoryScanner.fromConfig(settings, Path.of(System.getProperty("user.home")));
        return new GitActions(GitCli.defaults(), scanner, Duration.ofMinutes(2));
    }

    public GitActions(GitCli git, RepositoryScanner scanner, Duration fetchTimeout) {
        this.git = git;
        this.scanner = scanner;
        this.fetchTimeout = fetchTimeout;
    }

    /**
     * These actions with every git run ending by {@code deadline} (at least one second is
     * left to a run, so a call past its deadline still fails with git's TIMEOUT, not a hang).
     */
    GitActions within(Instant deadline) {
        if (deadline == null) {
            return this;
        }
        Duration left = Duration.between(Instant.now(), deadline);
        Duration limit = left.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : left;
        return new GitActions(limit.compareTo(git.timeout()) < 0 ? git.withTimeout(limit) : git, scanner,
                limit.compareTo(fetchTimeout) < 0 ? limit : fetchTimeout);
    }

    /** {@code git.diff}: what changed between two commits or HEAD and the working tree; reads only. */
    public Map<String, Object> diff(Object input) {
        Map<?, ?> map = GitInput.object(input);
        return new GitDiffs(git).diff(scanner.requireInside(GitInput.repository(map)), map);
    }

    /** {@code git.commit}; with an idempotency key a retried call returns the first call's commit. */
    public Map<String, Object> commit(Object input, String idempotencyKey) {
        Map<?, ?> map = GitInput.object(input);
        return new GitCommits(git).commit(scanner.requireInside(GitInput.repository(map)), map, idempotencyKey);
    }

    /** What {@link #commit} would stage and commit, changing nothing. */
    public Map<String, Object> previewCommit(Object input, String idempotencyKey) {
        Map<?, ?> map = GitInput.object(input);
        return new GitCommits(git).preview(scanner.requireInside(GitInput.repository(map)), map, idempotencyKey);
    }

    public Map<String, Object> status(Object input) {
        Path repo = scanner.requireInside(pathOf(input));
        RepositoryState s = RepositoryState.parse(git.runOk(repo, "status", "--porcelain=v2", "--branch"));
        Map<String, Object> out = describe(repo, s);
        List<String> files = s.changes().stream().limit(MAX_FILES).toList();
        out.put("files", files);
        out.put("filesTruncated", s.changes().size() > MAX_FILES);
        // staged and unstaged against HEAD; an unborn branch has no HEAD, so fall back to the index
        GitCli.Result stat = git.run(repo, "diff", "--no-ext-diff", "--no-textconv", "--stat", "HEAD");
        if (!stat.ok()) {
            stat = git.run(repo, "diff", "--no-ext-diff", "--no-textconv", "--stat");
        }
        String summary = stat.stdout().lines().reduce((a, b) -> b).orElse("").trim();
        out.put("diffSummary", summary);
        out.put("summary", AttentionRule.summary(s));
        return out;
    }

    public Map<String, Object> fetch(Object input) {
        Path repo = scanner.requireInside(pathOf(input));
        git.withTimeout(fetchTimeout).runOk(repo, "fetch", "--prune", "--quiet");
        RepositoryState s = RepositoryState.parse(git.runOk(repo, "status", "--porcelain=v2", "--branch"));
        Map<String, Object> out = describe(repo, s);
        out.put("ok", Boolean.TRUE);
        out.put("summary", AttentionRule.summary(s));
        return out;
    }

    private static Map<String, Object> describe(Path repo, RepositoryState s) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("path", repo.toString());
        out.put("branch", s.branch());
        out.put("detached", s.detached());
        out.put("upstream", s.upstream());
        out.put("ahead", s.ahead());
        out.put("behind", s.behind());
        out.put("changes", s.changes().size());
        return out;
    }

    /** {@code path}, or {@code item.metadata.path} when the inbox passes the whole item. */
    static String pathOf(Object input) {
        if (!(input instanceof Map<?, ?> map)) {
            throw RepositoryScanner.invalid("$ must be an object with a 'path'");
        }
        Object path = map.get("path");
        if (path == null && map.get("item") instanceof Map<?, ?> item && item.get("metadata") instanceof Map<?, ?> m) {
            path = m.get("path");
        }
        if (path != null && !(path instanceof String)) {
            throw RepositoryScanner.invalid("$.path must be a string");
        }
        return (String) path;
    }
}
