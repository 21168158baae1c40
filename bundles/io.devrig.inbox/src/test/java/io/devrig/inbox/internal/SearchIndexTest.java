package io.devrig.inbox.internal;

import static io.devrig.inbox.internal.Fixture.A;
import static io.devrig.inbox.internal.Fixture.B;
import static org.assertj.core.api.Assertions.assertThat;

import io.devrig.api.inbox.InboxItemInput;
import io.devrig.api.inbox.InboxQuery;
import io.devrig.store.internal.SqliteDatabase;
import io.devrig.store.testing.TestDatabases;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The full-text index kept in batches (migration 10): items are noted when written, the notes
 * applied many at a time, by the {@link SearchIndexer} shortly after and by every search
 * first. Whatever happened to an item between two indexings, the index ends exactly as
 * FTS5's own integrity check wants it.
 */
class SearchIndexTest {

    @TempDir
    Path dir;
    Fixture f;
    InboxStore store;

    @BeforeEach
    void setUp() {
        f = new Fixture(dir);
        store = f.store;
    }

    @AfterEach
    void tearDown() {
        f.close();
    }

    static InboxItemInput item(String id, String title) {
        return new InboxItemInput(id, "notification", title, "body of " + id, null, null, null, null, null, null);
    }

    List<String> found(String text, boolean ranked) {
        return store.search(text, InboxQuery.all().withPage(500, 0), ranked).stream()
                .map(h -> h.item().externalId()).sorted().toList();
    }

    void integrityCheck() {
        f.db.write(h -> h.update("INSERT INTO inbox_items_fts(inbox_items_fts, rank) VALUES ('integrity-check', 1)"));
    }

    long indexedDocuments() {
        return f.db.read(h -> h.queryLong("SELECT count(*) FROM inbox_items_fts_docsize")).orElseThrow();
    }

    @Test
    void anItemIsFoundByTheFirstSearchAfterItsStoreReturnsRankedOrNot() {
        store.store(A, List.of(item("1", "scheduler drifts")));
        assertThat(store.hasUnindexedChanges()).isTrue();
        assertThat(indexedDocuments()).as("not indexed by the store itself").isZero();
        assertThat(found("scheduler", true)).containsExactly("1");
        assertThat(store.hasUnindexedChanges()).isFalse();

        store.store(A, List.of(item("2", "scheduler again")));
        assertThat(found("scheduler", false)).containsExactly("1", "2");
    }

    @Test
    void everythingThatHappensBetweenTwoIndexingsEndsInAConsistentIndex() {
        Random random = new Random(7);
        List<String> words = List.of("alpha", "bravo", "charlie", "delta", "echo", "foxtrot");
        String[] titles = new String[200];
        for (int round = 0; round < 6; round++) {
            List<InboxItemInput> batch = new ArrayList<>();
            for (int i = 0; i < titles.length; i++) {
                if (round == 0 || random.nextInt(3) == 0) {
                    titles[i] = words.get(random.nextInt(words.size())) + " " + words.get(random.nextInt(words.size()))
                            + " item" + i;
                    batch.add(item(Integer.toString(i), titles[i]));
                }
            }
            store.store(A, batch);
            if (round == 2) {
                store.indexChanges(); // some rounds land on indexed items, others on noted ones
            }
        }
        store.store(B, List.of(item("b1", "alpha from b"), item("b2", "bravo from b")));
        store.indexChanges();
        store.store(B, List.of(item("b1", "zulu from b")));
        store.purge(B); // deleted after a change that was never indexed
        store.store(B, List.of(item("b3", "yankee"))); // may reuse a purged rowid

        assertThat(store.indexChanges()).isPositive();
        assertThat(store.hasUnindexedChanges()).isFalse();
        integrityCheck();
        assertThat(indexedDocuments()).isEqualTo(titles.length + 1);
        for (String word : words) {
            List<String> expected = new ArrayList<>();
            for (int i = 0; i < titles.length; i++) {
                if (titles[i].contains(word)) {
                    expected.add(Integer.toString(i));
                }
            }
            assertThat(found(word, false)).as(word).containsExactlyInAnyOrderElementsOf(expected);
            assertThat(store.search(word, InboxQuery.all().withPage(500, 0), false)).as("purged items are not found")
                    .extracting(h -> h.item().pluginId()).containsOnly(A);
        }
        assertThat(found("zulu", false)).isEmpty();
        assertThat(found("yankee", false)).containsExactly("b3");
    }

    @Test
    void indexingAppliesABatchATransaction() {
        SqliteDatabase db = f.db;
        for (int i = 0; i < 3; i++) {
            List<InboxItemInput> batch = new ArrayList<>();
            for (int j = 0; j < 400; j++) {
                batch.add(item(i + "-" + j, "common words " + i));
            }
            store.store(A, batch);
        }
        long before = db.commits();
        assertThat(store.indexChanges()).isEqualTo(1200);
        assertThat(db.commits() - before).as("1,200 notes in batches of " + InboxStore.INDEX_BATCH)
                .isEqualTo((1200 + InboxStore.INDEX_BATCH - 1) / InboxStore.INDEX_BATCH);
        assertThat(indexedDocuments()).isEqualTo(1200);
        assertThat(store.indexChanges()).as("nothing left").isZero();
        integrityCheck();
    }

    @Test
    void indexingWalksTheNotesNotTheItems() {
        List<InboxItemInput> many = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            many.add(item("old-" + i, "old item " + i));
        }
        store.store(A, many);
        store.indexChanges();
        store.store(A, List.of(item("new", "new item")));
        f.db.write(h -> h.update("ANALYZE"));
        List<String> plan = f.db.read(h -> h.query("EXPLAIN QUERY PLAN " + InboxStore.INDEX_NOTED.substring(
                InboxStore.INDEX_NOTED.indexOf("SELECT")), r -> r.getString(4), Long.MAX_VALUE));
        assertThat(plan).as("the notes are the outer loop; each item found by its rowid").hasSize(2);
        assertThat(plan.get(0)).matches("(SCAN|SEARCH) p\\b.*");
        assertThat(plan.get(1)).isEqualTo("SEARCH i USING INTEGER PRIMARY KEY (rowid=?)");
    }

    @Test
    void theIndexerIndexesChangesShortlyAfterWithoutASearch() throws Exception {
        try (SearchIndexer indexer = new SearchIndexer(store, Duration.ofMillis(20))) {
            store.store(A, List.of(item("1", "first"), item("2", "second")));
            indexer.changed();
            awaitIndexed();
            assertThat(indexedDocuments()).isEqualTo(2);
            store.store(A, List.of(item("1", "changed")));
            indexer.changed();
            awaitIndexed();
            integrityCheck();
        }
    }

    @Test
    void notesAStoppedServerLeftAreIndexedWhenTheIndexerStarts() throws Exception {
        store.store(A, List.of(item("1", "left behind")));
        f.db.close();
        SqliteDatabase reopened = TestDatabases.open(dir, f.clock);
        try {
            store = new InboxStore(reopened, f.clock, null);
            assertThat(store.hasUnindexedChanges()).isTrue();
            try (SearchIndexer indexer = new SearchIndexer(store, Duration.ofHours(1))) {
                awaitIndexed();
            }
            assertThat(reopened.read(h -> h.queryLong("SELECT count(*) FROM inbox_items_fts WHERE inbox_items_fts"
                    + " MATCH 'behind'")).orElseThrow()).isEqualTo(1);
        } finally {
            reopened.close();
        }
    }

    private void awaitIndexed() throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (store.hasUnindexedChanges()) {
            assertThat(System.nanoTime()).as("indexed within 10 s").isLessThan(until);
            Thread.sleep(5);
        }
    }
}
