package io.devrig.plugin.github.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.devrig.api.inbox.InboxItem;
import io.devrig.api.inbox.InboxItemInput;
import io.devrig.api.inbox.InboxStatus;
import io.devrig.api.inbox.Priority;
import io.devrig.api.inbox.StoreResult;
import io.devrig.sdk.testkit.FakePluginInbox;
import io.devrig.sdk.testkit.PluginKit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * One inbox item per thing, with GitHub's read state: a pull request seen as a notification
 * thread and in the pull-request list is one item; a thread GitHub reports read arrives read;
 * a thread read later on GitHub is marked read here once, and a local change afterwards stands.
 */
class OneItemPerThingTest extends GitHubTestBase {

    static final String PR = "pr:octo/hello#5";

    Scheduler notifications;
    Scheduler pullRequests;
    com.fasterxml.jackson.databind.node.ObjectNode thread1;

    @BeforeEach
    void setUp() {
        github.addPull("octo/hello", 5, "Add the widget", "alice", false);
        thread1 = github.addNotification("1", "octo/hello", "PullRequest", "pulls", 5, "Add the widget", "review_requested",
                "2026-11-23T07:30:00Z");
        github.addNotification("2", "octo/hello", "Issue", "issues", 7, "Crash on start", "comment",
                "2026-11-23T07:20:00Z");
        notifications = notificationsOn(inbox, false);
        pullRequests = pullRequestsOn(inbox);
    }

    Scheduler notificationsOn(FakePluginInbox target, boolean all) {
        Map<String, Object> config = new HashMap<>();
        config.put("apiUrl", github.apiUrl());
        config.put("all", all);
        return new Scheduler(new NotificationsSync(client(), target, log, pacer())::sync, Items.NOTIFICATIONS, config);
    }

    Scheduler pullRequestsOn(FakePluginInbox target) {
        return new Scheduler(new PullRequestsSync(client(), target, log, pacer())::sync, Items.PULL_REQUESTS,
                Map.of("apiUrl", github.apiUrl(), "repositories", List.of("octo/hello")));
    }

    private int activity = 100;

    /** New activity on GitHub elsewhere: the notification list answers 200 again instead of 304. */
    void listsChange(String lastModified) {
        activity++;
        github.addNotification(Integer.toString(activity), "octo/tools", "Issue", "issues", activity, "Other " + activity,
                "subscribed", lastModified.replace("Mon, 23 Nov 2026 ", "2026-11-23T").replace(" GMT", "Z"));
        github.lastModified(lastModified);
    }

    @Test
    void aPullRequestSeenByBothSourcesIsOneItemWithTheFieldsOfBoth() {
        notifications.cycle();
        pullRequests.cycle();

        assertThat(inbox.items()).extracting(InboxItem::externalId).containsExactlyInAnyOrder(PR, "notification:2");
        assertThat(inbox.items()).hasSize(2);
        InboxItem item = inbox.item(PR);
        assertThat(item.type()).isEqualTo("pull_request");
        assertThat(item.title()).isEqualTo("Add the widget");
        assertThat(item.body()).isEqualTo("Body of Add the widget"); // the description, from the list
        assertThat(item.sourceUrl()).isEqualTo(github.root + "/octo/hello/pull/5");
        assertThat(item.preview()).isEqualTo("octo/hello #5 by alice → main · review requested");
        assertThat(item.priority()).as("the thread's reason raises it").isEqualTo(Priority.HIGH);
        assertThat(item.actionable()).isTrue();
        assertThat(item.metadata()).containsEntry("dataSourceId", "github.pull_requests")
                .containsEntry("repository", "octo/hello").containsEntry("number", 5).containsEntry("state", "open")
                .containsEntry("headSha", FakeGitHub.sha("octo/hello5")).containsEntry("author", "alice")
                .containsEntry("reason", "review_requested").containsEntry("threadId", "1")
                .containsEntry("unread", true).containsEntry("subjectType", "PullRequest")
                .containsEntry("threadUpdatedAt", "2026-11-23T07:30:00Z")
                .containsEntry("updatedAt", "2026-11-22T12:00:00Z");
        assertThat(inbox.item(PR).status()).isEqualTo(InboxStatus.UNREAD);

        // both sources store it again: neither undoes the other's part
        int updated = stored(StoreResult::updated);
        listsChange("Mon, 23 Nov 2026 07:45:00 GMT");
        github.addPull("octo/hello", 6, "Another", "bob", false); // the PR list answers 200 too
        notifications.cycle();
        pullRequests.cycle();
        notifications.cycle();
        assertThat(inbox.item(PR)).isEqualTo(item);
        assertThat(stored(StoreResult::updated)).isEqualTo(updated);
    }

    @Test
    void eitherOrderGivesTheSameItem() {
        notifications.cycle();
        pullRequests.cycle();

        FakePluginInbox other = PluginKit.fromBuild().inbox();
        pullRequestsOn(other).cycle();
        assertThat(other.item(PR).metadata()).doesNotContainKey("threadId");
        notificationsOn(other, false).cycle();

        assertThat(other.items()).extracting(InboxItem::externalId)
                .containsExactlyInAnyOrderElementsOf(inbox.items().stream().map(InboxItem::externalId).toList());
        // the same item: every field the sources store (the inbox's own id and times differ between two inboxes)
        assertThat(other.item(PR)).usingRecursiveComparison().ignoringFields("id", "syncedAt", "createdAt", "updatedAt")
                .isEqualTo(inbox.item(PR));
    }

    @Test
    void aClosedPullRequestsItemIsArchivedWithItsThreadAndComesBackOnlyOnNewActivity() {
        notifications.cycle();
        pullRequests.cycle();
        github.closePull("octo/hello", 5);
        pullRequests.cycle();
        assertThat(inbox.item(PR).status()).isEqualTo(InboxStatus.ARCHIVED);
        assertThat(inbox.items()).extracting(InboxItem::externalId).containsExactlyInAnyOrder(PR, "notification:2");

        // the thread is still unread on GitHub and listed again: the item stays archived
        InboxItem archived = inbox.item(PR);
        listsChange("Mon, 23 Nov 2026 08:00:00 GMT");
        notifications.cycle();
        assertThat(inbox.item(PR).status()).isEqualTo(InboxStatus.ARCHIVED);
        assertThat(inbox.item(PR)).isEqualTo(archived);

        // new activity on the thread brings it back
        thread1.put("updated_at", "2026-11-23T08:20:00Z");
        listsChange("Mon, 23 Nov 2026 08:20:00 GMT");
        notifications.cycle();
        assertThat(inbox.item(PR).status()).isEqualTo(InboxStatus.UNREAD);
        assertThat(inbox.item(PR).metadata()).containsEntry("threadUpdatedAt", "2026-11-23T08:20:00Z")
                .containsEntry("headSha", FakeGitHub.sha("octo/hello5"));
    }

    @Test
    void anItemTheUserArchivedStaysArchivedWhileNothingChanges() {
        notifications.cycle();
        pullRequests.cycle();
        inbox.archive(List.of(PR, "notification:2"));
        listsChange("Mon, 23 Nov 2026 08:00:00 GMT");
        github.addPull("octo/hello", 6, "Another", "bob", false);
        notifications.cycle();
        pullRequests.cycle();
        assertThat(inbox.item(PR).status()).isEqualTo(InboxStatus.ARCHIVED);
        assertThat(inbox.item("notification:2").status()).isEqualTo(InboxStatus.ARCHIVED);
    }

    @Test
    void threadsGitHubReportsReadArriveRead() {
        github.readThread("1");
        github.readThread("2");
        pullRequests.cycle(); // the pull request arrives unread from the list first
        assertThat(inbox.item(PR).status()).isEqualTo(InboxStatus.UNREAD);

        notificationsOn(inbox, true).cycle();
        assertThat(inbox.item("notification:2").status()).isEqualTo(InboxStatus.READ);
        assertThat(inbox.item(PR).status()).as("GitHub says its thread is read").isEqualTo(InboxStatus.READ);
        assertThat(inbox.item("notification:2").metadata()).containsEntry("unread", false);
        assertThat(inbox.items()).hasSize(2);
    }

    @Test
    void withAllAThreadReadLaterOnGitHubIsMarkedReadOnceAndALocalChangeAfterwardsStands() {
        Scheduler all = notificationsOn(inbox, true);
        all.cycle();
        assertThat(inbox.item("notification:2").status()).isEqualTo(InboxStatus.UNREAD);

        github.readThread("2");
        listsChange("Mon, 23 Nov 2026 08:00:00 GMT");
        all.cycle();
        assertThat(inbox.item("notification:2").status()).isEqualTo(InboxStatus.READ);

        // the user marks it unread in DevRig; GitHub still says read, but that is not news
        inbox.userSets("notification:2", InboxStatus.UNREAD);
        int calls = inbox.markReadCalls().size();
        listsChange("Mon, 23 Nov 2026 08:10:00 GMT");
        all.cycle();
        assertThat(inbox.item("notification:2").status()).isEqualTo(InboxStatus.UNREAD);
        assertThat(inbox.markReadCalls()).hasSize(calls);
    }

    @Test
    void withTheUnreadListAThreadThatLeavesItIsMarkedReadOnceAndALocalChangeAfterwardsStands() {
        notifications.cycle();
        pullRequests.cycle();

        github.readThread("1");
        github.readThread("2");
        listsChange("Mon, 23 Nov 2026 08:00:00 GMT");
        notifications.cycle();
        assertThat(inbox.item("notification:2").status()).isEqualTo(InboxStatus.READ);
        assertThat(inbox.item(PR).status()).isEqualTo(InboxStatus.READ);
        // the record says read now; the pull request's part is kept
        assertThat(inbox.item(PR).metadata()).containsEntry("unread", false).containsEntry("state", "open")
                .containsEntry("reason", "review_requested");
        assertThat(inbox.item("notification:2").metadata()).containsEntry("unread", false);

        inbox.userSets("notification:2", InboxStatus.UNREAD);
        inbox.userSets(PR, InboxStatus.UNREAD);
        int calls = inbox.markReadCalls().size();
        listsChange("Mon, 23 Nov 2026 08:10:00 GMT");
        notifications.cycle();
        pullRequests.cycle();
        assertThat(inbox.item("notification:2").status()).isEqualTo(InboxStatus.UNREAD);
        assertThat(inbox.item(PR).status()).isEqualTo(InboxStatus.UNREAD);
        assertThat(inbox.markReadCalls()).hasSize(calls);
    }

    @Test
    void aLocalReadStaysWhileGitHubStillSaysUnread() {
        notifications.cycle();
        inbox.userSets("notification:2", InboxStatus.READ);
        listsChange("Mon, 23 Nov 2026 08:00:00 GMT");
        notifications.cycle();
        assertThat(inbox.item("notification:2").status()).isEqualTo(InboxStatus.READ);
    }

    @Test
    void aNotificationItemOfAnEarlierVersionForAPullRequestIsArchived() {
        Map<String, Object> old = new HashMap<>(Map.of("dataSourceId", "github.notifications",
                "repository", "octo/hello", "number", 5, "reason", "review_requested", "threadId", "1",
                "subjectType", "PullRequest", "unread", true, "updatedAt", "2026-11-23T07:30:00Z"));
        inbox.storeItems(List.of(new InboxItemInput("notification:1", "pull_request", "Add the widget", null, null,
                null, Priority.HIGH, true, old, "2026-11-23T07:30:00Z")));

        notifications.cycle();
        assertThat(inbox.item("notification:1").status()).isEqualTo(InboxStatus.ARCHIVED);
        assertThat(inbox.item(PR).status()).isEqualTo(InboxStatus.UNREAD);
        assertThat(inbox.archiveCalls()).containsExactly(List.of("notification:1"));

        listsChange("Mon, 23 Nov 2026 08:00:00 GMT");
        notifications.cycle();
        assertThat(inbox.archiveCalls()).as("only once").hasSize(1);
    }

    @Test
    void namesThatDifferOnlyInCaseAreTheSameThing() {
        ApiBase base = ApiBase.parse(github.apiUrl(), "$.apiUrl");
        Items.PullRequest pr = new Items.PullRequest("Octo/Hello", 5, "Add the widget", null,
                github.root + "/octo/hello/pull/5", "2026-11-20T10:00:00Z", false, "alice", "abc", "f", "main", "open",
                "2026-11-22T12:00:00Z");
        ItemStore.storePullRequests(inbox, log, List.of(pr), "test");
        Items.Thread thread = Items.notification(FakeGitHub.JSON.valueToTree(Map.of("id", "1", "unread", true,
                "reason", "mention", "updated_at", "2026-11-23T07:30:00Z", "subject", Map.of("title", "Add the widget",
                        "type", "PullRequest", "url", github.apiUrl() + "/repos/octo/hello/pulls/5"),
                "repository", Map.of("full_name", "octo/hello"))), base);

        ItemStore.Stored stored = ItemStore.storeThreads(inbox, log, List.of(thread), "test");

        assertThat(stored.externalIds()).containsExactly("pr:Octo/Hello#5");
        assertThat(inbox.items()).extracting(InboxItem::externalId).containsExactly("pr:Octo/Hello#5");
        assertThat(inbox.item("pr:Octo/Hello#5").metadata()).containsEntry("reason", "mention")
                .containsEntry("repository", "Octo/Hello");
    }
}
