package io.devrig.plugin.github.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.devrig.api.error.DevRigException;
import io.devrig.api.error.ErrorCategory;
import io.devrig.api.inbox.InboxItem;
import io.devrig.api.inbox.InboxStatus;
import io.devrig.api.inbox.Priority;
import io.devrig.api.inbox.StoreResult;
import io.devrig.api.sync.SyncRequest;
import io.devrig.api.sync.SyncResult;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class NotificationsSyncTest extends GitHubTestBase {

    NotificationsSync sync;
    Scheduler scheduler;

    @BeforeEach
    void setUp() {
        sync = new NotificationsSync(client(), inbox, log, pacer());
        scheduler = new Scheduler(sync::sync, Items.NOTIFICATIONS, config(50));
    }

    Map<String, Object> config(int perPage) {
        Map<String, Object> c = new HashMap<>();
        c.put("apiUrl", github.apiUrl());
        c.put("perPage", perPage);
        return c;
    }

    void fiveNotifications() {
        for (int i = 1; i <= 5; i++) {
            github.addNotification("10" + i, "octo/hello", "Issue", "issues", 40 + i, "Issue " + i, "subscribed",
                    "2026-11-23T07:0" + i + ":00Z");
        }
    }

    @Test
    void threadsReadOnGitHubAreMarkedReadHereAfterACompleteWalk() {
        fiveNotifications();
        scheduler.config = config(2); // three pages
        assertThat(scheduler.cycle()).isEqualTo(5);
        assertThat(inbox.markReadCalls()).as("all five are unread on GitHub").isEmpty();

        github.readThread("102");
        github.readThread("104");
        github.lastModified("Mon, 23 Nov 2026 09:00:00 GMT"); // the list changed
        scheduler.cycle();
        assertThat(inbox.item("notification:102").status()).isEqualTo(InboxStatus.READ);
        assertThat(inbox.item("notification:104").status()).isEqualTo(InboxStatus.READ);
        assertThat(inbox.item("notification:101").status()).isEqualTo(InboxStatus.UNREAD);
        assertThat(inbox.item("notification:105").status()).isEqualTo(InboxStatus.UNREAD);
        assertThat(inbox.markReadCalls()).singleElement().asList()
                .containsExactlyInAnyOrder("notification:102", "notification:104");

        // a walk that fails half way marks nothing
        github.readThread("101");
        github.lastModified("Mon, 23 Nov 2026 10:00:00 GMT");
        scheduler.config = config(1); // 103 and 105 are left: two pages
        github.failNext("GET", "/notifications", "2", FakeGitHub.serverError());
        assertThatThrownBy(scheduler::cycle).isInstanceOf(DevRigException.class);
        assertThat(inbox.item("notification:101").status()).isEqualTo(InboxStatus.UNREAD);
        scheduler.cycle(); // the retry walks the whole list again
        assertThat(inbox.item("notification:101").status()).isEqualTo(InboxStatus.READ);
        assertThat(inbox.item("notification:103").status()).isEqualTo(InboxStatus.UNREAD);
    }

    @Test
    void withParticipatingTheListDoesNotTellReadFromUnlistedSoNothingIsMarkedRead() {
        fiveNotifications();
        scheduler.cycle();
        github.readThread("103");
        github.lastModified("Mon, 23 Nov 2026 09:00:00 GMT");
        scheduler.config.put("participating", true);
        scheduler.cycle();
        assertThat(inbox.markReadCalls()).isEmpty();
        assertThat(inbox.item("notification:103").status()).isEqualTo(InboxStatus.UNREAD);
    }

    @Test
    void firstSyncStoresTheRightItemsWithGitHubsHeaders() {
        github.addNotification("1", "octo/hello", "PullRequest", "pulls", 5, "Add the widget", "review_requested",
                "2026-11-23T07:30:00Z");
        github.addNotification("2", "octo/hello", "Issue", "issues", 7, "Crash on start", "subscribed",
                "2026-11-23T07:20:00Z");
        github.addNotification("3", "octo/tools", "CheckSuite", null, null, "CI failed on main", "ci_activity",
                "2026-11-23T07:10:00Z");

        assertThat(scheduler.cycle()).isEqualTo(3);

        InboxItem pr = inbox.item("pr:octo/hello#5"); // a pull request thread is its pull request's item
        assertThat(pr.type()).isEqualTo("pull_request");
        assertThat(pr.title()).isEqualTo("Add the widget");
        assertThat(pr.preview()).isEqualTo("octo/hello #5 · review requested");
        assertThat(pr.sourceUrl()).isEqualTo(github.root + "/octo/hello/pull/5");
        assertThat(pr.priority()).isEqualTo(Priority.HIGH);
        assertThat(pr.actionable()).isTrue();
        assertThat(pr.externalCreatedAt()).isEqualTo("2026-11-23T07:30:00Z");
        assertThat(pr.metadata()).containsEntry("dataSourceId", "github.notifications")
                .containsEntry("repository", "octo/hello").containsEntry("number", 5)
                .containsEntry("reason", "review_requested").containsEntry("threadId", "1")
                .containsEntry("subjectType", "PullRequest");

        InboxItem issue = inbox.item("notification:2");
        assertThat(issue.type()).isEqualTo("issue");
        assertThat(issue.sourceUrl()).isEqualTo(github.root + "/octo/hello/issues/7");
        assertThat(issue.priority()).isEqualTo(Priority.LOW);
        assertThat(issue.actionable()).isFalse();

        InboxItem ci = inbox.item("notification:3");
        assertThat(ci.type()).isEqualTo("check_suite");
        assertThat(ci.sourceUrl()).isEqualTo(github.root + "/octo/tools"); // no subject URL: the repository
        assertThat(ci.metadata()).doesNotContainKey("number");

        FakeGitHub.Recorded request = github.requests().get(0);
        assertThat(request.method()).isEqualTo("GET");
        assertThat(request.path()).isEqualTo("/notifications");
        assertThat(request.params()).containsEntry("per_page", "50").doesNotContainKey("page");
        assertThat(request.header("Authorization")).isEqualTo("Bearer " + FakeGitHub.TOKEN);
        assertThat(request.header("Accept")).isEqualTo("application/vnd.github+json");
        assertThat(request.header("X-GitHub-Api-Version")).isEqualTo("2022-11-28");
        assertThat(request.header("User-Agent")).isEqualTo("DevRig");
        assertThat(request.header("If-Modified-Since")).isNull();
        assertThat(scheduler.cursor).contains("Mon, 23 Nov 2026 07:00:00 GMT");
    }

    @Test
    void threePagesAreFollowedThroughTheLinkHeader() {
        fiveNotifications();
        scheduler.config = config(2);

        assertThat(scheduler.cycle()).isEqualTo(5);

        assertThat(scheduler.pages).extracting(SyncResult::hasMore).containsExactly(true, true, false);
        assertThat(scheduler.pages).extracting(SyncResult::itemsSynced).containsExactly(2, 2, 1);
        List<FakeGitHub.Recorded> requests = github.requests();
        assertThat(requests).hasSize(3);
        assertThat(requests.get(0).query()).isEqualTo("per_page=2");
        // pages 2 and 3 are exactly the rel="next" URLs GitHub sent
        assertThat(requests.get(1).query()).isEqualTo("per_page=2&page=2");
        assertThat(requests.get(2).query()).isEqualTo("per_page=2&page=3");
        assertThat(requests).allSatisfy(r -> assertThat(r.header("Authorization")).isEqualTo("Bearer " + FakeGitHub.TOKEN));
        assertThat(inbox.items()).hasSize(5);
        // the cursor of a finished cycle has no pending walk
        assertThat(scheduler.cursor).doesNotContain("next").contains("validators");
    }

    @Test
    void anUnchangedSecondCycleIsConditionalAnswers304AndStoresNothing() {
        fiveNotifications();
        scheduler.config = config(2);
        scheduler.cycle();
        String cursor = scheduler.cursor;
        int storeCalls = inbox.storeResults().size();
        github.clearRequests();

        assertThat(scheduler.cycle()).isZero();

        assertThat(github.requests()).hasSize(1);
        assertThat(github.requests().get(0).header("If-Modified-Since")).isEqualTo("Mon, 23 Nov 2026 07:00:00 GMT");
        assertThat(github.requests().get(0).query()).isEqualTo("per_page=2");
        assertThat(inbox.storeResults()).hasSize(storeCalls);
        assertThat(scheduler.pages).singleElement().satisfies(r -> {
            assertThat(r.hasMore()).isFalse();
            assertThat(r.cursor()).isEqualTo(cursor);
        });

        // new activity: GitHub moves Last-Modified and answers 200 again
        github.addNotification("200", "octo/hello", "PullRequest", "pulls", 9, "New one", "mention",
                "2026-11-23T07:59:00Z");
        github.lastModified("Mon, 23 Nov 2026 07:59:00 GMT");
        github.clearRequests();
        assertThat(scheduler.cycle()).isEqualTo(1); // the other five are unchanged upserts
        assertThat(inbox.item("pr:octo/hello#9").priority()).isEqualTo(Priority.HIGH);
        assertThat(github.requests()).hasSize(3);
        assertThat(scheduler.cursor).contains("07:59:00 GMT");
    }

    @Test
    void xPollIntervalIsHonouredBySkippingEarlyCycles() {
        fiveNotifications();
        github.pollInterval(60L);
        scheduler.cycle();
        String cursor = scheduler.cursor;
        github.clearRequests();

        clock.advanceSeconds(30);
        assertThat(scheduler.cycle()).isZero();
        assertThat(github.requests()).isEmpty();
        assertThat(scheduler.pages).singleElement().satisfies(r -> {
            assertThat(r.cursor()).isEqualTo(cursor);
            assertThat(r.hasMore()).isFalse();
        });

        clock.advanceSeconds(31);
        scheduler.cycle();
        assertThat(github.requests()).hasSize(1);
        assertThat(github.requests().get(0).header("If-Modified-Since")).isNotNull();

        // the hint is gone: every cycle polls again
        github.pollInterval(null);
        clock.advanceSeconds(61);
        scheduler.cycle();
        clock.advanceSeconds(1);
        scheduler.cycle();
        assertThat(github.requests()).hasSize(3);
    }

    @Test
    void rateLimit403WaitsUntilTheResetTime() {
        fiveNotifications();
        long reset = START.getEpochSecond() + 120;
        github.failNext("GET", "/notifications", null, FakeGitHub.rateLimited403(reset));

        DevRigException e = catchSync();
        assertThat(e.code()).isEqualTo("RATE_LIMITED");
        assertThat(e.category()).isEqualTo(ErrorCategory.TRANSIENT);
        assertThat(e.error().details()).containsEntry("retryAfterMs", 120_000L).containsEntry("remaining", 0L)
                .containsEntry("resetAt", "2026-11-23T08:02:00Z");
        assertThat(e.getMessage()).contains("API rate limit exceeded", "GET /notifications");
        assertThat(inbox.storeResults()).isEmpty();
        assertThat(scheduler.cursor).isNull();

        // before the reset the client does not even ask
        github.clearRequests();
        clock.advanceSeconds(60);
        DevRigException again = catchSync();
        assertThat(again.code()).isEqualTo("RATE_LIMITED");
        assertThat(again.error().details()).containsEntry("retryAfterMs", 60_000L);
        assertThat(github.requests()).isEmpty();

        clock.advanceSeconds(61);
        assertThat(scheduler.cycle()).isEqualTo(5);
    }

    @Test
    void status429WithRetryAfterIsATransientRateLimit() {
        fiveNotifications();
        github.failNext("GET", "/notifications", null, FakeGitHub.retryAfter(429, 30));
        DevRigException e = catchSync();
        assertThat(e.code()).isEqualTo("RATE_LIMITED");
        assertThat(e.category()).isEqualTo(ErrorCategory.TRANSIENT);
        assertThat(e.retryable()).isTrue();
        assertThat(e.error().details()).containsEntry("retryAfterMs", 30_000L);
        clock.advanceSeconds(30);
        assertThat(scheduler.cycle()).isEqualTo(5);
    }

    @Test
    void secondaryLimit403WithRetryAfterIsATransientRateLimit() {
        fiveNotifications();
        github.failNext("GET", "/notifications", null, FakeGitHub.retryAfter(403, 90));
        DevRigException e = catchSync();
        assertThat(e.code()).isEqualTo("RATE_LIMITED");
        assertThat(e.error().details()).containsEntry("retryAfterMs", 90_000L);
        assertThat(e.getMessage()).contains("secondary rate limit");
    }

    @Test
    void badCredentialsArePermanentAndNameTheSecretButNeverTheToken() {
        secrets.put("token", "ghp_wrongTokenValue987654321");
        fiveNotifications();
        DevRigException e = catchSync();
        assertThat(e.code()).isEqualTo("GITHUB_UNAUTHORIZED");
        assertThat(e.category()).isEqualTo(ErrorCategory.PERMANENT);
        assertThat(e.getMessage()).contains("Bad credentials", "devrig:secret-set io.devrig.plugin.github/token")
                .doesNotContain("ghp_wrongTokenValue987654321");
        assertThat(logged()).doesNotContain("ghp_wrongTokenValue987654321");
        assertNoTokenIn(e);
    }

    @Test
    void aMissingTokenSendsNothingAndSaysHowToStoreOne() {
        secrets.remove("token");
        DevRigException e = catchSync();
        assertThat(e.code()).isEqualTo("GITHUB_TOKEN_MISSING");
        assertThat(e.category()).isEqualTo(ErrorCategory.PERMANENT);
        assertThat(e.getMessage()).contains("devrig:secret-set io.devrig.plugin.github/token");
        assertThat(github.requests()).isEmpty();
    }

    @Test
    void malformedJsonStoresNothingKeepsTheCursorAndAGoodRetryWorks() {
        fiveNotifications();
        scheduler.config = config(2);
        github.failNext("GET", "/notifications", "2", FakeGitHub.malformed());

        assertThatThrownBy(scheduler::cycle).isInstanceOfSatisfying(DevRigException.class, e -> {
            assertThat(e.code()).isEqualTo("GITHUB_BAD_RESPONSE");
            assertThat(e.category()).isEqualTo(ErrorCategory.TRANSIENT);
            assertThat(e.getMessage()).contains("GET /notifications", "malformed JSON").doesNotContain("cut off");
        });
        // page 1 was stored, nothing of page 2; the cursor is still page 1's
        assertThat(inbox.items()).hasSize(2);
        String afterPage1 = scheduler.cursor;
        assertThat(afterPage1).contains("\"next\"");

        // the next cycle starts over (validators of a complete cycle: none yet) and loses nothing
        assertThat(scheduler.cycle()).isEqualTo(3);
        assertThat(inbox.items()).hasSize(5);
        assertThat(stored(StoreResult::created)).isEqualTo(5);
        assertThat(stored(StoreResult::updated)).isZero();
    }

    @Test
    void malformedFirstPageStoresNothingAndReturnsNoCursor() {
        fiveNotifications();
        github.failNext("GET", "/notifications", null, FakeGitHub.malformed());
        assertThatThrownBy(() -> sync.sync(new SyncRequest(Items.NOTIFICATIONS, null, 1, config(50))))
                .isInstanceOf(DevRigException.class).hasMessageContaining("GET /notifications");
        assertThat(inbox.storeResults()).isEmpty();
    }

    @Test
    void aCycleThatFailsHalfWayKeepsTheOldValidatorsSoNothingIsSkipped() {
        fiveNotifications();
        scheduler.config = config(2);
        scheduler.cycle();

        // five new notifications arrive; the next cycle fails on page 2
        for (int i = 1; i <= 5; i++) {
            github.addNotification("30" + i, "octo/hello", "Issue", "issues", 60 + i, "New " + i, "mention",
                    "2026-11-23T07:4" + i + ":00Z");
        }
        github.lastModified("Mon, 23 Nov 2026 07:45:00 GMT");
        github.failNext("GET", "/notifications", "2", FakeGitHub.serverError());
        assertThatThrownBy(scheduler::cycle).isInstanceOfSatisfying(DevRigException.class, e -> {
            assertThat(e.code()).isEqualTo("GITHUB_UNAVAILABLE");
            assertThat(e.category()).isEqualTo(ErrorCategory.TRANSIENT);
        });
        assertThat(inbox.items()).hasSize(7);

        github.clearRequests();
        scheduler.cycle();
        // still the validator of the last complete cycle: GitHub answers 200 and every page is walked
        assertThat(github.requests().get(0).header("If-Modified-Since")).isEqualTo("Mon, 23 Nov 2026 07:00:00 GMT");
        assertThat(github.requests()).hasSize(5);
        assertThat(inbox.items()).hasSize(10);
        assertThat(scheduler.cursor).contains("07:45:00 GMT");
    }

    @Test
    void aLinkToAnotherHostIsNotFollowed() {
        fiveNotifications();
        github.failNext("GET", "/notifications", null, new FakeGitHub.Canned(200,
                Map.of("Link", "<http://evil.example/notifications?page=2>; rel=\"next\""), "[]"));
        DevRigException e = catchSync();
        assertThat(e.code()).isEqualTo("GITHUB_BAD_RESPONSE");
        assertThat(e.getMessage()).contains("outside the API URL");
        assertThat(http.attempts()).hasSize(1);
    }

    @Test
    void badConfigIsRefusedNamingTheSetting() {
        Map<String, Object> c = config(51);
        assertThatThrownBy(() -> sync.sync(new SyncRequest(Items.NOTIFICATIONS, null, 1, c)))
                .isInstanceOfSatisfying(DevRigException.class, e -> {
                    assertThat(e.code()).isEqualTo("INVALID_INPUT");
                    assertThat(e.getMessage()).contains("$.perPage");
                });
        Map<String, Object> bad = Map.of("apiUrl", "ftp://example.com");
        assertThatThrownBy(() -> sync.sync(new SyncRequest(Items.NOTIFICATIONS, null, 1, bad)))
                .isInstanceOf(DevRigException.class).hasMessageContaining("$.apiUrl");
        Map<String, Object> unknown = Map.of("repositories", List.of("a/b"));
        assertThatThrownBy(() -> sync.sync(new SyncRequest(Items.NOTIFICATIONS, null, 1, unknown)))
                .isInstanceOf(DevRigException.class).hasMessageContaining("$.repositories: unknown setting");
        assertThat(github.requests()).isEmpty();
    }

    private DevRigException catchSync() {
        try {
            scheduler.cycle();
        } catch (DevRigException e) {
            return e;
        }
        throw new AssertionError("the sync did not fail");
    }
}
