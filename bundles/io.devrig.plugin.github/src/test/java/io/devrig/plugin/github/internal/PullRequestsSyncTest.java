package io.devrig.plugin.github.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.devrig.api.error.DevRigException;
import io.devrig.api.inbox.InboxItem;
import io.devrig.api.inbox.InboxStatus;
import io.devrig.api.inbox.Priority;
import io.devrig.api.inbox.StoreResult;
import io.devrig.api.sync.SyncRequest;
import io.devrig.api.sync.SyncResult;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PullRequestsSyncTest extends GitHubTestBase {

    PullRequestsSync sync;
    Scheduler scheduler;

    @BeforeEach
    void setUp() {
        sync = new PullRequestsSync(client(), inbox, log, pacer());
        scheduler = new Scheduler(sync::sync, Items.PULL_REQUESTS, config(100, "octo/hello"));
    }

    Map<String, Object> config(int perPage, String... repos) {
        return Map.of("apiUrl", github.apiUrl(), "perPage", perPage, "repositories", List.of(repos));
    }

    List<FakeGitHub.Recorded> listRequests() {
        return github.requests().stream().filter(r -> r.path().endsWith("/pulls")).toList();
    }

    @Test
    void openPullRequestsOfEachRepositoryBecomeItems() {
        github.addPull("octo/hello", 5, "Add the widget", "alice", false);
        github.addPull("octo/hello", 6, "WIP: rework", "bob", true);
        github.addPull("octo/tools", 1, "Fix CI", "carol", false);
        github.closePull("octo/hello", 5);
        github.addPull("octo/hello", 7, "Docs", "dave", false);
        scheduler.config = config(100, "octo/hello", "octo/tools");

        assertThat(scheduler.cycle()).isEqualTo(3);

        // one request per call, repository after repository
        assertThat(scheduler.pages).extracting(SyncResult::hasMore).containsExactly(true, false);
        assertThat(listRequests()).extracting(FakeGitHub.Recorded::path)
                .containsExactly("/repos/octo/hello/pulls", "/repos/octo/tools/pulls");
        assertThat(listRequests().get(0).params()).containsEntry("state", "open").containsEntry("per_page", "100");
        assertThat(inbox.items()).extracting(InboxItem::externalId).containsExactlyInAnyOrder("pr:octo/hello#6",
                "pr:octo/hello#7", "pr:octo/tools#1");

        InboxItem draft = inbox.item("pr:octo/hello#6");
        assertThat(draft.type()).isEqualTo("pull_request");
        assertThat(draft.title()).isEqualTo("WIP: rework");
        assertThat(draft.sourceUrl()).isEqualTo(github.root + "/octo/hello/pull/6");
        assertThat(draft.priority()).isEqualTo(Priority.LOW);
        assertThat(draft.actionable()).isFalse();
        assertThat(draft.preview()).isEqualTo("octo/hello #6 by bob → main · draft");
        assertThat(draft.metadata()).containsEntry("dataSourceId", "github.pull_requests")
                .containsEntry("repository", "octo/hello").containsEntry("number", 6).containsEntry("draft", true)
                .containsEntry("author", "bob").containsEntry("headSha", FakeGitHub.sha("octo/hello6"));
        assertThat(inbox.item("pr:octo/tools#1").priority()).isEqualTo(Priority.NORMAL);
    }

    @Test
    void threePagesAreWalkedAndAnUnchangedListAnswers304() {
        for (int n = 1; n <= 5; n++) {
            github.addPull("octo/hello", n, "PR " + n, "alice", false);
        }
        scheduler.config = config(2, "octo/hello");

        assertThat(scheduler.cycle()).isEqualTo(5);
        assertThat(scheduler.pages).extracting(SyncResult::hasMore).containsExactly(true, true, false);
        assertThat(listRequests()).extracting(FakeGitHub.Recorded::query).containsExactly(
                "state=open&sort=created&direction=desc&per_page=2",
                "state=open&sort=created&direction=desc&per_page=2&page=2",
                "state=open&sort=created&direction=desc&per_page=2&page=3");
        String cursor = scheduler.cursor;
        int storeCalls = inbox.storeResults().size();
        github.clearRequests();

        // second cycle: the first page is conditional and unchanged; the walk goes on from the
        // remembered next link, so the later pages are still checked
        assertThat(scheduler.cycle()).isZero();
        List<FakeGitHub.Recorded> second = listRequests();
        assertThat(second.get(0).header("If-None-Match")).startsWith("W/\"");
        assertThat(second).extracting(r -> r.params().getOrDefault("page", "1")).containsExactly("1", "2", "3");
        assertThat(second.get(1).header("If-None-Match")).isNull();
        assertThat(inbox.storeResults()).hasSize(storeCalls + 2); // pages 2 and 3 re-stored unchanged
        assertThat(scheduler.cursor).isEqualTo(cursor);
        assertThat(inbox.archiveCalls()).isEmpty();
    }

    @Test
    void aSinglePage304StoresNothingAndKeepsTheCursor() {
        github.addPull("octo/hello", 1, "One", "alice", false);
        scheduler.cycle();
        String cursor = scheduler.cursor;
        int storeCalls = inbox.storeResults().size();
        github.clearRequests();

        assertThat(scheduler.cycle()).isZero();
        assertThat(github.requests()).singleElement().satisfies(r -> assertThat(r.header("If-None-Match")).isNotNull());
        assertThat(inbox.storeResults()).hasSize(storeCalls);
        assertThat(scheduler.pages).singleElement().extracting(SyncResult::cursor).isEqualTo(cursor);
    }

    @Test
    void closedPullRequestsAreArchivedAfterACompleteCycle() {
        github.addPull("octo/hello", 1, "One", "alice", false);
        github.addPull("octo/hello", 2, "Two", "bob", false);
        github.addPull("octo/hello", 3, "Three", "carol", false);
        scheduler.cycle();

        github.closePull("octo/hello", 2);
        github.clearRequests();
        scheduler.cycle();

        assertThat(inbox.archiveCalls()).containsExactly(List.of("pr:octo/hello#2"));
        assertThat(inbox.item("pr:octo/hello#2").status()).isEqualTo(InboxStatus.ARCHIVED);
        assertThat(inbox.item("pr:octo/hello#1").status()).isEqualTo(InboxStatus.UNREAD);
        // confirmed with GitHub before archiving
        assertThat(github.requests()).extracting(FakeGitHub.Recorded::path).contains("/repos/octo/hello/pulls/2");

        // archived items are not looked at again
        github.clearRequests();
        scheduler.cycle();
        assertThat(github.requests()).extracting(FakeGitHub.Recorded::path).doesNotContain("/repos/octo/hello/pulls/2");
    }

    @Test
    void pullRequestsOfARepositoryRemovedFromTheConfigAreArchived() {
        github.addPull("octo/hello", 1, "One", "alice", false);
        github.addPull("octo/tools", 4, "Four", "dave", false);
        scheduler.config = config(100, "octo/hello", "octo/tools");
        scheduler.cycle();
        assertThat(inbox.item("pr:octo/tools#4").status()).isEqualTo(InboxStatus.UNREAD);

        scheduler.config = config(100, "octo/hello");
        github.clearRequests();
        scheduler.cycle();
        assertThat(inbox.archiveCalls()).containsExactly(List.of("pr:octo/tools#4"));
        assertThat(inbox.item("pr:octo/hello#1").status()).isEqualTo(InboxStatus.UNREAD);
        assertThat(github.requests()).extracting(FakeGitHub.Recorded::path).as("no need to ask GitHub")
                .doesNotContain("/repos/octo/tools/pulls/4");
    }

    @Test
    void aPullRequestMissingFromTheListButStillOpenIsNotArchived() {
        github.addPull("octo/hello", 1, "One", "alice", false);
        github.addPull("octo/hello", 2, "Two", "bob", false);
        scheduler.cycle();
        github.hideFromList("octo/hello", 2);
        github.addPull("octo/hello", 3, "Three", "carol", false); // the list changed: 200, not 304

        scheduler.cycle();

        assertThat(inbox.archiveCalls()).isEmpty();
        assertThat(inbox.item("pr:octo/hello#2").status()).isEqualTo(InboxStatus.UNREAD);
    }

    @Test
    void nothingIsArchivedWhenTheCycleFails() {
        github.addPull("octo/hello", 1, "One", "alice", false);
        github.addPull("octo/hello", 2, "Two", "bob", false);
        github.addPull("octo/tools", 9, "Nine", "carol", false);
        scheduler.config = config(100, "octo/hello", "octo/tools");
        scheduler.cycle();

        github.closePull("octo/hello", 2);
        github.failNext("GET", "/repos/octo/tools/pulls", null, FakeGitHub.serverError());
        assertThatThrownBy(scheduler::cycle).isInstanceOfSatisfying(DevRigException.class,
                e -> assertThat(e.code()).isEqualTo("GITHUB_UNAVAILABLE"));
        assertThat(inbox.archiveCalls()).isEmpty();
        assertThat(inbox.item("pr:octo/hello#2").status()).isEqualTo(InboxStatus.UNREAD);

        // a failed confirmation archives nothing either
        github.failNext("GET", "/repos/octo/hello/pulls/2", null, FakeGitHub.retryAfter(429, 10));
        assertThatThrownBy(scheduler::cycle).isInstanceOfSatisfying(DevRigException.class,
                e -> assertThat(e.code()).isEqualTo("RATE_LIMITED"));
        assertThat(inbox.archiveCalls()).isEmpty();

        clock.advanceSeconds(10);
        scheduler.cycle();
        assertThat(inbox.archiveCalls()).containsExactly(List.of("pr:octo/hello#2"));
    }

    @Test
    void aMalformedPageStoresNothingAndTheRetryDuplicatesNothing() {
        for (int n = 1; n <= 5; n++) {
            github.addPull("octo/hello", n, "PR " + n, "alice", false);
        }
        scheduler.config = config(2, "octo/hello");
        github.failNext("GET", "/repos/octo/hello/pulls", "3", FakeGitHub.malformed());

        assertThatThrownBy(scheduler::cycle).isInstanceOfSatisfying(DevRigException.class, e -> {
            assertThat(e.code()).isEqualTo("GITHUB_BAD_RESPONSE");
            assertThat(e.getMessage()).contains("GET /repos/octo/hello/pulls");
        });
        assertThat(inbox.items()).hasSize(4);
        assertThat(inbox.archiveCalls()).isEmpty();

        scheduler.cycle();
        assertThat(inbox.items()).hasSize(5);
        assertThat(stored(StoreResult::created)).isEqualTo(5);
        assertThat(stored(StoreResult::updated)).isZero();
    }

    @Test
    void anUnknownRepositoryIsAPermanentNotFound() {
        scheduler.config = config(100, "octo/missing");
        assertThatThrownBy(scheduler::cycle).isInstanceOfSatisfying(DevRigException.class, e -> {
            assertThat(e.code()).isEqualTo("GITHUB_NOT_FOUND");
            assertThat(e.retryable()).isFalse();
            assertThat(e.getMessage()).contains("/repos/octo/missing/pulls", "Not Found");
        });
    }

    @Test
    void repositoriesAreValidatedBeforeAnyRequest() {
        for (Object bad : List.of("octo", "octo/hello/x", "../etc/passwd", "octo/..", "octo/hello?x=1", "-octo/hello",
                "octo/hel lo", "http://evil/x")) {
            Map<String, Object> c = Map.of("repositories", List.of("octo/hello", bad), "apiUrl", github.apiUrl());
            assertThatThrownBy(() -> sync.sync(new SyncRequest(Items.PULL_REQUESTS, null, 1, c)))
                    .as("%s", bad).isInstanceOfSatisfying(DevRigException.class, e -> {
                        assertThat(e.code()).isEqualTo("INVALID_INPUT");
                        assertThat(e.getMessage()).contains("$.repositories[1]");
                    });
        }
        assertThatThrownBy(() -> sync.sync(new SyncRequest(Items.PULL_REQUESTS, null, 1, Map.of())))
                .isInstanceOf(DevRigException.class).hasMessageContaining("$.repositories: required");
        assertThat(github.requests()).isEmpty();
    }
}
