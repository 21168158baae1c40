package io.devrig.plugin.git.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Builds real repositories with the git CLI for the tests. */
final class Repos {

    static final GitCli GIT = new GitCli("git", Duration.ofSeconds(30));

    private Repos() {
    }

    static String git(Path repo, String... args) {
        List<String> all = new ArrayList<>(List.of("-c", "user.name=Test", "-c", "user.email=test@example.org",
                "-c", "commit.gpgsign=false", "-c", "init.defaultBranch=main", "-c", "protocol.file.allow=always"));
        all.addAll(List.of(args));
        return GIT.runOk(repo, all.toArray(String[]::new));
    }

    /** A bare upstream with one commit and a clone of it at {@code dir}. */
    static Path cloneWithUpstream(Path base, String name) throws IOException {
        Path bare = base.resolve("upstream-" + name + ".git");
        git(null, "init", "--bare", bare.toString());
        Path seed = base.resolve("seed-" + name);
        git(null, "clone", bare.toString(), seed.toString());
        write(seed, "README.md", "hello\n");
        git(seed, "add", "README.md");
        git(seed, "commit", "-m", "first");
        git(seed, "push", "origin", "HEAD:main");
        return base;
    }

    /**
     * A new repository at {@code dir} (canonical path) with its own identity and no signing, so
     * the actions' git (which passes no {@code -c}) can commit whatever the user's config says.
     */
    static Path init(Path dir) throws IOException {
        git(null, "init", "--quiet", dir.toString());
        git(dir, "config", "user.name", "Test");
        git(dir, "config", "user.email", "test@example.org");
        git(dir, "config", "commit.gpgsign", "false");
        return dir.toRealPath();
    }

    /** Everything {@code git status} sees, untracked and ignored files included. */
    static String porcelain(Path repo) {
        return git(repo, "status", "--porcelain=v2", "--branch", "--untracked-files=all", "--ignored");
    }

    /** One entry of an action's {@code files}, as a map that may hold nulls. */
    static Map<String, Object> file(String path, String status, Integer additions, Integer deletions, boolean binary) {
        return new FileChanges.Change(path, status, additions, deletions, binary).toMap();
    }

    /** The actions with {@code root} as the only configured root. */
    static GitActions actions(Path root) {
        return new GitActions(GIT, RepositoryScanner.fromConfig(Map.of("roots", List.of(root.toString())), root),
                Duration.ofSeconds(30));
    }

    static Path clone(Path bare, Path dir) {
        git(null, "clone", bare.toString(), dir.toString());
        return dir;
    }

    static void commit(Path repo, String file, String content) throws IOException {
        write(repo, file, content);
        git(repo, "add", file);
        git(repo, "commit", "-m", "change " + file);
    }

    static void write(Path repo, String file, String content) throws IOException {
        Files.createDirectories(repo.resolve(file).getParent());
        Files.writeString(repo.resolve(file), content);
    }

    static RepositoryState status(Path repo) {
        return RepositoryState.parse(GIT.runOk(repo, "status", "--porcelain=v2", "--branch"));
    }
}
