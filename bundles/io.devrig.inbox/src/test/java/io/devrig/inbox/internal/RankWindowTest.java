package io.devrig.inbox.internal;

import static io.devrig.inbox.internal.Fixture.A;
import static io.devrig.inbox.internal.Fixture.B;
import static org.assertj.core.api.Assertions.assertThat;

import io.devrig.api.inbox.InboxItemInput;
import io.devrig.api.inbox.InboxQuery;
import io.devrig.api.inbox.SearchHit;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Ranked search with its work bounded: the newest matches only, and saying so. */
class RankWindowTest {

    static final int WINDOW = 4;

    @TempDir
    Path dir;
    Fixture f;
    /** Ranks at most the newest {@value #WINDOW} matches. */
    InboxStore store;

    @BeforeEach
    void open() {
        f = new Fixture(dir);
        store = new InboxStore(f.db, f.clock, f.changes::addAll, WINDOW);
        // stored in this order: c0 is the oldest. "build" is common (8 items), "zephyr" rare (2)
        List<InboxItemInput> items = new ArrayList<>();
        items.add(input("c0", "Build broke", "build build build of the nightly", "the build"));   // best, but oldest
        items.add(input("c1", "Weekly notes", "zephyr build went fine", null));
        items.add(input("c2", "Release", "a long body that mentions build once among many other words here", null));
        items.add(input("c3", "Build green", "all good", null));
        items.add(input("c4", "Nothing", "build build", "flaky test in build"));
        items.add(input("c5", "Zephyr", "deploy", null));
        items.add(input("c6", "Status", "build status: flaky test again", null));
        items.add(input("c7", "Another", "build", null));
        items.add(input("c8", "Last one", "the build of flaky test", "build"));
        for (InboxItemInput in : items) {
            store.store(A, List.of(in)); // one batch each: rowids follow this order
        }
    }

    @AfterEach
    void close() {
        f.close();
    }

    private static InboxItemInput input(String id, String title, String body, String preview) {
        return new InboxItemInput(id, "notification", title, body, preview, null, null, null, null, null);
    }

    private static List<String> ids(List<SearchHit> hits) {
        return hits.stream().map(h -> h.item().externalId()).toList();
    }

    /** The order FTS5's own bm25 gives, over the rows given (all matches if null). */
    private List<String> bm25Order(String text, List<String> among) {
        return f.db.read(h -> h.query("SELECT i.external_id FROM inbox_items_fts JOIN inbox_items i"
                + " ON i.rowid = inbox_items_fts.rowid WHERE inbox_items_fts MATCH ? ORDER BY inbox_items_fts.rank,"
                + " inbox_items_fts.rowid DESC", row -> row.getString(1), text)).stream()
                .filter(id -> among == null || among.contains(id)).toList();
    }

    @Test
    void aRareTermIsRankedInFullAndSaysSo() {
        List<SearchHit> hits = store.search("zephyr", InboxQuery.all(), true);
        assertThat(ids(hits)).containsExactlyElementsOf(bm25Order("zephyr", null)).containsExactly("c5", "c1");
        assertThat(hits).allSatisfy(h -> {
            assertThat(h.ranking().bounded()).isFalse();
            assertThat(h.ranking().rankedAmong()).isEqualTo(2);
        });
        assertThat(hits.get(0).rank()).isLessThan(hits.get(1).rank());
    }

    @Test
    void aCommonTermIsRankedAmongTheNewestMatchesOnlyAndSaysSo() {
        // 8 matches, window 4: c8, c7, c6, c4 are the newest four (c5 has no "build")
        List<SearchHit> hits = store.search("build", InboxQuery.all(), true);
        assertThat(ids(hits)).containsExactlyInAnyOrder("c8", "c7", "c6", "c4");
        // in bm25's own order among those four
        assertThat(ids(hits)).containsExactlyElementsOf(bm25Order("build", List.of("c8", "c7", "c6", "c4")));
        assertThat(hits).allSatisfy(h -> assertThat(h.ranking()).isEqualTo(new SearchHit.Ranking(true, WINDOW)));
        assertThat(hits.get(0).ranking().describe()).isEqualTo("ranked among the newest 4 matches only");
        for (int i = 1; i < hits.size(); i++) {
            assertThat(hits.get(i - 1).rank()).isLessThanOrEqualTo(hits.get(i).rank());
        }
        assertThat(hits.get(0).snippet()).contains("[build]");
    }

    @Test
    void withAWideEnoughWindowTheOrderIsExactlyBm25s() {
        InboxStore wide = new InboxStore(f.db, f.clock, f.changes::addAll, 100);
        List<SearchHit> hits = wide.search("build", InboxQuery.all(), true);
        assertThat(ids(hits)).hasSize(8).containsExactlyElementsOf(bm25Order("build", null));
        assertThat(hits.get(0).ranking()).isEqualTo(new SearchHit.Ranking(false, 8));
        assertThat(ids(wide.search("\"flaky test\"", InboxQuery.all(), true)))
                .containsExactlyElementsOf(bm25Order("\"flaky test\"", null));
        assertThat(ids(wide.search("title: build", InboxQuery.all(), true)))
                .containsExactlyElementsOf(bm25Order("title: build", null)).containsExactlyInAnyOrder("c0", "c3");
        assertThat(ids(wide.search("bui*", InboxQuery.all(), true)))
                .containsExactlyElementsOf(bm25Order("bui*", null));
    }

    @Test
    void exactlyAWindowOfMatchesIsNotBounded() {
        store.archive(List.of(f.idOf(A, "c0"), f.idOf(A, "c1"), f.idOf(A, "c2"), f.idOf(A, "c3")));
        // 4 matches left that are not archived: the whole window, every one ranked
        List<SearchHit> hits = store.search("build", InboxQuery.all(), true);
        assertThat(ids(hits)).containsExactlyInAnyOrder("c4", "c6", "c7", "c8");
        assertThat(hits.get(0).ranking()).isEqualTo(new SearchHit.Ranking(false, 4));
        // one more (filters count, archived items do not)
        store.unarchive(List.of(f.idOf(A, "c0")));
        assertThat(store.search("build", InboxQuery.all(), true).get(0).ranking().bounded()).isTrue();
    }

    @Test
    void phrasesAreBoundedLikeWords() {
        // "flaky test": c4, c6, c8 (3 matches, within the window)
        List<SearchHit> hits = store.search("\"flaky test\"", InboxQuery.all(), true);
        assertThat(ids(hits)).containsExactlyInAnyOrder("c4", "c6", "c8");
        assertThat(hits.get(0).ranking()).isEqualTo(new SearchHit.Ranking(false, 3));
        assertThat(hits.get(0).snippet()).contains("[flaky test]");
        assertThat(ids(store.search("\"test flaky\"", InboxQuery.all(), true))).isEmpty();
        InboxStore narrow = new InboxStore(f.db, f.clock, f.changes::addAll, 2);
        List<SearchHit> two = narrow.search("\"flaky test\"", InboxQuery.all(), true);
        assertThat(ids(two)).containsExactlyElementsOf(bm25Order("\"flaky test\"", List.of("c8", "c6")));
        assertThat(two.get(0).ranking()).isEqualTo(new SearchHit.Ranking(true, 2));
    }

    @Test
    void theWindowIsTakenAfterTheFilters() {
        store.store(B, List.of(input("b1", "Build", "build", null)));
        List<SearchHit> hits = store.search("build", InboxQuery.all().withPlugin(B), true);
        assertThat(ids(hits)).containsExactly("b1");
        assertThat(hits.get(0).ranking()).isEqualTo(new SearchHit.Ranking(false, 1));
        // plugin A: its own newest four, b1 (newer) does not take a place in the window
        assertThat(ids(store.search("build", InboxQuery.all().withPlugin(A), true)))
                .containsExactlyInAnyOrder("c8", "c7", "c6", "c4");
    }

    @Test
    void pagingStaysWithinTheWindow() {
        List<String> all = ids(store.search("build", InboxQuery.all(), true));
        assertThat(ids(store.search("build", InboxQuery.all().withPage(2, 1), true)))
                .containsExactlyElementsOf(all.subList(1, 3));
        assertThat(store.search("build", InboxQuery.all().withPage(5, 4), true)).isEmpty();
    }

    @Test
    void severalPhrasesWithoutBoundAreRankedByFts5Itself() {
        InboxStore wide = new InboxStore(f.db, f.clock, f.changes::addAll, 100);
        List<SearchHit> hits = wide.search("build OR zephyr", InboxQuery.all(), true);
        assertThat(ids(hits)).containsExactlyElementsOf(bm25Order("build OR zephyr", null));
        double fts5Rank = f.db.read(h -> h.queryOne("SELECT rank FROM inbox_items_fts WHERE inbox_items_fts MATCH ?"
                + " ORDER BY rank LIMIT 1", r -> r.getDouble(1), "build OR zephyr")).orElseThrow();
        assertThat(hits.get(0).rank()).isEqualTo(fts5Rank);
        assertThat(hits.get(0).ranking()).isEqualTo(new SearchHit.Ranking(false, 9));
        // bounded, they are ranked among the newest too
        List<SearchHit> bounded = store.search("build OR zephyr", InboxQuery.all(), true);
        assertThat(ids(bounded)).containsExactlyInAnyOrder("c8", "c7", "c6", "c5");
        assertThat(bounded.get(0).ranking().bounded()).isTrue();
    }

    @Test
    void theSinglePhraseShapes() {
        assertThat(InboxStore.SINGLE_PHRASE.matcher("build").matches()).isTrue();
        assertThat(InboxStore.SINGLE_PHRASE.matcher(" bui* ").matches()).isTrue();
        assertThat(InboxStore.SINGLE_PHRASE.matcher("\"flaky test\"").matches()).isTrue();
        assertThat(InboxStore.SINGLE_PHRASE.matcher("title: build").matches()).isTrue();
        assertThat(InboxStore.SINGLE_PHRASE.matcher("build green").matches()).isFalse();
        assertThat(InboxStore.SINGLE_PHRASE.matcher("build OR x").matches()).isFalse();
        assertThat(InboxStore.SINGLE_PHRASE.matcher("\"a\" \"b\"").matches()).isFalse();
    }

    @Test
    void varintsAndLengths() {
        assertThat(InboxStore.tokens(new byte[] {2, 5, 1})).isEqualTo(8);
        assertThat(InboxStore.tokens(new byte[] {(byte) 0x81, 0x00})).isEqualTo(128);
        assertThat(InboxStore.averageLength(new byte[] {4, 8, 12})).isEqualTo(5.0);
        assertThat(InboxStore.averageLength(null)).isEqualTo(1.0);
    }
}
