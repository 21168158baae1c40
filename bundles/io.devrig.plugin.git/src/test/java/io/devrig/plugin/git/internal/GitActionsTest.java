package io.devrig.plugin.git.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.devrig.api.error.DevRigException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GitActionsTest {

    @TempDir
    Path base;
    Path root;
    Path repo;
    Path bare;
    GitActions actions;

    @BeforeEach
    void setUp() throws Exception {
        Repos.cloneWithUpstream(base, "a");
        bare = base.resolve("upstream-a.git");
        root = Files.createDirectories(base.resolve("root"));
        repo = Repos.clone(bare, root.resolve("devrig")).toRealPath();
        RepositoryScanner scanner = RepositoryScanner.fromConfig(Map.of("roots", List.of(root.toString())), base);
        actions = new GitActions(Repos.GIT, scanner, Duration.ofSeconds(30));
    }

    @Test
    @SuppressWarnings("unchecked")
    void statusReportsBranchFilesAndDiffSummary() throws Exception {
        Repos.write(repo, "README.md", "one\ntwo\nthree\n");
        Repos.write(repo, "new.txt", "x\n");
        Map<String, Object> out = actions.status(Map.of("path", repo.toString()));
        assertThat(out).containsEntry("branch", "main").containsEntry("upstream", "origin/main")
                .containsEntry("ahead", 0).containsEntry("behind", 0).containsEntry("changes", 2)
                .containsEntry("filesTruncated", false).containsEntry("summary", "2 uncommitted changes");
        assertThat((List<Object>) out.get("files")).containsExactlyInAnyOrder(".M README.md", "?? new.txt");
        assertThat((String) out.get("diffSummary")).isEqualTo("1 file changed, 3 insertions(+), 1 deletion(-)");
    }

    @Test
    void statusAcceptsThePathFromAnInboxItem() {
        Map<String, Object> out = actions.status(Map.of("item", Map.of("metadata", Map.of("path", repo.toString()))));
        assertThat(out).containsEntry("path", repo.toString()).containsEntry("changes", 0)
                .containsEntry("diffSummary", "");
    }

    @Test
    void fetchSeesNewUpstreamCommits() throws Exception {
        Path other = Repos.clone(bare, base.resolve("other"));
        Repos.commit(other, "c.txt", "3");
        Repos.commit(other, "d.txt", "4");
        Repos.git(other, "push", "origin", "main");
        assertThat(actions.status(Map.of("path", repo.toString()))).containsEntry("behind", 0);
        Map<String, Object> out = actions.fetch(Map.of("path", repo.toString()));
        assertThat(out).containsEntry("ok", true).containsEntry("behind", 2).containsEntry("ahead", 0)
                .containsEntry("summary", "behind upstream by 2 commits");
    }

    @Test
    void fetchFailureIsAClearError() {
        Repos.git(repo, "remote", "set-url", "origin", base.resolve("missing.git").toString());
        assertThatThrownBy(() -> actions.fetch(Map.of("path", repo.toString())))
                .isInstanceOf(DevRigException.class).hasMessageContaining("git fetch failed");
    }

    @Test
    void pathsOutsideTheRootsOrNotRepositoriesAreRefused() throws Exception {
        Path other = Repos.clone(bare, base.resolve("elsewhere"));
        assertThatThrownBy(() -> actions.status(Map.of("path", other.toString())))
                .isInstanceOf(DevRigException.class).hasMessageContaining("outside the configured roots")
                .extracting(e -> ((DevRigException) e).code()).isEqualTo("INVALID_INPUT");
        // a .. path that leaves the root is canonicalised first
        assertThatThrownBy(() -> actions.status(Map.of("path", root + "/../elsewhere")))
                .hasMessageContaining("outside the configured roots");
        Path plain = Files.createDirectories(root.resolve("plain"));
        assertThatThrownBy(() -> actions.fetch(Map.of("path", plain.toString())))
                .hasMessageContaining("is not a git repository");
        assertThatThrownBy(() -> actions.status(Map.of())).hasMessageContaining("$.path is required");
        assertThatThrownBy(() -> actions.status(Map.of("path", 5))).hasMessageContaining("$.path must be a string");
        assertThatThrownBy(() -> actions.status("x")).hasMessageContaining("must be an object");
        assertThatThrownBy(() -> actions.status(Map.of("path", root.resolve("nope").toString())))
                .hasMessageContaining("does not exist");
    }

    @Test
    void missingGitAndTimeoutAreClearErrors() throws Exception {
        GitCli missing = new GitCli(base.resolve("no-such-git").toString(), Duration.ofSeconds(5));
        assertThatThrownBy(() -> missing.run(repo, "status"))
                .isInstanceOf(DevRigException.class).hasMessageContaining("could not be started")
                .extracting(e -> ((DevRigException) e).code()).isEqualTo("GIT_UNAVAILABLE");

        Path slow = base.resolve("slow-git");
        Files.writeString(slow, "#!/bin/sh\nsleep 10\n");
        Files.setPosixFilePermissions(slow, PosixFilePermissions.fromString("rwx------"));
        GitCli hanging = new GitCli(slow.toString(), Duration.ofMillis(300));
        long start = System.nanoTime();
        assertThatThrownBy(() -> hanging.run(repo, "fetch"))
                .isInstanceOf(DevRigException.class).hasMessageContaining("did not finish within 300 ms")
                .extracting(e -> ((DevRigException) e).code()).isEqualTo("TIMEOUT");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(8));
    }

    @Test
    void gitRunsWithDevRigsEnvironmentAndWithoutRepositoryHooks() throws Exception {
        Map<String, String> env = new java.util.HashMap<>(Map.of("GIT_DIR", "/elsewhere/.git", "GIT_INDEX_FILE", "/tmp/i",
                "GIT_CONFIG_COUNT", "1", "GIT_COMMITTER_DATE", "2000-01-01", "GIT_SSH_COMMAND", "ssh -i key",
                "PATH", "/usr/bin", "GIT_TERMINAL_PROMPT", "1"));
        GitCli.control(env);
        assertThat(env).doesNotContainKeys("GIT_DIR", "GIT_INDEX_FILE", "GIT_CONFIG_COUNT", "GIT_COMMITTER_DATE")
                .containsEntry("GIT_SSH_COMMAND", "ssh -i key").containsEntry("PATH", "/usr/bin")
                .containsEntry("GIT_TERMINAL_PROMPT", "0").containsEntry("GIT_LITERAL_PATHSPECS", "1")
                .containsEntry("GIT_OPTIONAL_LOCKS", "0");

        // what a real run passes: a stand-in git that prints its arguments and environment
        Path fake = base.resolve("fake-git");
        Files.writeString(fake, "#!/bin/sh\nprintf '%s\\n' \"$@\"\nenv\n");
        Files.setPosixFilePermissions(fake, PosixFilePermissions.fromString("rwx------"));
        String out = new GitCli(fake.toString(), Duration.ofSeconds(10)).runOk(repo, "status");
        assertThat(out).contains("core.hooksPath=/dev/null\n", "core.fsmonitor=false\n", "GIT_LITERAL_PATHSPECS=1",
                "GIT_OPTIONAL_LOCKS=0");
    }

    /** The plugin's settings as devrig:plugin-config saved them. */
    static final class Settings implements io.devrig.api.plugin.sdk.PluginSettings {
        volatile Map<String, Object> values = Map.of();

        @Override
        public Map<String, Object> get() {
            return values;
        }

        @Override
        public void addListener(Listener listener) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void removeListener(Listener listener) {
        }
    }

    @Test
    void aChangeOfTheRootsSettingReachesTheRunningActionWithoutARestart() throws Exception {
        Settings settings = new Settings();
        settings.values = Map.of("roots", List.of(Files.createDirectories(base.resolve("elsewhere")).toString()));
        io.devrig.api.action.ActionExecutor status = new GitStatusAction(settings);
        assertThat(status.descriptor()).as("metadata is plugin.json's").isNull();
        assertThatThrownBy(() -> status.execute(Map.of("path", repo.toString()), null))
                .isInstanceOf(DevRigException.class).hasMessageContaining("outside the configured roots");
        settings.values = Map.of("roots", List.of(root.toString()));
        assertThat(status.execute(Map.of("path", repo.toString()), null)).asString().contains("branch=main");
    }

    @Test
    void runOnAnInboxItemTheRepositoryIsTheItemsPathUnlessTheInputNamesOne() throws Exception {
        Settings settings = new Settings();
        settings.values = Map.of("roots", List.of(root.toString()));
        io.devrig.api.action.ActionExecutor status = new GitStatusAction(settings);
        Path elsewhere = Files.createDirectories(base.resolve("elsewhere"));
        io.devrig.api.inbox.InboxItem item = new io.devrig.api.inbox.InboxItem("01ITEM", "io.devrig.plugin.git",
                repo.toString(), "repository", "devrig", null, null, null, io.devrig.api.inbox.Priority.NORMAL,
                io.devrig.api.inbox.InboxStatus.UNREAD, true, Map.of("path", repo.toString()), null, null, null, null,
                null, null, null, null);
        io.devrig.testing.TestActionContext onItem = new io.devrig.testing.TestActionContext().item(item);

        assertThat(status.execute(Map.of(), onItem)).asString().contains("path=" + repo, "branch=main");
        assertThatThrownBy(() -> status.execute(Map.of("path", elsewhere.toString()), onItem))
                .as("the input wins").isInstanceOf(DevRigException.class).hasMessageContaining("outside the configured roots");
        assertThatThrownBy(() -> status.execute(Map.of(), new io.devrig.testing.TestActionContext()))
                .as("no item, no path").isInstanceOf(DevRigException.class);
    }
}
