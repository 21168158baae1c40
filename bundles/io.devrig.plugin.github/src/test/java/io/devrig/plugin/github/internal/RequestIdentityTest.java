package io.devrig.plugin.github.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.devrig.api.inbox.InboxItem;
import io.devrig.api.inbox.InboxStatus;
import io.devrig.api.sync.SyncRequest;
import io.devrig.api.sync.SyncResult;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Saved validators and walks stand only for the request they came from: when the settings
 * change the query, the old If-Modified-Since / If-None-Match and next links are not sent.
 * The fake answers 304 whenever a validator matches what it would send, as GitHub does.
 */
class RequestIdentityTest extends GitHubTestBase {

    Map<String, Object> notifications(Map<String, Object> extra) {
        Map<String, Object> c = new HashMap<>(extra);
        c.put("apiUrl", github.apiUrl());
        return c;
    }

    Map<String, Object> pulls(int perPage, String... repos) {
        return Map.of("apiUrl", github.apiUrl(), "perPage", perPage, "repositories", List.of(repos));
    }

    /** Three unread threads and two the user already read on GitHub; Last-Modified only. */
    void threads() {
        github.notificationEtags(false);
        for (int i = 1; i <= 5; i++) {
            github.addNotification("10" + i, "octo/hello", "Issue", "issues", 40 + i, "Issue " + i, "comment",
                    "2026-11-23T06:0" + i + ":00Z");
        }
        github.readThread("104");
        github.readThread("105");
    }

    @Test
    void changingTheNotificationsQueryDropsTheOldValidatorsAndShowsTheNewThreads() {
        threads();
        Scheduler s = new Scheduler(new NotificationsSync(client(), inbox, log, pacer())::sync, Items.NOTIFICATIONS,
                notifications(Map.of()));
        assertThat(s.cycle()).isEqualTo(3);

        // all=true, participating=true: GitHub's Last-Modified did not move, so the old
        // If-Modified-Since would get a 304 and hide the read threads
        s.config = notifications(Map.of("all", true, "participating", true));
        github.clearRequests();
        assertThat(s.cycle()).isEqualTo(2);
        FakeGitHub.Recorded first = github.requests().get(0);
        assertThat(first.params()).containsEntry("all", "true").containsEntry("participating", "true");
        assertThat(first.header("If-Modified-Since")).isNull();
        assertThat(first.header("If-None-Match")).isNull();
        assertThat(inbox.items()).extracting(InboxItem::externalId).contains("notification:104", "notification:105");
        assertThat(inbox.item("notification:104").status()).as("read on GitHub").isEqualTo(InboxStatus.READ);

        // the same query again is conditional again
        github.clearRequests();
        assertThat(s.cycle()).isZero();
        assertThat(github.requests()).singleElement()
                .satisfies(r -> assertThat(r.header("If-Modified-Since")).isEqualTo("Mon, 23 Nov 2026 07:00:00 GMT"));

        // and back: the validators were the other query's
        s.config = notifications(Map.of());
        github.clearRequests();
        s.cycle();
        assertThat(github.requests().get(0).header("If-Modified-Since")).isNull();
    }

    @Test
    void aPageSizeChangeIsANewRequestToo() {
        threads();
        Scheduler s = new Scheduler(new NotificationsSync(client(), inbox, log, pacer())::sync, Items.NOTIFICATIONS,
                notifications(Map.of()));
        s.cycle();
        s.config = notifications(Map.of("perPage", 2));
        github.clearRequests();
        s.cycle();
        assertThat(github.requests()).extracting(FakeGitHub.Recorded::query).containsExactly("per_page=2",
                "per_page=2&page=2");
        assertThat(github.requests().get(0).header("If-Modified-Since")).isNull();
    }

    @Test
    void aQueryChangedDuringAWalkStartsAgainFromTheFirstPage() {
        threads();
        NotificationsSync sync = new NotificationsSync(client(), inbox, log, pacer());
        SyncResult page1 = sync.sync(new SyncRequest(Items.NOTIFICATIONS, null, 1, notifications(Map.of("perPage", 2))));
        assertThat(page1.hasMore()).isTrue();
        github.clearRequests();

        // the scheduler asks for page 2, but the settings now say all=true
        SyncResult page2 = sync.sync(new SyncRequest(Items.NOTIFICATIONS, page1.cursor(), 2,
                notifications(Map.of("perPage", 2, "all", true))));
        assertThat(github.requests()).singleElement().satisfies(r -> {
            assertThat(r.query()).isEqualTo("all=true&per_page=2"); // the new query's first page, not page 2
            assertThat(r.header("If-Modified-Since")).isNull();
        });
        assertThat(page2.hasMore()).isTrue();
        assertThat(page2.cursor()).contains("?all=true&per_page=2&page=2").doesNotContain("?per_page=2&page=2");
    }

    @Test
    void aCursorFromBeforeRequestsWereRecordedIsUsedUnconditionallyOnce() {
        threads();
        Scheduler s = new Scheduler(new NotificationsSync(client(), inbox, log, pacer())::sync, Items.NOTIFICATIONS,
                notifications(Map.of()));
        s.cursor = "{\"v\":1,\"validators\":{\"lastModified\":\"Mon, 23 Nov 2026 07:00:00 GMT\"}}";
        assertThat(s.cycle()).isEqualTo(3);
        assertThat(github.requests().get(0).header("If-Modified-Since")).isNull();
        github.clearRequests();
        s.cycle();
        assertThat(github.requests().get(0).header("If-Modified-Since")).isNotNull();
    }

    @Test
    void pullRequestValidatorsAreKeptPerRepositoryAndRequest() {
        for (int n = 1; n <= 3; n++) {
            github.addPull("octo/hello", n, "PR " + n, "alice", false);
        }
        github.addPull("octo/tools", 9, "Tools", "bob", false);
        Scheduler s = new Scheduler(new PullRequestsSync(client(), inbox, log, pacer())::sync, Items.PULL_REQUESTS,
                pulls(100, "octo/hello"));
        s.cycle();

        // another repository: octo/hello's validators still hold, octo/tools starts without
        s.config = pulls(100, "octo/hello", "octo/tools");
        github.clearRequests();
        s.cycle();
        assertThat(github.requests()).extracting(FakeGitHub.Recorded::path).containsExactly("/repos/octo/hello/pulls",
                "/repos/octo/tools/pulls");
        assertThat(github.requests().get(0).header("If-None-Match")).isNotNull();
        assertThat(github.requests().get(1).header("If-None-Match")).isNull();

        // another page size is another request: nothing conditional, and no next link of the old walk
        s.config = pulls(2, "octo/hello", "octo/tools");
        github.clearRequests();
        s.cycle();
        assertThat(github.requests()).extracting(FakeGitHub.Recorded::query).containsExactly(
                "state=open&sort=created&direction=desc&per_page=2",
                "state=open&sort=created&direction=desc&per_page=2&page=2",
                "state=open&sort=created&direction=desc&per_page=2");
        assertThat(github.requests()).allSatisfy(r -> assertThat(r.header("If-None-Match")).isNull());
        assertThat(inbox.archiveCalls()).isEmpty();
    }

    @Test
    void aRepositoryListChangedDuringACycleStartsTheCycleAgain() {
        github.addPull("octo/hello", 1, "One", "alice", false);
        github.addPull("octo/tools", 2, "Two", "bob", false);
        github.addPull("octo/docs", 3, "Three", "carol", false);
        PullRequestsSync sync = new PullRequestsSync(client(), inbox, log, pacer());
        SyncResult page1 = sync.sync(new SyncRequest(Items.PULL_REQUESTS, null, 1,
                pulls(100, "octo/hello", "octo/tools")));
        assertThat(page1.hasMore()).isTrue();

        // before page 2 (octo/tools) the list becomes docs, tools: position 1 would skip docs
        Scheduler rest = new Scheduler(r -> sync.sync(new SyncRequest(r.dataSourceId(), r.cursor(), r.page() + 1,
                r.config())), Items.PULL_REQUESTS, pulls(100, "octo/docs", "octo/tools"));
        rest.cursor = page1.cursor();
        github.clearRequests();
        rest.cycle();
        assertThat(github.requests()).extracting(FakeGitHub.Recorded::path)
                .containsExactly("/repos/octo/docs/pulls", "/repos/octo/tools/pulls");
        assertThat(inbox.items()).extracting(InboxItem::externalId).contains("pr:octo/docs#3", "pr:octo/tools#2");
        // the completed cycle archives what is no longer configured
        assertThat(inbox.item("pr:octo/hello#1").status()).isEqualTo(InboxStatus.ARCHIVED);
    }
}
