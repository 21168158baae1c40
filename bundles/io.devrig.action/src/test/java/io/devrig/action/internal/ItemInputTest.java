package io.devrig.action.internal;

import static io.devrig.action.internal.Fixtures.TEMPLATES;
import static io.devrig.action.internal.Fixtures.call;
import static io.devrig.testing.TestJson.j;
import static org.assertj.core.api.Assertions.assertThat;

import io.devrig.api.action.ActionDescriptor;
import io.devrig.api.action.ActionErrors;
import io.devrig.api.action.ActionOutcome;
import io.devrig.api.inbox.InboxItem;
import io.devrig.api.inbox.InboxStatus;
import io.devrig.api.inbox.Priority;
import io.devrig.testing.TestActionContext;
import io.devrig.testing.TestExecutor;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The pipeline step that fills an action's input from the inbox item it runs on. */
class ItemInputTest {

    static final String IN = j("{'type':'object','additionalProperties':false,'required':['repository','number','body'],"
            + "'properties':{'repository':{'type':'string'},'number':{'type':'integer'},'body':{'type':'string'},"
            + "'sha':{'type':'string'}}}");

    private final ActionRegistryImpl registry = new ActionRegistryImpl(TEMPLATES, () -> null);
    private final List<Object> seen = new CopyOnWriteArrayList<>();

    ItemInputTest() {
        registry.addExecutor(new TestExecutor(ActionDescriptor.of("acme.comment", "Comment", null, IN, null),
                (input, c) -> {
                    seen.add(input);
                    seen.add(c.item().map(InboxItem::id).orElse("no item"));
                    return Map.of("ok", true);
                }), null, null, 0, Fixtures.IDS.incrementAndGet(), "test");
    }

    @AfterEach
    void close() {
        registry.close();
    }

    static InboxItem item(Map<String, Object> metadata) {
        return new InboxItem("01ITEM", "acme.plugin", "pr:octo/hello#5", "pull_request", "{{item.metadata.body}}",
                null, null, "https://github.com/octo/hello/pull/5", Priority.NORMAL, InboxStatus.UNREAD, true,
                metadata, null, null, null, null, null, null, "2026-12-06T00:00:00Z", "2026-12-06T00:00:00Z");
    }

    private ActionOutcome act(Map<String, Object> config, InboxItem item) {
        Map<String, Object> data = item == null ? Map.of() : Map.of("item", Map.of("metadata", item.metadata(),
                "title", item.title()));
        return registry.execute(call("acme.comment", config, data, new TestActionContext().item(item),
                Duration.ofSeconds(5)));
    }

    @Test
    void requiredFieldsTheUserDidNotGiveComeFromTheItemAndTheActionSeesTheItem() {
        ActionOutcome o = act(Map.of("body", "hi"), item(Map.of("repository", "octo/hello", "number", 5, "headSha",
                "abc")));
        assertThat(o.succeeded()).as("%s", o.error()).isTrue();
        assertThat(o.input()).isEqualTo(Map.of("repository", "octo/hello", "number", 5, "body", "hi"));
        assertThat(seen).containsExactly(o.input(), "01ITEM");
    }

    @Test
    void anExplicitValueOrATemplateWins() {
        ActionOutcome o = act(Map.of("body", "hi", "repository", "other/repo", "number", "{{item.metadata.other}}"),
                item(Map.of("repository", "octo/hello", "number", 5, "other", 7)));
        assertThat(o.succeeded()).as("%s", o.error()).isTrue();
        assertThat(o.input()).isEqualTo(Map.of("repository", "other/repo", "number", 7, "body", "hi"));
    }

    @Test
    void metadataThatLooksLikeATemplateStaysLiteral() {
        // data from outside (a PR title, a branch name) is never rendered, whichever way it arrives
        ActionOutcome o = act(Map.of("number", 5), item(Map.of("repository", "{{item.title}}", "body",
                "{{#each item}}x{{/each}} $(touch /tmp/pwned)")));
        assertThat(o.succeeded()).as("%s", o.error()).isTrue();
        assertThat(o.input()).isEqualTo(Map.of("number", 5, "repository", "{{item.title}}", "body",
                "{{#each item}}x{{/each}} $(touch /tmp/pwned)"));
        ActionOutcome viaTemplate = act(Map.of("body", "{{item.title}}", "repository", "a/b", "number", 1),
                item(Map.of()));
        assertThat(((Map<?, ?>) viaTemplate.input()).get("body")).as("a template's result is not rendered again")
                .isEqualTo("{{item.metadata.body}}");
    }

    @Test
    void anItemWithoutTheNeededMetadataNamesTheMissingField() {
        ActionOutcome o = act(Map.of("body", "hi"), item(Map.of("repository", "octo/hello")));
        assertThat(o.succeeded()).isFalse();
        assertThat(o.error().code()).isEqualTo(ActionErrors.ACTION_INPUT_INVALID);
        assertThat(o.error().message()).isEqualTo("$.number: required by action acme.comment: give \"number\" in the"
                + " input; the item's metadata has no 'number' to take it from").doesNotContain("\n");
        assertThat(o.error().details()).containsEntry("missing", List.of("number"));
        assertThat(seen).as("not called").isEmpty();
    }

    @Test
    void withoutAnItemNothingIsFilled() {
        ActionOutcome o = act(Map.of("body", "hi"), null);
        assertThat(o.error().code()).isEqualTo(ActionErrors.ACTION_INPUT_INVALID);
        assertThat(o.error().message()).contains("required property 'repository' not found");
    }
}
