package io.devrig.plugin.github.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.devrig.api.sync.SyncRequest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** GitHub Enterprise Server: the API under /api/v3 of the web host. */
class EnterpriseTest extends GitHubTestBase {

    @Override
    String prefix() {
        return "/api/v3";
    }

    @Test
    void requestsGoUnderTheBasePathAndLinksPointAtTheWebHost() {
        github.addNotification("1", "corp/app", "PullRequest", "pulls", 12, "Bump", "mention", "2026-11-23T07:00:00Z");
        NotificationsSync sync = new NotificationsSync(client(), inbox, log, pacer());
        sync.sync(new SyncRequest(Items.NOTIFICATIONS, null, 1, Map.of("apiUrl", github.apiUrl() + "/")));

        assertThat(github.requests()).singleElement().satisfies(r -> assertThat(r.path()).isEqualTo("/api/v3/notifications"));
        assertThat(inbox.item("pr:corp/app#12").sourceUrl()).isEqualTo(github.root + "/corp/app/pull/12");
    }

    @Test
    void paginationStaysUnderTheBasePath() {
        for (int n = 1; n <= 3; n++) {
            github.addPull("corp/app", n, "PR " + n, "alice", false);
        }
        PullRequestsSync sync = new PullRequestsSync(client(), inbox, log, pacer());
        Scheduler s = new Scheduler(sync::sync, Items.PULL_REQUESTS,
                Map.of("apiUrl", github.apiUrl(), "perPage", 1, "repositories", List.of("corp/app")));
        assertThat(s.cycle()).isEqualTo(3);
        assertThat(github.requests()).extracting(FakeGitHub.Recorded::path).containsOnly("/api/v3/repos/corp/app/pulls");
    }
}
