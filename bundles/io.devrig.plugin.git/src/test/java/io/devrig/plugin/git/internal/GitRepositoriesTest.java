package io.devrig.plugin.git.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.devrig.api.error.DevRigException;
import io.devrig.api.inbox.InboxItemInput;
import io.devrig.api.inbox.InboxStatus;
import io.devrig.api.inbox.Priority;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GitRepositoriesTest {

    @TempDir
    Path base;
    Path root;
    Path repo;
    Path bare;
    final RecordingInbox inbox = new RecordingInbox();
    GitRepositories source;
    Map<String, Object> config;

    @BeforeEach
    void setUp() throws Exception {
        Repos.cloneWithUpstream(base, "a");
        bare = base.resolve("upstream-a.git");
        root = Files.createDirectories(base.resolve("root"));
        repo = Repos.clone(bare, root.resolve("team/devrig")).toRealPath();
        source = new GitRepositories(Repos.GIT, base.resolve("home"));
        config = Map.of("roots", List.of(root.toString()));
    }

    @Test
    void cleanRepositoriesStoreNothing() {
        assertThat(source.sync(config, inbox)).isZero();
        assertThat(inbox.storeCalls).isZero();
        assertThat(inbox.archiveCalls).isEmpty();
    }

    @Test
    void dirtyAndAheadRepositoryGetsOneItemWithMetadataThenIsArchivedWhenCleanAgain() throws Exception {
        Repos.commit(repo, "a.txt", "1");
        Repos.write(repo, "README.md", "edited\n");
        assertThat(source.sync(config, inbox)).isEqualTo(1);

        InboxItemInput item = inbox.items.get(repo.toString());
        assertThat(item.type()).isEqualTo("repository");
        assertThat(item.title()).isEqualTo("devrig: 1 uncommitted change, 1 commit not pushed");
        assertThat(item.priority()).isEqualTo(Priority.NORMAL);
        assertThat(item.preview()).isEqualTo("on main: 1 uncommitted change, 1 commit not pushed");
        assertThat(item.body()).contains(".M README.md");
        assertThat(item.metadata()).containsEntry("dataSourceId", "git.repositories")
                .containsEntry("path", repo.toString()).containsEntry("branch", "main")
                .containsEntry("ahead", 1).containsEntry("behind", 0).containsEntry("changes", 1)
                .containsEntry("detached", false);

        Repos.git(repo, "checkout", "--", "README.md");
        Repos.git(repo, "push", "origin", "main");
        source.sync(config, inbox);
        assertThat(inbox.archiveCalls).containsExactly(List.of(repo.toString()));
        assertThat(inbox.statuses.get(repo.toString())).isEqualTo(InboxStatus.ARCHIVED);

        // a later sync of the clean repository archives nothing more
        source.sync(config, inbox);
        assertThat(inbox.archiveCalls).hasSize(1);
    }

    @Test
    void behindUpstreamIsHighAndSeenOnlyAfterFetch() throws Exception {
        Path other = Repos.clone(bare, base.resolve("other"));
        Repos.commit(other, "c.txt", "3");
        Repos.git(other, "push", "origin", "main");
        Repos.git(repo, "fetch");
        source.sync(config, inbox);
        assertThat(inbox.items.get(repo.toString()).priority()).isEqualTo(Priority.HIGH);
        assertThat(inbox.items.get(repo.toString()).metadata()).containsEntry("behind", 1);
    }

    @Test
    void scanSkipsSymlinksHiddenFoldersAndStopsAtDepth() throws Exception {
        Path deep = Files.createDirectories(root.resolve("a/b/c/deep"));
        Repos.git(deep, "init");
        Path hidden = Files.createDirectories(root.resolve(".cache/hid"));
        Repos.git(hidden, "init");
        Path outside = Files.createDirectories(base.resolve("outside/repo"));
        Repos.git(outside, "init");
        Files.createSymbolicLink(root.resolve("link"), outside.getParent());
        RepositoryScanner scanner = RepositoryScanner.fromConfig(config, base);
        assertThat(scanner.scan()).containsExactly(repo);
        assertThat(RepositoryScanner.fromConfig(Map.of("roots", List.of(root.toString()), "maxDepth", 4), base)
                .scan()).containsExactlyInAnyOrder(repo, deep.toRealPath());
    }

    @Test
    void defaultRootsAreThoseUnderHomeThatExist() throws Exception {
        Path home = Files.createDirectories(base.resolve("home"));
        Path src = Files.createDirectories(home.resolve("src"));
        RepositoryScanner scanner = RepositoryScanner.fromConfig(Map.of(), home);
        assertThat(scanner.roots()).containsExactly(src.toRealPath());
    }

    @Test
    void badConfigIsRefusedWithItsPath() {
        assertThatThrownBy(() -> source.sync(Map.of("roots", "/tmp"), inbox))
                .isInstanceOf(DevRigException.class).hasMessageContaining("$.roots must be an array");
        assertThatThrownBy(() -> source.sync(Map.of("roots", List.of("ok", 3)), inbox))
                .isInstanceOf(DevRigException.class).hasMessageContaining("$.roots[1]")
                .extracting(e -> ((DevRigException) e).code()).isEqualTo("INVALID_INPUT");
        assertThatThrownBy(() -> source.sync(Map.of("maxDepth", 9), inbox))
                .isInstanceOf(DevRigException.class).hasMessageContaining("$.maxDepth");
    }
}
