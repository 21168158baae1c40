package io.devrig.plugin.github.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.devrig.api.inbox.Priority;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The small pure parts: Link headers, URLs, names, types and priorities. */
class UnitsTest {

    @Test
    void linkHeadersAsGitHubSendsThem() {
        Map<String, String> links = LinkHeader.parse(List.of("<https://api.github.com/notifications?page=2>; rel=\"next\","
                + " <https://api.github.com/notifications?page=3>; rel=\"last\""));
        assertThat(links).containsEntry("next", "https://api.github.com/notifications?page=2")
                .containsEntry("last", "https://api.github.com/notifications?page=3");
        assertThat(LinkHeader.parse(List.of("<https://x/a?b=1,2>; rel=\"prev first\"; title=\"t\"")))
                .containsEntry("prev", "https://x/a?b=1,2").containsEntry("first", "https://x/a?b=1,2");
        assertThat(LinkHeader.parse(List.of("<https://x/a>; REL=next"))).containsEntry("next", "https://x/a");
        assertThat(LinkHeader.parse(null)).isEmpty();
        assertThat(LinkHeader.parse(List.of("garbage"))).isEmpty();
    }

    @Test
    void eachDataSourceReadsItsSectionOfThePluginSettingsWithThePluginWideApiUrl() {
        io.devrig.api.sync.SyncRequest settings = new io.devrig.api.sync.SyncRequest("github.notifications", "c", 2,
                Map.of("apiUrl", "https://ghe.example/api/v3", "notifications", Map.of("all", true),
                        "pullRequests", Map.of("repositories", List.of("octo/hello"))));
        io.devrig.api.sync.SyncRequest notifications = ApiBase.forSource(settings, "notifications");
        assertThat(notifications.config()).containsOnly(Map.entry("apiUrl", "https://ghe.example/api/v3"),
                Map.entry("all", true));
        assertThat(notifications.cursor()).isEqualTo("c");
        assertThat(notifications.page()).isEqualTo(2);
        assertThat(ApiBase.forSource(settings, "pullRequests").config())
                .containsEntry("repositories", List.of("octo/hello")).doesNotContainKey("all");
        io.devrig.api.sync.SyncRequest none = new io.devrig.api.sync.SyncRequest("github.notifications", null, 1, Map.of());
        assertThat(ApiBase.forSource(none, "notifications").config()).isEmpty();
        io.devrig.api.sync.SyncRequest bad = new io.devrig.api.sync.SyncRequest("github.notifications", null, 1,
                Map.of("notifications", List.of()));
        assertThatThrownBy(() -> ApiBase.forSource(bad, "notifications")).hasMessageContaining("$.notifications");
    }

    @Test
    void apiBaseBuildsEncodedUrlsAndOnlyTrustsItsOwnHost() {
        ApiBase github = ApiBase.parse(null, "$.apiUrl");
        assertThat(github.toString()).isEqualTo("https://api.github.com");
        assertThat(github.webBase()).isEqualTo("https://github.com");
        assertThat(github.resolve(Map.of("q", "a b&c"), "repos", "o", "r.x", "issues", "5").toString())
                .isEqualTo("https://api.github.com/repos/o/r.x/issues/5?q=a%20b%26c");
        assertThat(github.resolve(null, "a/b", "..").toString()).isEqualTo("https://api.github.com/a%2Fb/..");
        assertThat(github.contains(URI.create("https://api.github.com/notifications?page=2"))).isTrue();
        assertThat(github.contains(URI.create("https://API.github.com:443/x"))).isTrue();
        assertThat(github.contains(URI.create("http://api.github.com/x"))).isFalse();
        assertThat(github.contains(URI.create("https://api.github.com.evil.example/x"))).isFalse();
        assertThat(github.contains(URI.create("https://user@api.github.com/x"))).isFalse();

        ApiBase ghe = ApiBase.parse("https://ghe.example.com/api/v3/", "$.apiUrl");
        assertThat(ghe.webBase()).isEqualTo("https://ghe.example.com");
        assertThat(ghe.contains(URI.create("https://ghe.example.com/api/v3/notifications"))).isTrue();
        assertThat(ghe.contains(URI.create("https://ghe.example.com/login"))).isFalse();
        assertThat(ghe.endpoint(URI.create("https://ghe.example.com/api/v3/repos/o/r/pulls?page=2")))
                .isEqualTo("/repos/o/r/pulls");

        for (String bad : List.of("ftp://x", "not a url", "https://u:p@ghe/api", "https://ghe/api?x=1", "/relative")) {
            assertThatThrownBy(() -> ApiBase.parse(bad, "$.apiUrl")).as(bad).hasMessageContaining("$.apiUrl");
        }
    }

    @Test
    void subjectUrlsBecomeWebUrls() {
        ApiBase github = ApiBase.parse(null, "x");
        assertThat(Items.subject("https://api.github.com/repos/o/r/pulls/5", github))
                .isEqualTo(new Items.Subject("https://github.com/o/r/pull/5", 5, "pull"));
        assertThat(Items.subject("https://api.github.com/repos/o/r/issues/7", github))
                .isEqualTo(new Items.Subject("https://github.com/o/r/issues/7", 7, "issues"));
        assertThat(Items.subject("https://api.github.com/repos/o/r/commits/abc123", github))
                .isEqualTo(new Items.Subject("https://github.com/o/r/commit/abc123", null, "commit"));
        assertThat(Items.subject("https://api.github.com/repos/o/r/releases/1", github)).isNull();
        assertThat(Items.subject("https://evil.example/repos/o/r/pulls/5", github)).isNull();
        ApiBase ghe = ApiBase.parse("https://ghe.example.com/api/v3", "x");
        assertThat(Items.subject("https://ghe.example.com/api/v3/repos/o/r/pulls/9", ghe))
                .isEqualTo(new Items.Subject("https://ghe.example.com/o/r/pull/9", 9, "pull"));
    }

    @Test
    void typesAndPriorities() {
        assertThat(Items.snakeType("PullRequest")).isEqualTo("pull_request");
        assertThat(Items.snakeType("RepositoryVulnerabilityAlert")).isEqualTo("repository_vulnerability_alert");
        assertThat(Items.snakeType("Issue")).isEqualTo("issue");
        assertThat(Items.snakeType(null)).isEqualTo("notification");
        assertThat(Items.snakeType("!!")).isEqualTo("notification");
        for (String high : List.of("review_requested", "mention", "team_mention", "assign", "approval_requested",
                "security_alert")) {
            assertThat(Items.priority(high)).as(high).isEqualTo(Priority.HIGH);
        }
        assertThat(Items.priority("subscribed")).isEqualTo(Priority.LOW);
        assertThat(Items.priority("ci_activity")).isEqualTo(Priority.LOW);
        assertThat(Items.priority("comment")).isEqualTo(Priority.NORMAL);
        assertThat(Items.priority(null)).isEqualTo(Priority.NORMAL);
        assertThat(Items.truncate("a".repeat(300), 280)).hasSize(280).endsWith("…");
    }

    @Test
    void repositoryNames() {
        assertThat(RepositoryName.parse("octo-org/hello.world_2", "$")).isEqualTo(new RepositoryName("octo-org",
                "hello.world_2"));
        assertThat(RepositoryName.parse("emu_user_corp/x", "$").owner()).isEqualTo("emu_user_corp");
        for (String bad : List.of("", "o", "/r", "o/", "o/r/s", "o/..", "o/.", "-o/r", "o/r#1", "o /r", "o/r\n")) {
            assertThatThrownBy(() -> RepositoryName.parse(bad, "$.repository")).as(bad)
                    .hasMessageContaining("$.repository");
        }
    }
}
