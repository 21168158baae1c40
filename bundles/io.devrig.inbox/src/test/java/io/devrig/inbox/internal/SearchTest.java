package io.devrig.inbox.internal;

import static io.devrig.inbox.internal.Fixture.A;
import static io.devrig.inbox.internal.Fixture.B;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.devrig.api.error.DevRigException;
import io.devrig.api.error.ErrorCodes;
import io.devrig.api.inbox.InboxItemInput;
import io.devrig.api.inbox.InboxQuery;
import io.devrig.api.inbox.InboxStatus;
import io.devrig.api.inbox.Priority;
import io.devrig.api.inbox.SearchHit;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SearchTest {

    @TempDir
    Path dir;
    Fixture f;
    InboxStore store;

    @BeforeEach
    void open() {
        f = new Fixture(dir);
        store = f.store;
        store.store(A, List.of(
                input("t-body", "Weekly report", "the deploy pipeline failed on the deploy step", null, Priority.NORMAL),
                input("t-title", "Deploy failed", "see logs", null, Priority.HIGH),
                input("t-preview", "Status", "nothing", "deploy is blocked", Priority.LOW),
                input("phrase", "Review requested", "please review the flaky test in module core", null, Priority.NORMAL),
                input("prefix", "Refactoring session", "refactor the parser", null, Priority.NORMAL)));
        store.store(B, List.of(input("b-deploy", "Jira: deploy ticket", "deploy", null, Priority.URGENT)));
    }

    @AfterEach
    void close() {
        f.close();
    }

    private static InboxItemInput input(String id, String title, String body, String preview, Priority p) {
        return new InboxItemInput(id, "notification", title, body, preview, null, p, null, null, null);
    }

    private List<String> ids(String text, InboxQuery q) {
        return store.search(text, q, true).stream().map(h -> h.item().externalId()).toList();
    }

    @Test
    void ranksTitleMatchesFirstThenPreviewThenBody() {
        List<SearchHit> hits = store.search("deploy", InboxQuery.all().withPlugin(A), true);
        assertThat(hits).extracting(h -> h.item().externalId()).containsExactly("t-title", "t-preview", "t-body");
        // bm25: lower is better, and the hits come best first
        assertThat(hits.get(0).rank()).isLessThan(hits.get(1).rank());
        assertThat(hits.get(1).rank()).isLessThan(hits.get(2).rank());
    }

    @Test
    void snippetsHighlightTheMatches() {
        List<SearchHit> hits = store.search("deploy", InboxQuery.all().withPlugin(A), true);
        assertThat(hits.get(0).snippet()).isEqualTo("[Deploy] failed");
        assertThat(hits.get(2).snippet()).contains("[deploy] pipeline failed on the [deploy] step");
    }

    @Test
    void phraseQueriesMatchTheWordsInOrder() {
        assertThat(ids("\"flaky test\"", InboxQuery.all())).containsExactly("phrase");
        assertThat(ids("\"test flaky\"", InboxQuery.all())).isEmpty();
        assertThat(store.search("\"flaky test\"", InboxQuery.all(), true).get(0).snippet()).contains("[flaky test]");
    }

    @Test
    void prefixQueriesMatchWordStarts() {
        assertThat(ids("refactor*", InboxQuery.all())).containsExactly("prefix");
        assertThat(ids("refactor", InboxQuery.all())).containsExactly("prefix"); // body word only
        assertThat(ids("pars*", InboxQuery.all())).containsExactly("prefix");
        assertThat(ids("arser*", InboxQuery.all())).isEmpty();
    }

    @Test
    void booleanOperators() {
        assertThat(ids("deploy AND logs", InboxQuery.all())).containsExactly("t-title");
        assertThat(ids("deploy NOT logs", InboxQuery.all().withPlugin(A))).containsExactly("t-preview", "t-body");
        assertThat(ids("flaky OR parser", InboxQuery.all())).containsExactlyInAnyOrder("phrase", "prefix");
    }

    @Test
    void filtersApplyToSearchAndArchivedItemsAreHiddenByDefault() {
        assertThat(ids("deploy", InboxQuery.all())).hasSize(4);
        assertThat(ids("deploy", InboxQuery.all().withPriorities(List.of(Priority.URGENT)))).containsExactly("b-deploy");
        assertThat(ids("deploy", InboxQuery.all().withPlugin(B))).containsExactly("b-deploy");
        store.archive(List.of(f.idOf(A, "t-title")));
        assertThat(ids("deploy", InboxQuery.all().withPlugin(A))).containsExactly("t-preview", "t-body");
        assertThat(ids("deploy", InboxQuery.all().withStatuses(List.of(InboxStatus.ARCHIVED)))).containsExactly("t-title");
        assertThat(ids("deploy", InboxQuery.all().withPage(1, 1).withPlugin(A))).containsExactly("t-body");
        assertThat(ids("deploy", null)).hasSize(3);
    }

    @Test
    void searchSeesAnUpdatedTitleAndForgetsTheOldOne() {
        store.store(A, List.of(input("phrase", "Merge conflict", "please review the flaky test in module core", null,
                Priority.NORMAL)));
        assertThat(ids("merge", InboxQuery.all())).containsExactly("phrase");
        assertThat(ids("requested", InboxQuery.all())).isEmpty();
        assertThat(store.search("merge", InboxQuery.all(), true).get(0).item().title()).isEqualTo("Merge conflict");
        integrityCheck();
    }

    @Test
    void stateChangesKeepTheIndexConsistent() {
        String id = f.idOf(A, "t-title");
        store.markRead(List.of(id), true);
        store.snooze(List.of(id), f.clock.now().plusSeconds(60));
        store.archive(List.of(id));
        store.unarchive(List.of(id));
        assertThat(ids("logs", InboxQuery.all())).containsExactly("t-title");
        integrityCheck();
        // status changes do not re-index: the index holds one entry per item
        long docs = f.db.read(h -> h.queryLong("SELECT count(*) FROM inbox_items_fts_docsize").orElseThrow());
        assertThat(docs).isEqualTo(6);
    }

    @Test
    void unrankedSearchReturnsMatchesToo() {
        assertThat(store.search("deploy", InboxQuery.all(), false)).extracting(h -> h.item().externalId())
                .containsExactlyInAnyOrder("t-body", "t-title", "t-preview", "b-deploy");
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"unterminated", "deploy AND", "(deploy", "nosuchcolumn:deploy", "*", "a:b:c", "NOT"})
    void aBadQueryIsInvalidInputWithoutSql(String query) {
        assertThatThrownBy(() -> store.search(query, InboxQuery.all(), true))
                .isInstanceOf(DevRigException.class)
                .satisfies(e -> {
                    DevRigException d = (DevRigException) e;
                    assertThat(d.code()).isEqualTo(ErrorCodes.INVALID_INPUT);
                    assertThat(d.getMessage()).contains("search: not a valid full-text query")
                            .doesNotContain("SELECT").doesNotContain("inbox_items").doesNotContain("SQLITE");
                });
    }

    @Test
    void emptyAndOverlongQueriesAreRefused() {
        assertThatThrownBy(() -> store.search(" ", InboxQuery.all(), true)).hasMessageContaining("search: text required");
        assertThatThrownBy(() -> store.search(null, InboxQuery.all(), true)).hasMessageContaining("search: text required");
        assertThatThrownBy(() -> store.search("a".repeat(1001), InboxQuery.all(), true))
                .hasMessageContaining("search: at most 1000 characters, got 1001");
    }

    @Test
    void searchStillWorksAfterABadQuery() {
        assertThatThrownBy(() -> store.search("\"x", InboxQuery.all(), true)).isInstanceOf(DevRigException.class);
        assertThat(ids("flaky", InboxQuery.all())).containsExactly("phrase");
    }

    private void integrityCheck() {
        f.db.write(h -> h.update("INSERT INTO inbox_items_fts(inbox_items_fts, rank) VALUES ('integrity-check', 1)"));
    }
}
