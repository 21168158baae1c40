package io.devrig.inbox.internal;

import static io.devrig.inbox.internal.Fixture.A;
import static io.devrig.inbox.internal.Fixture.B;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.devrig.api.action.ActionInvocation;
import io.devrig.api.error.DevRigException;
import io.devrig.api.error.ErrorCategory;
import io.devrig.api.error.ErrorCodes;
import io.devrig.api.inbox.InboxEvents;
import io.devrig.api.inbox.InboxItem;
import io.devrig.api.inbox.InboxItemInput;
import io.devrig.api.inbox.InboxStatus;
import io.devrig.api.inbox.Priority;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ItemActionsTest {

    @TempDir
    Path dir;
    Fixture f;
    TestActionRegistry registry;
    ItemActions actions;
    String pr;
    String notification;
    String jira;

    @BeforeEach
    void open() {
        f = new Fixture(dir);
        registry = new TestActionRegistry()
                .add("github.merge_pr", A, (input, inv) -> Map.of("merged", true, "sha", "abc123",
                        "itemUpdate", Map.of("status", "archived", "preview", "Merged by " + input.get("who"))))
                .add("github.comment", A, (input, inv) -> Map.of("commented", true))
                .add("github.create_issue", A, (input, inv) -> Map.of())
                .add("jira.transition", B, (input, inv) -> Map.of())
                .add("data.transform", null, (input, inv) -> Map.of());
        actions = new ItemActions(f.store, () -> registry, f::descriptorOf, Duration.ofSeconds(30));
        f.store.store(A, List.of(
                new InboxItemInput("pr-1", "pull_request", "Fix parser", "body", "needs review", null, Priority.HIGH, true,
                        Map.of("dataSourceId", "github.pull_requests"), null),
                new InboxItemInput("n-1", "notification", "CI failed", null, null, null, null, null,
                        Map.of("dataSourceId", "github.notifications"), null)));
        f.store.store(B, List.of(InboxItemInput.of("J-1", "issue", "Jira issue")));
        pr = f.idOf(A, "pr-1");
        notification = f.idOf(A, "n-1");
        jira = f.idOf(B, "J-1");
        f.changes.clear();
    }

    @AfterEach
    void close() {
        f.close();
    }

    @Test
    void runsTheActionWithTheItemAndAppliesItsItemUpdate() {
        f.clock.advance(Duration.ofMinutes(1));
        Object out = actions.act(pr, "github.merge_pr", Map.of("who", "ada", "strategy", "squash"));
        assertThat(out).isEqualTo(Map.of("merged", true, "sha", "abc123",
                "itemUpdate", Map.of("status", "archived", "preview", "Merged by ada")));

        ActionInvocation call = registry.invocations.get(0);
        assertThat(call.type()).isEqualTo("github.merge_pr");
        assertThat(call.config()).isEqualTo(Map.of("who", "ada", "strategy", "squash"));
        @SuppressWarnings("unchecked")
        Map<String, Object> item = (Map<String, Object>) call.data().get("item");
        assertThat(item).containsEntry("id", pr).containsEntry("title", "Fix parser").containsEntry("priority", "high")
                .containsEntry("status", "unread").containsEntry("pluginId", A)
                .containsEntry("metadata", Map.of("dataSourceId", "github.pull_requests"));
        assertThat(call.context().runId()).isNull();
        assertThat(call.context().workflowId()).isNull();
        assertThat(call.context().nodeId()).isNull();
        assertThat(call.context().dryRun()).isFalse();
        assertThat(call.context().attempt()).isEqualTo(1);
        assertThat(call.context().idempotencyKey()).matches("inbox:" + pr + ":github\\.merge_pr:[0-9A-Z]{26}");
        assertThat(call.timeout()).isEqualTo(Duration.ofSeconds(30));
        // the action sees the item it runs on, as stored (the registry fills missing required fields from it)
        InboxItem runsOn = call.context().item().orElseThrow();
        assertThat(runsOn.id()).isEqualTo(pr);
        assertThat(runsOn.externalId()).isEqualTo("pr-1");
        assertThat(runsOn.metadata()).containsEntry("dataSourceId", "github.pull_requests");

        InboxItem after = f.store.get(pr).orElseThrow();
        assertThat(after.status()).isEqualTo(InboxStatus.ARCHIVED);
        assertThat(after.preview()).isEqualTo("Merged by ada");
        assertThat(after.title()).isEqualTo("Fix parser");
        assertThat(after.updatedAt()).isEqualTo("2026-11-23T08:01:00.000Z");
        assertThat(f.changes).extracting(InboxChange::topic, InboxChange::itemId)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(InboxEvents.ITEM_ARCHIVED, pr));
    }

    @Test
    void eachCallHasItsOwnIdempotencyKey() {
        actions.act(pr, "github.comment", null);
        actions.act(pr, "github.comment", null);
        assertThat(registry.invocations.get(0).context().idempotencyKey())
                .isNotEqualTo(registry.invocations.get(1).context().idempotencyKey());
        assertThat(registry.invocations.get(0).config()).isEmpty();
    }

    @Test
    void anUpdatedItemIsUpdatedInTheStoreAndTheNextSyncOfTheSourceContentWinsAgain() {
        registry.add("github.comment", A, (input, inv) -> Map.of("itemUpdate", Map.of("title", "Fix parser (commented)",
                "priority", "low", "actionable", false, "metadata", Map.of("dataSourceId", "github.pull_requests",
                        "commented", true))));
        actions.act(pr, "github.comment", Map.of());
        InboxItem after = f.store.get(pr).orElseThrow();
        assertThat(after.title()).isEqualTo("Fix parser (commented)");
        assertThat(after.priority()).isEqualTo(Priority.LOW);
        assertThat(after.actionable()).isFalse();
        assertThat(after.metadata()).containsEntry("commented", true);
        assertThat(after.status()).isEqualTo(InboxStatus.UNREAD);
        assertThat(f.changes).extracting(InboxChange::topic).containsExactly(InboxEvents.ITEM_UPDATED);
        // the source still has the old content: that is a change again
        assertThat(f.store.store(A, List.of(new InboxItemInput("pr-1", "pull_request", "Fix parser", "body",
                "needs review", null, Priority.HIGH, true, Map.of("dataSourceId", "github.pull_requests"), null)))
                .updated()).isEqualTo(1);
    }

    @Test
    void anItemUpdateThatChangesNothingPublishesNothing() {
        registry.add("github.comment", A, (input, inv) -> Map.of("itemUpdate", Map.of("title", "Fix parser")));
        actions.act(pr, "github.comment", Map.of());
        assertThat(f.changes).isEmpty();
    }

    @Test
    void actionsOfAnotherPluginDoNotApply() {
        assertThatThrownBy(() -> actions.act(jira, "github.comment", Map.of()))
                .isInstanceOf(DevRigException.class)
                .hasMessageContaining("action 'github.comment' belongs to plugin 'acme.github', the item to plugin 'acme.jira'")
                .extracting(e -> ((DevRigException) e).code()).isEqualTo(ErrorCodes.INVALID_INPUT);
        assertThat(registry.invocations).isEmpty();
    }

    @Test
    void anActionMustListTheItemsDataSourceInAppliesTo() {
        assertThatThrownBy(() -> actions.act(notification, "github.merge_pr", Map.of()))
                .hasMessageContaining("action 'github.merge_pr' applies to [github.pull_requests], not to the item's data"
                        + " source 'github.notifications'");
        assertThat(actions.act(notification, "github.comment", Map.of())).isEqualTo(Map.of("commented", true));
    }

    @Test
    void anActionWithoutAppliesToIsNotAnItemAction() {
        assertThatThrownBy(() -> actions.act(pr, "github.create_issue", Map.of()))
                .hasMessageContaining("action 'github.create_issue' does not declare appliesTo");
    }

    @Test
    void aPluginWithOneDataSourceNeedsNoDataSourceInTheItem() {
        assertThat(actions.act(jira, "jira.transition", Map.of())).isEqualTo(Map.of());
    }

    @Test
    void builtInUnknownAndMissingAreRefused() {
        assertThatThrownBy(() -> actions.act(pr, "data.transform", Map.of()))
                .hasMessageContaining("action 'data.transform' is built in, not a plugin action");
        assertThatThrownBy(() -> actions.act(pr, "github.nope", Map.of()))
                .hasMessageContaining("actionType: no action type 'github.nope' is available");
        assertThatThrownBy(() -> actions.act(pr, " ", Map.of())).hasMessageContaining("actionType: required");
        assertThatThrownBy(() -> actions.act("01NOPE", "github.comment", Map.of()))
                .extracting(e -> ((DevRigException) e).code()).isEqualTo(ErrorCodes.NOT_FOUND);
        ItemActions none = new ItemActions(f.store, () -> null, f::descriptorOf, Duration.ofSeconds(1));
        assertThatThrownBy(() -> none.act(pr, "github.comment", Map.of()))
                .hasMessageContaining("no action type 'github.comment' is available");
    }

    @Test
    void theActionsOwnErrorComesThroughAndTheItemStays() {
        registry.add("github.comment", A, (input, inv) -> {
            throw new DevRigException("GITHUB_RATE_LIMITED", ErrorCategory.TRANSIENT, "GitHub says slow down");
        });
        assertThatThrownBy(() -> actions.act(pr, "github.comment", Map.of()))
                .isInstanceOf(DevRigException.class).hasMessageContaining("GitHub says slow down")
                .extracting(e -> ((DevRigException) e).code()).isEqualTo("GITHUB_RATE_LIMITED");
        assertThat(f.changes).isEmpty();
    }

    @Test
    void aBadItemUpdateIsRefusedAndNothingIsApplied() {
        registry.add("github.comment", A, (input, inv) -> Map.of("itemUpdate", Map.of("title", "ok",
                "status", "snoozed")));
        assertThatThrownBy(() -> actions.act(pr, "github.comment", Map.of()))
                .hasMessageContaining("action 'github.comment' ran, but its itemUpdate was refused:"
                        + " itemUpdate.status: must be one of unread, read, archived");
        assertThat(f.store.get(pr).orElseThrow().title()).isEqualTo("Fix parser");
    }
}
