package io.devrig.plugin.git.internal;

import static io.devrig.testing.DevRigAssertions.devrigError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.devrig.api.error.DevRigException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code git.diff} against real repositories built with the real git. */
class GitDiffTest {

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
        actions = Repos.actions(root);
    }

    @Test
    @SuppressWarnings("unchecked")
    void workingTreeAgainstHeadWithStagedAndUnstagedButNotUntrackedFiles() throws Exception {
        String head = Repos.git(repo, "rev-parse", "HEAD").trim();
        Repos.write(repo, "README.md", "one\ntwo\n");
        Repos.write(repo, "staged.txt", "s1\ns2\n");
        Repos.git(repo, "add", "staged.txt");
        Repos.write(repo, "untracked.txt", "u\n");
        String before = Repos.porcelain(repo);

        Map<String, Object> out = actions.diff(Map.of("repository", repo.toString()));

        assertThat(out).containsEntry("repository", repo.toString()).containsEntry("from", head)
                .containsEntry("to", "working tree").containsEntry("filesChanged", 2).containsEntry("additions", 3)
                .containsEntry("deletions", 0).containsEntry("truncated", false).containsEntry("filesTruncated", false)
                .containsEntry("summary", "2 files changed, 3 insertions(+), 0 deletions(-)");
        assertThat((List<Map<String, Object>>) out.get("files")).containsExactly(
                Map.of("path", "README.md", "status", "modified", "additions", 1, "deletions", 0, "binary", false),
                Map.of("path", "staged.txt", "status", "added", "additions", 2, "deletions", 0, "binary", false));
        assertThat((String) out.get("diff")).contains("diff --git a/README.md b/README.md", "+two", "+s2")
                .doesNotContain("untracked.txt");
        assertThat(Repos.porcelain(repo)).as("a diff changes nothing").isEqualTo(before);
        Schemas.assertMatches("git.diff.output.schema.json", out);
    }

    @Test
    @SuppressWarnings("unchecked")
    void betweenTwoRevisionsAndFromARevisionToTheWorkingTree() throws Exception {
        Repos.git(repo, "tag", "v1");
        Repos.commit(repo, "a.txt", "a\n");
        Repos.write(repo, "README.md", "changed\n");
        Repos.git(repo, "commit", "-a", "-m", "readme");
        Repos.write(repo, "a.txt", "a\nb\n");

        Map<String, Object> range = actions.diff(Map.of("repository", repo.toString(), "from", "v1", "to", "HEAD~1"));
        assertThat(range).containsEntry("to", Repos.git(repo, "rev-parse", "HEAD~1").trim())
                .containsEntry("filesChanged", 1);
        assertThat((List<Map<String, Object>>) range.get("files")).extracting(f -> f.get("path"), f -> f.get("status"))
                .containsExactly(org.assertj.core.groups.Tuple.tuple("a.txt", "added"));

        Map<String, Object> fromTag = actions.diff(Map.of("repository", repo.toString(), "from", "v1"));
        assertThat((List<Map<String, Object>>) fromTag.get("files")).extracting(f -> f.get("path"))
                .containsExactly("README.md", "a.txt");
        assertThat((String) fromTag.get("diff")).contains("-one", "+changed", "+b");

        Map<String, Object> reverse = actions.diff(Map.of("repository", repo.toString(), "from", "HEAD", "to", "v1"));
        assertThat(reverse).containsEntry("additions", 1).containsEntry("deletions", 2);
    }

    @Test
    @SuppressWarnings("unchecked")
    void pathsFilterKeepsOnlyThoseFilesAndFolders() throws Exception {
        Repos.commit(repo, "src/a.txt", "a\n");
        Repos.commit(repo, "docs/b.txt", "b\n");
        Repos.write(repo, "src/a.txt", "a2\n");
        Repos.write(repo, "docs/b.txt", "b2\n");
        Repos.write(repo, "README.md", "r2\n");

        Map<String, Object> out = actions.diff(Map.of("repository", repo.toString(), "paths", List.of("src", "README.md")));
        assertThat((List<Map<String, Object>>) out.get("files")).extracting(f -> f.get("path"))
                .containsExactly("README.md", "src/a.txt");
        assertThat((String) out.get("diff")).doesNotContain("docs/b.txt");
        // literal pathspecs: a glob matches nothing rather than everything
        assertThat(actions.diff(Map.of("repository", repo.toString(), "paths", List.of("*.txt"))))
                .containsEntry("filesChanged", 0).containsEntry("diff", "");
    }

    @Test
    void statOnlyGivesCountsWithoutText() throws Exception {
        Repos.write(repo, "README.md", "one\ntwo\n");
        Map<String, Object> out = actions.diff(Map.of("repository", repo.toString(), "stat", true));
        assertThat(out).containsEntry("filesChanged", 1).containsEntry("additions", 1).containsEntry("diff", null)
                .containsEntry("truncated", false);
        Schemas.assertMatches("git.diff.output.schema.json", out);
    }

    @Test
    void theDiffTextIsCutAtALineEndWithinTheCap() throws Exception {
        StringBuilder big = new StringBuilder();
        for (int i = 0; i < 2000; i++) {
            big.append("line ").append(i).append('\n');
        }
        Repos.write(repo, "README.md", big.toString());

        Map<String, Object> cut = actions.diff(Map.of("repository", repo.toString(), "maxBytes", 1000));
        String text = (String) cut.get("diff");
        assertThat(cut).containsEntry("truncated", true).containsEntry("additions", 2000);
        assertThat(text.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(1000).isGreaterThan(900);
        assertThat(text).startsWith("diff --git").endsWith("\n");

        Map<String, Object> whole = actions.diff(Map.of("repository", repo.toString()));
        assertThat(whole).containsEntry("truncated", false);
        assertThat((String) whole.get("diff")).startsWith(text).contains("+line 1999\n");
    }

    @Test
    @SuppressWarnings("unchecked")
    void binaryFilesHaveNoLineCountsAndAFirstCommitIsDiffedAgainstTheEmptyTree() throws Exception {
        Path fresh = Repos.init(root.resolve("fresh"));
        Repos.write(fresh, "a.txt", "x\ny\n");
        Files.write(fresh.resolve("b.bin"), new byte[] {0, 1, 2, 0, 3});
        Repos.git(fresh, "add", "a.txt", "b.bin");

        Map<String, Object> out = actions.diff(Map.of("repository", fresh.toString()));
        assertThat(out.get("from")).as("the empty tree").isEqualTo(
                Repos.git(fresh, "hash-object", "-t", "tree", "/dev/null").trim());
        assertThat((List<Map<String, Object>>) out.get("files")).containsExactly(
                Repos.file("a.txt", "added", 2, 0, false), Repos.file("b.bin", "added", null, null, true));
    }

    @Test
    void optionLikeRevisionsAndPathsAndForeignRepositoriesAreRefused() throws Exception {
        Path marker = base.resolve("pwned");
        String repoPath = repo.toString();
        for (Map<String, Object> bad : List.<Map<String, Object>>of(
                Map.of("repository", repoPath, "from", "--output=" + marker),
                Map.of("repository", repoPath, "to", "-p"),
                Map.of("repository", repoPath, "from", "--upload-pack=touch " + marker),
                Map.of("repository", repoPath, "from", "HEAD~1..HEAD"),
                Map.of("repository", repoPath, "from", "HEAD with space"),
                Map.of("repository", repoPath, "paths", List.of("--output=" + marker)),
                Map.of("repository", repoPath, "paths", List.of("../outside")),
                Map.of("repository", repoPath, "paths", List.of("/etc/passwd")),
                Map.of("repository", repoPath, "paths", List.of(".git/config")),
                Map.of("repository", repoPath, "maxBytes", 0),
                Map.of("repository", repoPath, "stat", "yes"))) {
            assertThat(devrigError(() -> actions.diff(bad)).code()).as(bad.toString()).isEqualTo("INVALID_INPUT");
        }
        assertThat(marker).doesNotExist();
        assertThatThrownBy(() -> actions.diff(Map.of("repository", repoPath, "from", "no-such-branch")))
                .hasMessageContaining("'no-such-branch' is not a commit");

        Path outside = Repos.init(base.resolve("outside"));
        assertThatThrownBy(() -> actions.diff(Map.of("repository", outside.toString())))
                .hasMessageContaining("outside the configured roots");
        assertThatThrownBy(() -> actions.diff(Map.of("repository", root + "/devrig/../../outside")))
                .hasMessageContaining("outside the configured roots");
        assertThatThrownBy(() -> actions.diff(Map.of("repository", 7))).hasMessageContaining("$.repository must be a string");
    }

    @Test
    void theInboxItemOrPathNamesTheRepositoryToo() throws Exception {
        Repos.write(repo, "README.md", "x\n");
        assertThat(actions.diff(Map.of("item", Map.of("metadata", Map.of("path", repo.toString())))))
                .containsEntry("filesChanged", 1);
        assertThat(actions.diff(Map.of("path", repo.toString()))).containsEntry("filesChanged", 1);
    }
}
