package io.devrig.plugin.github.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import io.devrig.api.action.ActionExecutor;
import io.devrig.api.error.DevRigException;
import io.devrig.api.error.ErrorCategory;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class GitHubActionsTest extends GitHubTestBase {

    static final String HEAD = FakeGitHub.sha("octo/hello5");

    ActionExecutor comment;
    ActionExecutor createIssue;
    ActionExecutor merge;

    @BeforeEach
    void setUp() throws Exception {
        settings.set(Map.of("apiUrl", github.apiUrl()));
        comment = new CommentAction(http, secrets, log, settings, clock, limits);
        createIssue = new CreateIssueAction(http, secrets, log, settings, clock, limits);
        merge = new MergePullRequestAction(http, secrets, log, settings, clock, limits);
        github.addPull("octo/hello", 5, "Add the widget", "alice", false);
        github.addPull("octo/hello", 6, "Conflicted", "bob", false);
        github.setMergeable("octo/hello", 6, false);
    }

    @Test
    void commentPostsTheBodyToTheIssueCommentsEndpoint() throws Exception {
        Object out = comment.execute(Map.of("repository", "octo/hello", "number", 5, "body", "LGTM"), null);

        FakeGitHub.Recorded r = github.requests().get(0);
        assertThat(r.method()).isEqualTo("POST");
        assertThat(r.path()).isEqualTo("/repos/octo/hello/issues/5/comments");
        assertThat(r.header("Authorization")).isEqualTo("Bearer " + FakeGitHub.TOKEN);
        assertThat(r.header("Accept")).isEqualTo("application/vnd.github+json");
        assertThat(r.header("X-GitHub-Api-Version")).isEqualTo("2022-11-28");
        assertThat(r.header("Content-Type")).startsWith("application/json");
        assertThat(r.json()).isEqualTo(FakeGitHub.JSON.readTree("{\"body\":\"LGTM\"}"));
        assertThat(out).isInstanceOfSatisfying(Map.class, m -> assertThat(m)
                .containsEntry("repository", "octo/hello").containsEntry("number", 5)
                .containsEntry("id", 9000L)
                .containsEntry("html_url", github.root + "/octo/hello/pull/5#issuecomment-9000")
                .containsEntry("itemUpdate", Map.of("status", "read")));
        assertThat(out.toString()).doesNotContain(FakeGitHub.TOKEN);
    }

    @Test
    void aNumberRenderedAsTextByATemplateIsAccepted() throws Exception {
        comment.execute(Map.of("repository", "octo/hello", "number", "5", "body", "ok"), null);
        assertThat(github.requests().get(0).path()).isEqualTo("/repos/octo/hello/issues/5/comments");
    }

    @Test
    void createIssueSendsTitleBodyLabelsAndAssignees() throws Exception {
        Object out = createIssue.execute(Map.of("repository", "octo/hello", "title", "Widget breaks", "body", "Steps…",
                "labels", List.of("bug", "needs triage"), "assignees", List.of("alice")), null);

        FakeGitHub.Recorded r = github.requests().get(0);
        assertThat(r.method()).isEqualTo("POST");
        assertThat(r.path()).isEqualTo("/repos/octo/hello/issues");
        assertThat(r.json()).isEqualTo(FakeGitHub.JSON.readTree("{\"title\":\"Widget breaks\",\"body\":\"Steps…\","
                + "\"labels\":[\"bug\",\"needs triage\"],\"assignees\":[\"alice\"]}"));
        @SuppressWarnings("unchecked")
        Map<String, Object> m = (Map<String, Object>) out;
        assertThat(m).containsEntry("title", "Widget breaks").containsKeys("id", "number").doesNotContainKey("itemUpdate");
        assertThat((String) m.get("html_url")).isEqualTo(github.root + "/octo/hello/issues/" + m.get("number"));
    }

    @Test
    void createIssueWithOnlyATitleSendsOnlyTheTitle() throws Exception {
        createIssue.execute(Map.of("repository", "octo/hello", "title", "Just this"), null);
        assertThat(github.requests().get(0).json()).isEqualTo(FakeGitHub.JSON.readTree("{\"title\":\"Just this\"}"));
    }

    @Test
    void aValidationFailureCarriesGitHubsErrors() {
        assertThatThrownBy(() -> createIssue.execute(Map.of("repository", "octo/hello", "title", "x",
                "assignees", List.of("ghost")), null)).isInstanceOfSatisfying(DevRigException.class, e -> {
                    assertThat(e.code()).isEqualTo("GITHUB_VALIDATION_FAILED");
                    assertThat(e.category()).isEqualTo(ErrorCategory.PERMANENT);
                    assertThat(e.getMessage()).contains("Validation Failed", "assignees");
                    assertThat(e.error().details()).containsKey("errors");
                });
    }

    @Test
    void mergeSendsTheChosenMethodAndArchivesTheItem() throws Exception {
        Object out = merge.execute(Map.of("repository", "octo/hello", "number", 5, "mergeMethod", "squash",
                "commitTitle", "Add the widget (#5)", "sha", HEAD), null);

        FakeGitHub.Recorded r = github.requests().get(0);
        assertThat(r.method()).isEqualTo("PUT");
        assertThat(r.path()).isEqualTo("/repos/octo/hello/pulls/5/merge");
        assertThat(r.json()).isEqualTo(FakeGitHub.JSON.readTree("{\"merge_method\":\"squash\","
                + "\"commit_title\":\"Add the widget (#5)\",\"sha\":\"" + HEAD + "\"}"));
        assertThat(out).isInstanceOfSatisfying(Map.class, m -> assertThat(m).containsEntry("merged", true)
                .containsEntry("sha", FakeGitHub.sha("mergeocto/hello5")).containsEntry("number", 5)
                .containsEntry("itemUpdate", Map.of("status", "archived")));
    }

    @Test
    void mergeOfAnUnmergeablePullRequestIsAClearPermanentError() {
        assertThatThrownBy(() -> merge.execute(Map.of("repository", "octo/hello", "number", 6, "mergeMethod", "merge"),
                null)).isInstanceOfSatisfying(DevRigException.class, e -> {
                    assertThat(e.code()).isEqualTo("GITHUB_NOT_MERGEABLE");
                    assertThat(e.category()).isEqualTo(ErrorCategory.PERMANENT);
                    assertThat(e.getMessage()).contains("octo/hello#6 is not mergeable", "405");
                });
    }

    @Test
    void mergeWhenTheHeadMovedIsAClearPermanentError() {
        String stale = FakeGitHub.sha("an older head");
        assertThatThrownBy(() -> merge.execute(Map.of("repository", "octo/hello", "number", 5, "mergeMethod", "rebase",
                "sha", stale), null)).isInstanceOfSatisfying(DevRigException.class, e -> {
                    assertThat(e.code()).isEqualTo("GITHUB_HEAD_CHANGED");
                    assertThat(e.retryable()).isFalse();
                    assertThat(e.getMessage()).contains("head of pull request octo/hello#5 changed", "409");
                });
    }

    @Test
    void aMissingRepositoryIsNotFound() {
        assertThatThrownBy(() -> comment.execute(Map.of("repository", "octo/nope", "number", 1, "body", "x"), null))
                .isInstanceOfSatisfying(DevRigException.class, e -> {
                    assertThat(e.code()).isEqualTo("GITHUB_NOT_FOUND");
                    assertThat(e.getMessage()).contains("POST /repos/octo/nope/issues/1/comments");
                });
    }

    @Test
    void rateLimitsAndBadCredentialsMapLikeInTheDataSources() {
        github.failNext("POST", "/repos/octo/hello/issues/5/comments", null, FakeGitHub.retryAfter(429, 7));
        assertThatThrownBy(() -> comment.execute(Map.of("repository", "octo/hello", "number", 5, "body", "x"), null))
                .isInstanceOfSatisfying(DevRigException.class, e -> {
                    assertThat(e.code()).isEqualTo("RATE_LIMITED");
                    assertThat(e.category()).isEqualTo(ErrorCategory.TRANSIENT);
                    assertThat(e.error().details()).containsEntry("retryAfterMs", 7_000L);
                });
        clock.advanceSeconds(7);
        secrets.put("token", "ghp_notTheRightOne123");
        assertThatThrownBy(() -> merge.execute(Map.of("repository", "octo/hello", "number", 5, "mergeMethod", "merge"),
                null)).isInstanceOfSatisfying(DevRigException.class, e -> {
                    assertThat(e.code()).isEqualTo("GITHUB_UNAUTHORIZED");
                    assertThat(e.getMessage()).doesNotContain("ghp_notTheRightOne123")
                            .contains("devrig:secret-set io.devrig.plugin.github/token");
                    assertNoTokenIn(e);
                });
    }

    @Test
    void badInputIsRefusedBeforeAnyRequest() {
        Map<String, Object> ok = Map.of("repository", "octo/hello", "number", 5, "body", "x");
        List<Map<String, Object>> bad = List.of(
                with(ok, "repository", "../../user"), with(ok, "repository", "octo/hello/issues"),
                with(ok, "repository", "octo/hello?x=1"), with(ok, "repository", "octo%2Fhello"),
                with(ok, "repository", "http://evil.example/x"), with(ok, "repository", null),
                with(ok, "number", 0), with(ok, "number", -3), with(ok, "number", "5/../../x"), with(ok, "number", 1.5),
                with(ok, "number", "99999999999"), with(ok, "body", ""), with(ok, "body", 42), with(ok, "extra", true));
        for (Map<String, Object> input : bad) {
            assertThatThrownBy(() -> comment.execute(input, null)).as("%s", input)
                    .isInstanceOfSatisfying(DevRigException.class, e -> assertThat(e.code()).isEqualTo("INVALID_INPUT"));
        }
        assertThatThrownBy(() -> merge.execute(Map.of("repository", "octo/hello", "number", 5, "mergeMethod",
                "fast-forward"), null)).hasMessageContaining("$.mergeMethod");
        assertThatThrownBy(() -> merge.execute(Map.of("repository", "octo/hello", "number", 5), null))
                .hasMessageContaining("$.mergeMethod");
        assertThatThrownBy(() -> merge.execute(Map.of("repository", "octo/hello", "number", 5, "mergeMethod", "merge",
                "sha", "abc"), null)).hasMessageContaining("$.sha");
        assertThatThrownBy(() -> createIssue.execute(Map.of("repository", "octo/hello"), null))
                .hasMessageContaining("$.title");
        assertThatThrownBy(() -> createIssue.execute(Map.of("repository", "octo/hello", "title", "t", "assignees",
                List.of("a/b")), null)).hasMessageContaining("$.assignees[0]");
        assertThatThrownBy(() -> createIssue.execute("not an object", null)).hasMessageContaining("JSON object");
        assertThat(github.requests()).isEmpty();
    }

    @Test
    void previewDescribesTheRequestAndSendsNothing() {
        secrets.remove("token"); // a preview needs no token
        Object out = merge.preview(Map.of("repository", "octo/hello", "number", "5", "mergeMethod", "squash"), null);
        assertThat(out).isInstanceOfSatisfying(Map.class, m -> assertThat(m).containsEntry("preview", true)
                .containsEntry("actionType", "github.merge_pr").containsEntry("method", "PUT")
                .containsEntry("url", github.apiUrl() + "/repos/octo/hello/pulls/5/merge")
                .containsEntry("body", Map.of("merge_method", "squash")));
        assertThat(comment.preview(Map.of("repository", "octo/hello", "number", 5, "body", "hi"), null))
                .asString().contains("POST", "/repos/octo/hello/issues/5/comments");
        assertThat(createIssue.preview(Map.of("repository", "octo/hello", "title", "t"), null))
                .asString().contains("/repos/octo/hello/issues");
        assertThatThrownBy(() -> comment.preview(Map.of("repository", "bad"), null)).isInstanceOf(DevRigException.class);
        assertThat(github.requests()).isEmpty();
        assertThat(http.attempts()).isEmpty();
        assertThat(secrets.reads()).isZero();
    }

    @Test
    void theApiUrlComesFromThePluginSettingsAndAChangeAppliesToTheRunningAction() throws Exception {
        settings.set(Map.of());
        ActionExecutor running = new CommentAction(http, secrets, log, settings, clock, limits);
        Map<String, Object> input = Map.of("repository", "octo/hello", "number", 5, "body", "x");
        assertThat(running.preview(input, null)).asString()
                .contains("url=https://api.github.com/repos/octo/hello/issues/5/comments");
        settings.set(Map.of("apiUrl", "https://ghe.example.com/api/v3")); // devrig:plugin-config, no restart
        assertThat(running.preview(input, null)).asString()
                .contains("url=https://ghe.example.com/api/v3/repos/octo/hello/issues/5/comments");
        settings.set(Map.of("apiUrl", "file:///etc"));
        assertThatThrownBy(() -> running.execute(input, null))
                .isInstanceOfSatisfying(DevRigException.class, e -> {
                    assertThat(e.code()).isEqualTo("INVALID_INPUT");
                    assertThat(e.getMessage()).contains("settings of io.devrig.plugin.github: $.apiUrl");
                });
        assertThat(github.requests()).isEmpty();
        assertThat(settings.listeners()).as("the actions read their settings on every call").isEmpty();
    }

    @Test
    void theActionsSupplyBehaviourOnlyTheirMetadataIsPluginJson() {
        assertThat(List.of(comment, createIssue, merge)).allSatisfy(a -> assertThat(a.descriptor()).isNull());
        for (String component : List.of("CommentAction", "CreateIssueAction", "MergePullRequestAction")) {
            String xml = DescriptorTest.text("OSGI-INF/io.devrig.plugin.github.internal." + component + ".xml");
            assertThat(xml).as(component).doesNotContain("configuration-pid", "devrig.action.type")
                    .containsOnlyOnce("<property ").contains("name=\"devrig.capability\"");
        }
    }

    @Test
    void theInputSchemasAgreeWithTheActions() throws Exception {
        SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
        var commentSchema = registry.getSchema(FakeGitHub.JSON.readTree(DescriptorTest.inputSchema("github.comment")));
        var mergeSchema = registry.getSchema(FakeGitHub.JSON.readTree(DescriptorTest.inputSchema("github.merge_pr")));
        var issueSchema = registry.getSchema(FakeGitHub.JSON.readTree(DescriptorTest.inputSchema("github.create_issue")));

        assertThat(commentSchema.validate(json("{\"repository\":\"octo/hello\",\"number\":5,\"body\":\"x\"}"))).isEmpty();
        assertThat(commentSchema.validate(json("{\"repository\":\"octo/hello\",\"number\":\"5\",\"body\":\"x\"}"))).isEmpty();
        assertThat(commentSchema.validate(json("{\"repository\":\"../x\",\"number\":5,\"body\":\"x\"}"))).isNotEmpty();
        assertThat(commentSchema.validate(json("{\"repository\":\"octo/hello\",\"number\":0,\"body\":\"x\"}"))).isNotEmpty();
        assertThat(commentSchema.validate(json("{\"repository\":\"octo/hello\",\"number\":\"5x\",\"body\":\"x\"}"))).isNotEmpty();
        assertThat(mergeSchema.validate(json("{\"repository\":\"o/r\",\"number\":1,\"mergeMethod\":\"rebase\"}"))).isEmpty();
        assertThat(mergeSchema.validate(json("{\"repository\":\"o/r\",\"number\":1,\"mergeMethod\":\"ff\"}"))).isNotEmpty();
        assertThat(mergeSchema.validate(json("{\"repository\":\"o/r\",\"number\":1}"))).isNotEmpty();
        assertThat(issueSchema.validate(json("{\"repository\":\"o/r\",\"title\":\"t\",\"labels\":[\"bug\"]}"))).isEmpty();
        assertThat(issueSchema.validate(json("{\"repository\":\"o/r\",\"title\":\"t\",\"extra\":1}"))).isNotEmpty();
    }

    private static JsonNode json(String s) throws Exception {
        return FakeGitHub.JSON.readTree(s);
    }

    private static Map<String, Object> with(Map<String, Object> base, String key, Object value) {
        Map<String, Object> m = new HashMap<>(base);
        m.put(key, value);
        return m;
    }
}
