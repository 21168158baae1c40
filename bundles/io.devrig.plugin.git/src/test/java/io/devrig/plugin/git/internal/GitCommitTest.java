package io.devrig.plugin.git.internal;

import static io.devrig.testing.DevRigAssertions.devrigError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.devrig.api.error.DevRigException;
import io.devrig.testing.TestActionContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code git.commit} against real repositories built with the real git. */
class GitCommitTest {

    @TempDir
    Path base;
    Path root;
    Path repo;
    GitActions actions;

    @BeforeEach
    void setUp() throws Exception {
        root = Files.createDirectories(base.resolve("root"));
        repo = Repos.init(root.resolve("devrig"));
        Repos.commit(repo, "README.md", "one\n");
        Repos.commit(repo, "other.txt", "o\n");
        actions = Repos.actions(root);
    }

    private String head() {
        return Repos.git(repo, "rev-parse", "HEAD").trim();
    }

    private int commits() {
        return Integer.parseInt(Repos.git(repo, "rev-list", "--count", "HEAD").trim());
    }

    private Map<String, Object> input(Object... pairs) {
        Map<String, Object> m = new HashMap<>();
        m.put("repository", repo.toString());
        for (int i = 0; i < pairs.length; i += 2) {
            m.put((String) pairs[i], pairs[i + 1]);
        }
        return m;
    }

    @Test
    @SuppressWarnings("unchecked")
    void commitsTrackedChangesWithTheTrailerAndLeavesUntrackedFilesAlone() throws Exception {
        Repos.write(repo, "README.md", "one\ntwo\n");
        Repos.write(repo, "new.txt", "n\n");
        Map<String, Object> out = actions.commit(input("message", "Update the readme\n\nBecause testing."), "run-1:node-a");

        assertThat(out).containsEntry("commit", head()).containsEntry("created", true).containsEntry("branch", "main")
                .containsEntry("subject", "Update the readme").containsEntry("idempotencyKey", "run-1:node-a")
                .containsEntry("filesChanged", 1).containsEntry("summary", "1 file changed, 1 insertion(+), 0 deletions(-)");
        assertThat((List<Map<String, Object>>) out.get("files"))
                .containsExactly(Repos.file("README.md", "modified", 1, 0, false));
        assertThat(Repos.git(repo, "log", "-1", "--format=%B")).isEqualTo(
                "Update the readme\n\nBecause testing.\n\nDevRig-Idempotency-Key: run-1:node-a\n\n");
        assertThat(Repos.git(repo, "status", "--porcelain")).isEqualTo("?? new.txt\n");
        Schemas.assertMatches("git.commit.output.schema.json", out);
    }

    @Test
    void aRetryWithTheSameKeyReturnsTheFirstCommitAndCreatesNone() throws Exception {
        Repos.write(repo, "README.md", "first\n");
        Map<String, Object> first = actions.commit(input("message", "first attempt"), "run-7:commit");
        int count = commits();
        // the retry finds more work in the tree (e.g. a later node wrote again): still no second commit
        Repos.write(repo, "other.txt", "changed meanwhile\n");

        Map<String, Object> retry = actions.commit(input("message", "first attempt"), "run-7:commit");

        assertThat(retry).containsEntry("commit", first.get("commit")).containsEntry("created", false)
                .containsEntry("files", first.get("files")).containsEntry("subject", "first attempt");
        assertThat(commits()).isEqualTo(count);
        assertThat(Repos.git(repo, "status", "--porcelain")).isEqualTo(" M other.txt\n");
        Schemas.assertMatches("git.commit.output.schema.json", retry);

        // still found when another commit came after it; another key commits anew
        Repos.commit(repo, "c.txt", "c\n");
        assertThat(actions.commit(input("message", "again"), "run-7:commit")).containsEntry("commit", first.get("commit"));
        Map<String, Object> other = actions.commit(input("message", "second node"), "run-7:other");
        assertThat(other).containsEntry("created", true).containsEntry("commit", head());
        assertThat(commits()).isEqualTo(count + 2);
    }

    @Test
    void nothingToCommitIsRefusedUnlessAllowEmpty() {
        String before = head();
        assertThatThrownBy(() -> actions.commit(input("message", "nothing"), "k:1"))
                .isInstanceOf(DevRigException.class).hasMessageContaining("nothing to commit")
                .extracting(e -> ((DevRigException) e).code()).isEqualTo("NOTHING_TO_COMMIT");
        assertThat(head()).isEqualTo(before);

        Map<String, Object> empty = actions.commit(input("message", "marker", "allowEmpty", true), "k:2");
        assertThat(empty).containsEntry("created", true).containsEntry("filesChanged", 0);
        assertThat(Repos.git(repo, "rev-parse", "HEAD~1").trim()).isEqualTo(before);
    }

    @Test
    void untrackedFilesOnlyWithIncludeUntracked() throws Exception {
        Repos.write(repo, "new.txt", "n\n");
        Repos.write(repo, "ignored.log", "i\n");
        Repos.write(repo, ".gitignore", "*.log\n");
        assertThatThrownBy(() -> actions.commit(input("message", "add"), null))
                .hasMessageContaining("untracked files need includeUntracked: true");

        Map<String, Object> out = actions.commit(input("message", "add", "includeUntracked", true), null);
        assertThat(out).containsEntry("filesChanged", 2).containsEntry("idempotencyKey", null);
        assertThat(Repos.git(repo, "show", "--name-only", "--format=", "HEAD")).isEqualTo(".gitignore\nnew.txt\n");
        assertThat(Repos.git(repo, "log", "-1", "--format=%B")).as("no key, no trailer").isEqualTo("add\n\n");
        assertThat(Repos.git(repo, "status", "--porcelain", "--ignored")).isEqualTo("!! ignored.log\n");
    }

    @Test
    void pathsCommitOnlyTheirChangesAndLeaveOtherStagedWorkStaged() throws Exception {
        Repos.commit(repo, "src/a.txt", "a\n");
        Repos.write(repo, "src/a.txt", "a2\n");
        Repos.write(repo, "src/new.txt", "new\n");
        Repos.write(repo, "README.md", "staged elsewhere\n");
        Repos.git(repo, "add", "README.md");
        Repos.write(repo, "other.txt", "unstaged elsewhere\n");

        actions.commit(input("message", "src only", "paths", List.of("src")), "p:1");
        assertThat(Repos.git(repo, "show", "--name-only", "--format=", "HEAD")).isEqualTo("src/a.txt\n");
        assertThat(Repos.git(repo, "status", "--porcelain")).isEqualTo("M  README.md\n M other.txt\n?? src/new.txt\n");

        actions.commit(input("message", "src new", "paths", List.of("src"), "includeUntracked", true), "p:2");
        assertThat(Repos.git(repo, "show", "--name-only", "--format=", "HEAD")).isEqualTo("src/new.txt\n");
        assertThat(Repos.git(repo, "status", "--porcelain")).isEqualTo("M  README.md\n M other.txt\n");

        // an empty commit with paths that have nothing keeps the staged README out of it
        actions.commit(input("message", "empty", "paths", List.of("src"), "allowEmpty", true), "p:3");
        assertThat(Repos.git(repo, "show", "--name-only", "--format=", "HEAD")).isEmpty();
        assertThat(Repos.git(repo, "status", "--porcelain")).isEqualTo("M  README.md\n M other.txt\n");
    }

    @Test
    void authorAndTrailerBlockOfTheMessage() throws Exception {
        Repos.write(repo, "README.md", "x\n");
        actions.commit(input("message", "Fix it\n\nSigned-off-by: Ada <ada@example.org>",
                "author", Map.of("name", "Ada Lovelace", "email", "ada@example.org")), "run:n");
        assertThat(Repos.git(repo, "log", "-1", "--format=%an|%ae|%cn")).isEqualTo("Ada Lovelace|ada@example.org|Test\n");
        assertThat(Repos.git(repo, "log", "-1", "--format=%(trailers:only,unfold)")).isEqualTo(
                "Signed-off-by: Ada <ada@example.org>\nDevRig-Idempotency-Key: run:n\n\n");
    }

    @Test
    void anUnusualKeyBecomesItsHash() throws Exception {
        Repos.write(repo, "README.md", "x\n");
        Map<String, Object> out = actions.commit(input("message", "m"), "run 1:node\nInjected: yes");
        assertThat((String) out.get("idempotencyKey")).matches("sha256:[0-9a-f]{64}");
        assertThat(Repos.git(repo, "log", "-1", "--format=%B")).doesNotContain("Injected");
        assertThat(actions.commit(input("message", "m"), "run 1:node\nInjected: yes")).containsEntry("created", false);
    }

    @Test
    void badInputIsRefusedBeforeGitRuns() throws Exception {
        Repos.write(repo, "README.md", "x\n");
        String before = Repos.porcelain(repo);
        Path outside = Repos.init(base.resolve("outside"));
        Repos.write(outside, "f.txt", "f\n");
        for (Map<String, Object> bad : List.<Map<String, Object>>of(
                input(),
                input("message", "   \n "),
                input("message", 5),
                input("message", "x\n\nDevRig-Idempotency-Key: forged"),
                input("message", "x", "paths", List.of("-A")),
                input("message", "x", "paths", List.of("../outside/f.txt")),
                input("message", "x", "paths", "README.md"),
                input("message", "x", "author", Map.of("name", "Eve <eve@x>", "email", "e@x.org")),
                input("message", "x", "author", Map.of("name", "Eve", "email", "--exec=sh")),
                input("message", "x", "includeUntracked", "true"),
                Map.of("repository", outside.toString(), "message", "x", "includeUntracked", true),
                Map.of("repository", root.resolve("nope").toString(), "message", "x"))) {
            assertThat(devrigError(() -> actions.commit(bad, "k:bad")).code()).as(bad.toString()).isEqualTo("INVALID_INPUT");
        }
        assertThat(Repos.porcelain(repo)).isEqualTo(before);
        assertThat(Repos.git(outside, "status", "--porcelain")).isEqualTo("?? f.txt\n");
    }

    @Test
    void repositoryHooksDoNotRun() throws Exception {
        Path marker = base.resolve("hook-ran");
        Path hooks = repo.resolve(".git/hooks");
        for (String hook : List.of("pre-commit", "commit-msg", "post-commit")) {
            Path script = hooks.resolve(hook);
            Files.writeString(script, "#!/bin/sh\necho " + hook + " >> '" + marker + "'\nexit 1\n");
            Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        }
        Repos.write(repo, "README.md", "x\n");
        assertThat(actions.commit(input("message", "no hooks"), null)).containsEntry("created", true);
        assertThat(marker).doesNotExist();
    }

    @Test
    @SuppressWarnings("unchecked")
    void aDryRunPreviewsAndChangesNothing() throws Exception {
        Repos.write(repo, "README.md", "one\ntwo\n");
        Repos.write(repo, "new.txt", "n\n");
        Repos.write(repo, "other.txt", "o2\n");
        Repos.git(repo, "add", "other.txt");
        String before = Repos.porcelain(repo);
        String head = head();
        GitActionsTest.Settings settings = new GitActionsTest.Settings();
        settings.values = Map.of("roots", List.of(root.toString()));
        GitCommitAction action = new GitCommitAction(settings);
        TestActionContext dryRun = new TestActionContext().dryRun(true).idempotencyKey("run-9:n");

        Map<String, Object> preview = (Map<String, Object>) action.execute(
                input("message", "Would commit", "includeUntracked", true), dryRun);
        assertThat(preview).containsEntry("preview", true).containsEntry("actionType", "git.commit")
                .containsEntry("wouldCommit", true).containsEntry("alreadyCommitted", null)
                .containsEntry("message", "Would commit\n\nDevRig-Idempotency-Key: run-9:n")
                .containsEntry("filesChanged", 3);
        assertThat((List<Map<String, Object>>) preview.get("files")).containsExactly(
                Repos.file("README.md", "modified", 1, 0, false), Repos.file("other.txt", "modified", 1, 1, false),
                Repos.file("new.txt", "added", null, null, false));
        assertThat(action.preview(input("message", "Would commit"), dryRun)).asString().contains("filesChanged=2");
        assertThat(Repos.porcelain(repo)).isEqualTo(before);
        assertThat(head()).isEqualTo(head);

        // for real through the component, then the preview of a retry says it is done
        Map<String, Object> done = (Map<String, Object>) action.execute(input("message", "Would commit"),
                new TestActionContext().idempotencyKey("run-9:n"));
        assertThat(done).containsEntry("created", true);
        assertThat((Map<String, Object>) action.preview(input("message", "Would commit"), dryRun)).containsEntry("alreadyCommitted", done.get("commit")).containsEntry("wouldCommit", false);
    }
}
