package io.devrig.plugin.git.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.devrig.api.inbox.Priority;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RepositoryStateTest {

    @TempDir
    Path base;
    Path bare;
    Path work;

    @BeforeEach
    void setUp() throws Exception {
        Repos.cloneWithUpstream(base, "a");
        bare = base.resolve("upstream-a.git");
        work = Repos.clone(bare, base.resolve("work"));
    }

    @Test
    void cleanCloneTracksUpstreamAndNeedsNoAttention() {
        RepositoryState s = Repos.status(work);
        assertThat(s.branch()).isEqualTo("main");
        assertThat(s.upstream()).isEqualTo("origin/main");
        assertThat(s.detached()).isFalse();
        assertThat(s.ahead()).isZero();
        assertThat(s.behind()).isZero();
        assertThat(s.changes()).isEmpty();
        assertThat(AttentionRule.needsAttention(s)).isFalse();
        assertThat(AttentionRule.summary(s)).isEqualTo("clean");
    }

    @Test
    void dirtyRepositoryListsModifiedAndUntrackedFilesWithLowPriority() throws Exception {
        Repos.write(work, "README.md", "changed\n");
        Repos.write(work, "new file.txt", "x\n");
        RepositoryState s = Repos.status(work);
        assertThat(s.changes()).containsExactlyInAnyOrder(".M README.md", "?? new file.txt");
        assertThat(AttentionRule.needsAttention(s)).isTrue();
        assertThat(AttentionRule.priority(s)).isEqualTo(Priority.LOW);
        assertThat(AttentionRule.summary(s)).isEqualTo("2 uncommitted changes");
    }

    @Test
    void unpushedCommitsAreAheadWithNormalPriority() throws Exception {
        Repos.commit(work, "a.txt", "1");
        Repos.commit(work, "b.txt", "2");
        RepositoryState s = Repos.status(work);
        assertThat(s.ahead()).isEqualTo(2);
        assertThat(s.behind()).isZero();
        assertThat(AttentionRule.priority(s)).isEqualTo(Priority.NORMAL);
        assertThat(AttentionRule.summary(s)).isEqualTo("2 commits not pushed");
    }

    @Test
    void behindAfterAnotherClonePushedAndFetchIsHigh() throws Exception {
        Path other = Repos.clone(bare, base.resolve("other"));
        Repos.commit(other, "c.txt", "3");
        Repos.git(other, "push", "origin", "main");
        assertThat(Repos.status(work).behind()).isZero(); // not yet fetched
        Repos.git(work, "fetch");
        RepositoryState s = Repos.status(work);
        assertThat(s.behind()).isEqualTo(1);
        assertThat(AttentionRule.priority(s)).isEqualTo(Priority.HIGH);
        assertThat(AttentionRule.summary(s)).isEqualTo("behind upstream by 1 commit");
    }

    @Test
    void detachedHeadHasNoBranchAndHighPriority() {
        Repos.git(work, "checkout", "--detach", "HEAD");
        RepositoryState s = Repos.status(work);
        assertThat(s.detached()).isTrue();
        assertThat(s.branch()).isNull();
        assertThat(s.head()).hasSize(40);
        assertThat(AttentionRule.priority(s)).isEqualTo(Priority.HIGH);
        assertThat(AttentionRule.summary(s)).isEqualTo("detached HEAD");
    }

    @Test
    void stagedRenameKeepsTheNewPath() throws Exception {
        Repos.git(work, "mv", "README.md", "docs.md");
        RepositoryState s = Repos.status(work);
        assertThat(s.changes()).containsExactly("R. docs.md");
    }

    @Test
    void repositoryWithoutUpstreamIsNotAheadOrBehind() throws Exception {
        Path solo = base.resolve("solo");
        Files.createDirectories(solo);
        Repos.git(solo, "init");
        Repos.commit(solo, "x.txt", "x");
        RepositoryState s = Repos.status(solo);
        assertThat(s.upstream()).isNull();
        assertThat(s.ahead()).isZero();
        assertThat(AttentionRule.needsAttention(s)).isFalse();
    }

    @Test
    void repositoryFsmonitorHookIsNotRun() throws Exception {
        Path marker = base.resolve("ran");
        Path hook = base.resolve("hook.sh");
        Files.writeString(hook, "#!/bin/sh\ntouch '" + marker + "'\n");
        Files.setPosixFilePermissions(hook, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
        Repos.git(work, "config", "core.fsmonitor", hook.toString());
        Repos.write(work, "README.md", "changed\n");
        assertThat(Repos.status(work).changes()).containsExactly(".M README.md");
        assertThat(marker).doesNotExist();
    }

    @Test
    void parserIgnoresUnknownLinesAndCombinesSummaryInOrder() {
        RepositoryState s = RepositoryState.parse("# branch.oid abc\n# branch.head (detached)\n# stash 2\n"
                + "# branch.upstream origin/x\n# branch.ab +1 -3\n? a b.txt\nzzz future line\n");
        assertThat(s.ahead()).isEqualTo(1);
        assertThat(s.behind()).isEqualTo(3);
        assertThat(s.changes()).containsExactly("?? a b.txt");
        assertThat(AttentionRule.summary(s))
                .isEqualTo("1 uncommitted change, 1 commit not pushed, behind upstream by 3 commits, detached HEAD");
    }
}
