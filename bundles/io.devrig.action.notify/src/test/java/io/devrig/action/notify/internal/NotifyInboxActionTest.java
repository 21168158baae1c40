package io.devrig.action.notify.internal;

import static io.devrig.testing.DevRigAssertions.devrigError;
import static org.assertj.core.api.Assertions.assertThat;

import io.devrig.api.error.DevRigException;
import io.devrig.api.error.ErrorCodes;
import io.devrig.api.inbox.InboxItem;
import io.devrig.api.inbox.InboxQuery;
import io.devrig.api.inbox.InboxStatus;
import io.devrig.api.inbox.Priority;
import io.devrig.inbox.internal.InboxStore;
import io.devrig.store.internal.SqliteDatabase;
import io.devrig.store.testing.TestDatabases;
import io.devrig.testing.TestActionContext;
import io.devrig.testing.TestJson;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * notify.inbox on the real inbox store (io.devrig.inbox's InboxStore, the code behind
 * PluginInbox.storeItems) over a migrated SQLite file in a temporary folder; items are stored
 * under this bundle's symbolic name, as PluginInbox would.
 */
class NotifyInboxActionTest {

    static final String BUNDLE = "io.devrig.action.notify";

    @TempDir
    Path dir;
    SqliteDatabase db;
    InboxStore store;
    NotifyInboxAction action;
    final TestActionContext context = new TestActionContext().workflowId("wf-deploy").runId("run-7").nodeId("tell");

    @BeforeEach
    @SuppressWarnings({"rawtypes", "unchecked"})
    void open() {
        db = TestDatabases.open(dir, new TestDatabases.ManualClock());
        // the store's change listener takes a type private to io.devrig.inbox: a raw no-op stands in
        java.util.function.Consumer ignoreChanges = changes -> { };
        store = new InboxStore(db, new TestDatabases.ManualClock(), ignoreChanges);
        action = new NotifyInboxAction(items -> store.store(BUNDLE, items));
    }

    @AfterEach
    void close() {
        db.close();
    }

    List<InboxItem> items() {
        return store.list(InboxQuery.all(), null);
    }

    @Test
    void anItemWithEveryField() {
        Object out = action.execute(TestJson.object("{'title': 'Deploy failed', 'body': 'Step **build**\\n\\nexit 2',"
                + " 'priority': 'high', 'link': 'https://ci.example.com/runs/7', 'actionable': true,"
                + " 'metadata': {'service': 'api', 'attempt': 2}}"), context);

        assertThat(out).isEqualTo(Map.of("externalId", "run-7:tell", "created", true, "updated", false));
        InboxItem item = items().get(0);
        assertThat(items()).hasSize(1);
        assertThat(item.pluginId()).isEqualTo(BUNDLE);
        assertThat(item.type()).isEqualTo("notification");
        assertThat(item.title()).isEqualTo("Deploy failed");
        assertThat(item.body()).isEqualTo("Step **build**\n\nexit 2");
        assertThat(item.preview()).isEqualTo("Step **build** exit 2");
        assertThat(item.priority()).isEqualTo(Priority.HIGH);
        assertThat(item.status()).isEqualTo(InboxStatus.UNREAD);
        assertThat(item.actionable()).isTrue();
        assertThat(item.sourceUrl()).isEqualTo("https://ci.example.com/runs/7");
        assertThat(TestJson.tree(TestJson.write(item.metadata()))).isEqualTo(TestJson.tree("{'service': 'api',"
                + " 'attempt': 2, 'workflow': {'workflowId': 'wf-deploy', 'runId': 'run-7', 'nodeId': 'tell'}}"));
        // the output says what happened to the item: no log line repeats it (a row on every run)
        assertThat(context.logs()).isEmpty();
    }

    @Test
    void aRetriedNodeUpdatesItsItemInsteadOfAddingOne() {
        action.execute(TestJson.object("{'title': 'Build 41 failed'}"), context);
        Object again = action.execute(TestJson.object("{'title': 'Build 41 failed'}"), context.attempt(2));
        assertThat(again).isEqualTo(Map.of("externalId", "run-7:tell", "created", false, "updated", false));
        Object changed = action.execute(TestJson.object("{'title': 'Build 41 failed twice'}"), context.attempt(3));
        assertThat(changed).isEqualTo(Map.of("externalId", "run-7:tell", "created", false, "updated", true));
        assertThat(items()).extracting(InboxItem::title).containsExactly("Build 41 failed twice");

        // another node (or a given key) is another item
        action.execute(TestJson.object("{'title': 'Other'}"), new TestActionContext().runId("run-7").nodeId("n2"));
        action.execute(TestJson.object("{'title': 'Keyed', 'key': 'daily-report', 'type': 'report'}"), context);
        assertThat(items()).hasSize(3).extracting(InboxItem::externalId)
                .containsExactlyInAnyOrder("run-7:tell", "run-7:n2", "daily-report");
    }

    @Test
    void whatTheInboxRefusesFailsTheStepNamingTheField() {
        String big = "x".repeat(70_000);
        DevRigException e = devrigError(() -> action.execute(Map.of("title", "t", "metadata", Map.of("blob", big)),
                context));
        assertThat(e.code()).isEqualTo(ErrorCodes.INVALID_INPUT);
        assertThat(e.error().message()).startsWith("$: the inbox refused the item: metadata").doesNotContain("xxxx");
        assertThat(items()).isEmpty();
    }

    @Test
    void badInputIsRefusedBeforeTheInbox() {
        for (String bad : List.of("{}", "{'title': ''}", "{'title': 't', 'priority': 'asap'}",
                "{'title': 't', 'link': 'javascript:alert(1)'}", "{'title': 't', 'actionable': 'yes'}",
                "{'title': 't', 'colour': 'red'}", "{'title': 't', 'metadata': [1]}")) {
            assertThat(devrigError(() -> action.execute(TestJson.object(bad), context)).code()).as(bad)
                    .isEqualTo(ErrorCodes.INVALID_INPUT);
        }
        assertThat(items()).isEmpty();
    }

    @Test
    void dryRunShowsTheItemAndStoresNothing() {
        Object preview = action.preview(TestJson.object("{'title': 'Hi', 'priority': 'urgent'}"), context.dryRun(true));
        assertThat(TestJson.write(preview)).isEqualTo(TestJson.write(TestJson.object("{'preview': true, 'stored': false,"
                + " 'item': {'externalId': 'run-7:tell', 'type': 'notification', 'title': 'Hi', 'body': null,"
                + " 'priority': 'urgent', 'link': null, 'actionable': null, 'metadata': {'workflow':"
                + " {'workflowId': 'wf-deploy', 'runId': 'run-7', 'nodeId': 'tell'}}}}")));
        assertThat(items()).isEmpty();
    }

    @Test
    void previewTextIsOneLineAndBounded() {
        assertThat(NotifyInboxAction.preview(null)).isNull();
        assertThat(NotifyInboxAction.preview(" a\n\tb ")).isEqualTo("a b");
        String longBody = "😀".repeat(300);
        String p = NotifyInboxAction.preview(longBody);
        assertThat(p.codePointCount(0, p.length())).isEqualTo(280);
        assertThat(p).endsWith("…");
    }
}
