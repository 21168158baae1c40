package io.devrig.plugin.github.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.devrig.api.action.ActionExecutor;
import io.devrig.api.error.DevRigException;
import io.devrig.api.error.ErrorCategory;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A rate limit is remembered for the token, by every client of the bundle: after GitHub says the
 * limit is reached, scheduler cycles, sync-now and actions send nothing until it has passed. The
 * fake counts requests and enforces the limits as GitHub documents them.
 */
class RateLimitTest extends GitHubTestBase {

    static final Map<String, Object> COMMENT = Map.of("repository", "octo/hello", "number", 5, "body", "LGTM");
    static final Map<String, Object> MERGE = Map.of("repository", "octo/hello", "number", 5, "mergeMethod", "squash");
    static final Map<String, Object> ISSUE = Map.of("repository", "octo/hello", "title", "Broken");

    Scheduler notifications;
    Scheduler pullRequests;
    ActionExecutor comment;
    ActionExecutor merge;
    ActionExecutor createIssue;

    @BeforeEach
    void setUp() throws Exception {
        // one client per component, as in the bundle; they share only the rate-limit memory
        notifications = new Scheduler(new NotificationsSync(client(), inbox, log, pacer())::sync, Items.NOTIFICATIONS,
                Map.of("apiUrl", github.apiUrl()));
        pullRequests = new Scheduler(new PullRequestsSync(client(), inbox, log, pacer())::sync, Items.PULL_REQUESTS,
                Map.of("apiUrl", github.apiUrl(), "repositories", List.of("octo/hello")));
        settings.set(Map.of("apiUrl", github.apiUrl()));
        comment = new CommentAction(http, secrets, log, settings, clock, limits);
        merge = new MergePullRequestAction(http, secrets, log, settings, clock, limits);
        createIssue = new CreateIssueAction(http, secrets, log, settings, clock, limits);
        github.addNotification("1", "octo/hello", "Issue", "issues", 7, "Crash", "mention", "2026-11-23T07:00:00Z");
        github.addPull("octo/hello", 5, "Add the widget", "alice", false);
    }

    @ParameterizedTest
    @ValueSource(ints = {403, 429})
    void afterThePrimaryLimitNothingIsSentUntilTheReset(int status) {
        long reset = START.getEpochSecond() + 600;
        github.primaryLimit(0, reset, status); // another program used the token's quota up

        DevRigException first = fails(notifications::cycle);
        assertThat(first.code()).isEqualTo("RATE_LIMITED");
        assertThat(first.error().details()).containsEntry("retryAfterMs", 600_000L).containsEntry("remaining", 0L)
                .containsEntry("resource", "core").containsEntry("resumeAt", "2026-11-23T08:10:00Z");
        assertThat(github.requests()).hasSize(1);

        // sync-now of both sources and every action: refused here, nothing reaches GitHub
        clock.advanceSeconds(5);
        for (Runnable call : List.<Runnable>of(notifications::cycle, pullRequests::cycle,
                () -> execute(comment, COMMENT), () -> execute(merge, MERGE), () -> execute(createIssue, ISSUE))) {
            DevRigException e = fails(call);
            assertThat(e.code()).isEqualTo("RATE_LIMITED");
            assertThat(e.category()).isEqualTo(ErrorCategory.TRANSIENT);
            assertThat(e.getMessage()).contains("primary rate limit", "was not sent",
                    "calls with this token resume at 2026-11-23T08:10:00Z", "in 595 s");
            assertThat(e.error().details()).containsEntry("retryAfterMs", 595_000L).containsEntry("sent", false);
            assertNoTokenIn(e);
        }
        assertThat(github.requests()).as("no request after the limit answer").hasSize(1);

        clock.advanceSeconds(594);
        assertThat(fails(() -> execute(comment, COMMENT)).error().details()).containsEntry("retryAfterMs", 1_000L);
        assertThat(github.requests()).hasSize(1);

        // the reset: GitHub has a fresh quota and the calls go out again
        clock.advanceSeconds(1);
        assertThat(notifications.cycle()).isEqualTo(1);
        assertThat(execute(comment, COMMENT)).containsEntry("number", 5);
        assertThat(github.requests()).hasSize(3);
    }

    @Test
    void aSuccessfulAnswerThatUsesTheQuotaUpHoldsTheNextCallBack() {
        github.primaryLimit(1, START.getEpochSecond() + 120, 403);
        assertThat(notifications.cycle()).isEqualTo(1); // answered, with x-ratelimit-remaining: 0

        DevRigException e = fails(pullRequests::cycle);
        assertThat(e.code()).isEqualTo("RATE_LIMITED");
        assertThat(e.getMessage()).contains("used up", "resume at 2026-11-23T08:02:00Z");
        assertThat(github.requests()).hasSize(1);

        clock.advanceSeconds(120);
        assertThat(pullRequests.cycle()).isEqualTo(1);
    }

    @ParameterizedTest
    @ValueSource(ints = {403, 429})
    void aSecondaryLimitHoldsEveryClientBackForRetryAfter(int status) {
        github.secondaryLimit(status, 90);
        DevRigException first = fails(() -> execute(comment, COMMENT));
        assertThat(first.code()).isEqualTo("RATE_LIMITED");
        assertThat(first.getMessage()).contains("secondary rate limit");
        assertThat(first.error().details()).containsEntry("retryAfterMs", 90_000L);

        clock.advanceSeconds(89);
        DevRigException held = fails(notifications::cycle);
        assertThat(held.getMessage()).contains("secondary rate limit", "GET /notifications was not sent",
                "resume at 2026-11-23T08:01:30Z");
        assertThat(github.requests()).hasSize(1);

        clock.advanceSeconds(1);
        assertThat(notifications.cycle()).isEqualTo(1);
        assertThat(github.requests()).hasSize(2);
    }

    @Test
    void brokenRateLimitHeadersNeverHoldCallsBackForMoreThanAnHour() {
        String body = "{\"message\":\"API rate limit exceeded for user ID 1.\"}";
        for (Map<String, String> headers : List.of(
                Map.of("X-RateLimit-Remaining", "0", "X-RateLimit-Reset", "99999999999999"),
                Map.of("X-RateLimit-Remaining", "0", "X-RateLimit-Reset", Long.toString(Long.MAX_VALUE)),
                Map.of("Retry-After", "999999999"))) {
            limits = new RateLimits();
            Scheduler s = new Scheduler(new NotificationsSync(client(), inbox, log, pacer())::sync,
                    Items.NOTIFICATIONS, Map.of("apiUrl", github.apiUrl()));
            github.failNext("GET", "/notifications", null, new FakeGitHub.Canned(403, headers, body));
            assertThat(fails(s::cycle).error().details()).as("%s", headers)
                    .containsEntry("retryAfterMs", RateLimits.MAX_WAIT_MS);
            clock.advanceSeconds(3599);
            assertThat(fails(s::cycle).error().details()).containsEntry("sent", false);
            clock.advanceSeconds(1);
            int sent = github.requests().size();
            s.cycle();
            assertThat(github.requests()).as("calls resume after an hour at most").hasSize(sent + 1);
        }
    }

    @Test
    void unreadableRateLimitHeadersWaitTheMinuteGitHubAsksFor() {
        for (Map<String, String> headers : List.of(Map.of("Retry-After", "soon"),
                Map.of("X-RateLimit-Remaining", "0", "X-RateLimit-Reset", "tomorrow"),
                Map.of("X-RateLimit-Remaining", "0", "X-RateLimit-Reset", ""))) {
            limits = new RateLimits();
            Scheduler s = new Scheduler(new NotificationsSync(client(), inbox, log, pacer())::sync,
                    Items.NOTIFICATIONS, Map.of("apiUrl", github.apiUrl()));
            github.failNext("GET", "/notifications", null, new FakeGitHub.Canned(403, headers, "{}"));
            DevRigException e = fails(s::cycle);
            assertThat(e.code()).as("%s", headers).isEqualTo("RATE_LIMITED");
            assertThat(e.error().details()).containsEntry("retryAfterMs", 60_000L);
            clock.advanceSeconds(59);
            assertThat(fails(s::cycle).error().details()).containsEntry("sent", false);
            clock.advanceSeconds(1);
            int sent = github.requests().size();
            s.cycle();
            assertThat(github.requests()).hasSize(sent + 1);
        }
        // a reset already past (clocks apart) still waits a second, not a negative time
        limits = new RateLimits();
        github.failNext("GET", "/notifications", null, FakeGitHub.rateLimited403(START.getEpochSecond() - 30));
        assertThat(fails(notifications::cycle).error().details()).containsEntry("retryAfterMs", 1_000L);
    }

    @Test
    void a401IsNotARateLimitAndANewTokenIsNotHeldBackByTheOldOnesLimit() {
        // a 401 that carries the unauthenticated quota's headers does not hold anything back
        github.failNext("GET", "/notifications", null, new FakeGitHub.Canned(401, Map.of("X-RateLimit-Remaining", "0",
                "X-RateLimit-Reset", Long.toString(START.getEpochSecond() + 3000)), "{\"message\":\"Bad credentials\"}"));
        assertThat(fails(notifications::cycle).code()).isEqualTo("GITHUB_UNAUTHORIZED");
        assertThat(notifications.cycle()).isEqualTo(1);

        // the token's limit is reached; the user stores another token, which GitHub rejects
        github.failNext("GET", "/notifications", null, FakeGitHub.rateLimited403(START.getEpochSecond() + 600));
        assertThat(fails(notifications::cycle).code()).isEqualTo("RATE_LIMITED");
        secrets.put("token", "ghp_replacedButWrong000111");
        github.clearRequests();
        DevRigException e = fails(() -> execute(comment, COMMENT));
        assertThat(e.code()).as("the new token is asked about, not held back").isEqualTo("GITHUB_UNAUTHORIZED");
        assertThat(e.getMessage()).doesNotContain("ghp_replacedButWrong000111");
        assertThat(github.requests()).hasSize(1);

        // the old token is still held back until its reset
        secrets.put("token", FakeGitHub.TOKEN);
        assertThat(fails(() -> execute(comment, COMMENT)).code()).isEqualTo("RATE_LIMITED");
        assertThat(github.requests()).hasSize(1);
    }

    @Test
    void a304ThatSaysTheQuotaIsUsedUpStoresNothingAndHoldsCallsBack() {
        notifications.cycle();
        String cursor = notifications.cursor;
        int stored = inbox.storeResults().size();
        github.failNext("GET", "/notifications", null, new FakeGitHub.Canned(304, Map.of("X-RateLimit-Remaining", "0",
                "X-RateLimit-Reset", Long.toString(START.getEpochSecond() + 60)), null));

        assertThat(notifications.cycle()).isZero();
        assertThat(notifications.cursor).isEqualTo(cursor);
        assertThat(inbox.storeResults()).hasSize(stored);
        github.clearRequests();
        assertThat(fails(() -> execute(comment, COMMENT)).code()).isEqualTo("RATE_LIMITED");
        assertThat(github.requests()).isEmpty();
    }

    @Test
    void a304ToARequestWithoutValidatorsIsABadResponse() {
        github.failNext("GET", "/notifications", null, new FakeGitHub.Canned(304, Map.of(), null));
        DevRigException e = fails(notifications::cycle);
        assertThat(e.code()).isEqualTo("GITHUB_BAD_RESPONSE");
        assertThat(e.category()).isEqualTo(ErrorCategory.TRANSIENT);
        assertThat(inbox.storeResults()).isEmpty();
    }

    @Test
    void theBundlesComponentsShareOneMemory() {
        // the DS constructors: system clock and RateLimits.SHARED, so Retry-After is relative
        NotificationsDataSource source = new NotificationsDataSource(inbox, http, secrets, log, storage);
        ActionExecutor action = new CommentAction(http, secrets, log, settings); // apiUrl: the fake's, set above
        github.failNext("GET", "/notifications", null, FakeGitHub.retryAfter(429, 300));
        Map<String, Object> config = Map.of("apiUrl", github.apiUrl());
        assertThatThrownBy(() -> source.sync(new io.devrig.api.sync.SyncRequest(Items.NOTIFICATIONS, null, 1,
                config))).isInstanceOfSatisfying(DevRigException.class,
                        e -> assertThat(e.code()).isEqualTo("RATE_LIMITED"));
        assertThat(fails(() -> execute(action, COMMENT)).error().details()).containsEntry("sent", false);
        assertThat(github.requests()).hasSize(1);
        assertThat(Instant.parse((String) fails(() -> execute(action, COMMENT)).error().details().get("resumeAt")))
                .isAfter(Instant.now());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> execute(ActionExecutor action, Map<String, Object> input) {
        try {
            return (Map<String, Object>) action.execute(input, null);
        } catch (Exception e) {
            throw e instanceof RuntimeException r ? r : new IllegalStateException(e);
        }
    }

    private static DevRigException fails(Runnable call) {
        try {
            call.run();
        } catch (DevRigException e) {
            return e;
        }
        throw new AssertionError("the call did not fail");
    }
}
