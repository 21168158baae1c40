package io.devrig.inbox.internal;

import static io.devrig.inbox.internal.Fixture.A;
import static io.devrig.inbox.internal.Fixture.B;
import static io.devrig.inbox.internal.Fixture.item;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.devrig.api.error.DevRigException;
import io.devrig.api.error.ErrorCodes;
import io.devrig.api.inbox.InboxEvents;
import io.devrig.api.inbox.InboxItem;
import io.devrig.api.inbox.InboxItemInput;
import io.devrig.api.inbox.InboxQuery;
import io.devrig.api.inbox.InboxQuery.Order;
import io.devrig.api.inbox.InboxStats;
import io.devrig.api.inbox.InboxStatus;
import io.devrig.api.inbox.Priority;
import io.devrig.api.inbox.StoreResult;
import io.devrig.store.testing.TestDatabases;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InboxStoreTest {

    @TempDir
    Path dir;
    Fixture f;
    InboxStore store;

    @BeforeEach
    void open() {
        f = new Fixture(dir);
        store = f.store;
    }

    @AfterEach
    void close() {
        f.close();
    }

    private List<String> titles(InboxQuery q) {
        return store.list(q, null).stream().map(InboxItem::title).toList();
    }

    // ------------------------------------------------------------ upsert

    @Test
    void upsertCountsNewChangedAndUnchanged() {
        StoreResult first = store.store(A, List.of(item("1", "one"), item("2", "two"), item("3", "three")));
        assertThat(first).isEqualTo(new StoreResult(3, 0, 0, List.of()));

        f.clock.advance(Duration.ofMinutes(5));
        StoreResult second = store.store(A, List.of(item("1", "one"), item("2", "two, edited"), item("4", "four")));
        assertThat(second.created()).isEqualTo(1);
        assertThat(second.updated()).isEqualTo(1);
        assertThat(second.unchanged()).isEqualTo(1);
        assertThat(second.failures()).isEmpty();
        assertThat(store.count(InboxQuery.all(), null)).isEqualTo(4);
    }

    @Test
    void anUnchangedItemKeepsItsUpdatedAtAndAChangedOneMovesIt() {
        store.store(A, List.of(item("1", "one"), item("2", "two")));
        String createdAt = store.get(f.idOf(A, "1")).orElseThrow().updatedAt();
        f.clock.advance(Duration.ofHours(1));
        store.store(A, List.of(item("1", "one"), item("2", "two!")));

        InboxItem unchanged = store.get(f.idOf(A, "1")).orElseThrow();
        InboxItem changed = store.get(f.idOf(A, "2")).orElseThrow();
        assertThat(unchanged.updatedAt()).isEqualTo(createdAt).isEqualTo("2026-11-23T08:00:00.000Z");
        assertThat(changed.updatedAt()).isEqualTo("2026-11-23T09:00:00.000Z");
        assertThat(changed.createdAt()).isEqualTo("2026-11-23T08:00:00.000Z");
        assertThat(changed.title()).isEqualTo("two!");
    }

    @Test
    void everyContentFieldCountsAsAChange() {
        InboxItemInput base = new InboxItemInput("x", "pr", "t", "b", "p", "https://a.example/1", Priority.LOW, false,
                Map.of("k", 1), "2026-01-01T00:00:00Z");
        store.store(A, List.of(base));
        List<InboxItemInput> variants = List.of(
                new InboxItemInput("x", "issue", "t", "b", "p", "https://a.example/1", Priority.LOW, false, Map.of("k", 1), "2026-01-01T00:00:00Z"),
                new InboxItemInput("x", "issue", "t2", "b", "p", "https://a.example/1", Priority.LOW, false, Map.of("k", 1), "2026-01-01T00:00:00Z"),
                new InboxItemInput("x", "issue", "t2", "b2", "p", "https://a.example/1", Priority.LOW, false, Map.of("k", 1), "2026-01-01T00:00:00Z"),
                new InboxItemInput("x", "issue", "t2", "b2", "p2", "https://a.example/1", Priority.LOW, false, Map.of("k", 1), "2026-01-01T00:00:00Z"),
                new InboxItemInput("x", "issue", "t2", "b2", "p2", "https://a.example/2", Priority.LOW, false, Map.of("k", 1), "2026-01-01T00:00:00Z"),
                new InboxItemInput("x", "issue", "t2", "b2", "p2", "https://a.example/2", Priority.HIGH, false, Map.of("k", 1), "2026-01-01T00:00:00Z"),
                new InboxItemInput("x", "issue", "t2", "b2", "p2", "https://a.example/2", Priority.HIGH, true, Map.of("k", 1), "2026-01-01T00:00:00Z"),
                new InboxItemInput("x", "issue", "t2", "b2", "p2", "https://a.example/2", Priority.HIGH, true, Map.of("k", 2), "2026-01-01T00:00:00Z"),
                new InboxItemInput("x", "issue", "t2", "b2", "p2", "https://a.example/2", Priority.HIGH, true, Map.of("k", 2), "2026-01-02T00:00:00Z"));
        for (InboxItemInput v : variants) {
            assertThat(store.store(A, List.of(v)).updated()).as(v.toString()).isEqualTo(1);
            assertThat(store.store(A, List.of(v)).unchanged()).as(v.toString()).isEqualTo(1);
        }
        InboxItem stored = store.get(f.idOf(A, "x")).orElseThrow();
        assertThat(stored.type()).isEqualTo("issue");
        assertThat(stored.priority()).isEqualTo(Priority.HIGH);
        assertThat(stored.actionable()).isTrue();
        assertThat(stored.metadata()).isEqualTo(Map.of("k", 2));
        assertThat(stored.externalCreatedAt()).isEqualTo("2026-01-02T00:00:00.000Z");
        assertThat(stored.sourceUrl()).isEqualTo("https://a.example/2");
    }

    @Test
    void metadataKeyOrderIsNotAChange() {
        Map<String, Object> one = new java.util.LinkedHashMap<>();
        one.put("a", 1);
        one.put("b", Map.of("y", 2, "x", 1));
        Map<String, Object> two = new java.util.LinkedHashMap<>();
        two.put("b", new java.util.TreeMap<>(Map.of("x", 1, "y", 2)));
        two.put("a", 1);
        store.store(A, List.of(Fixture.withMetadata("m", "t", one)));
        assertThat(store.store(A, List.of(Fixture.withMetadata("m", "t", two))).unchanged()).isEqualTo(1);
    }

    @Test
    void sameExternalIdInTwoPluginsIsTwoItems() {
        store.store(A, List.of(item("1", "from a")));
        assertThat(store.store(B, List.of(item("1", "from b"))).created()).isEqualTo(1);
        assertThat(store.get(f.idOf(A, "1")).orElseThrow().title()).isEqualTo("from a");
        assertThat(store.get(f.idOf(B, "1")).orElseThrow().title()).isEqualTo("from b");
        assertThat(store.get(f.idOf(B, "1")).orElseThrow().pluginId()).isEqualTo(B);
    }

    @Test
    void aBadItemInABatchDoesNotLoseTheGoodOnes() {
        List<InboxItemInput> batch = Arrays.asList(
                item("ok-1", "fine"),
                item("bad-title", ""),
                new InboxItemInput("bad-preview", "n", "t", null, "p".repeat(281), null, null, null, null, null),
                null,
                item("ok-2", "also fine"),
                new InboxItemInput("bad-url", "n", "t", null, null, "javascript:alert(1)", null, null, null, null),
                new InboxItemInput("x".repeat(501), "n", "t", null, null, null, null, null, null, null));
        StoreResult r = store.store(A, batch);
        assertThat(r.created()).isEqualTo(2);
        assertThat(r.failures()).extracting(StoreResult.ItemFailure::index).containsExactly(1, 2, 3, 5, 6);
        assertThat(r.failures().get(0)).isEqualTo(new StoreResult.ItemFailure(1, "bad-title", "title: required"));
        assertThat(r.failures().get(1).message()).isEqualTo("preview: at most 280 characters, got 281");
        assertThat(r.failures().get(2)).isEqualTo(new StoreResult.ItemFailure(3, null, "item: must not be null"));
        assertThat(r.failures().get(3).message()).isEqualTo("sourceUrl: must be an absolute http or https URL");
        assertThat(r.failures().get(4).message()).isEqualTo("externalId: at most 500 characters, got 501");
        assertThat(r.failures().get(4).externalId()).hasSizeLessThan(50);
        assertThat(titles(InboxQuery.all())).containsExactlyInAnyOrder("fine", "also fine");
    }

    @Test
    void aBatchOfOnlyBadItemsWritesNothing() {
        StoreResult r = store.store(A, List.of(item("a", " ")));
        assertThat(r).isEqualTo(new StoreResult(0, 0, 0, List.of(new StoreResult.ItemFailure(0, "a", "title: required"))));
        assertThat(store.count(InboxQuery.all(), null)).isZero();
    }

    @Test
    void batchSizeIsBounded() {
        List<InboxItemInput> many = new ArrayList<>();
        for (int i = 0; i < 1001; i++) {
            many.add(item("i" + i, "t"));
        }
        assertThatThrownBy(() -> store.store(A, many)).isInstanceOf(DevRigException.class)
                .hasMessageContaining("items: at most 1000 per call, got 1001")
                .extracting(e -> ((DevRigException) e).code()).isEqualTo(ErrorCodes.INVALID_INPUT);
        assertThatThrownBy(() -> store.store(A, null)).hasMessageContaining("items: required");
        assertThat(store.count(InboxQuery.all(), null)).isZero();
    }

    @Test
    void anArchivedItemWithNewActivityComesBackUnread() {
        store.store(A, List.of(item("1", "PR #1"), item("2", "PR #2")));
        String one = f.idOf(A, "1");
        String two = f.idOf(A, "2");
        store.archive(List.of(one, two));
        f.changes.clear();

        StoreResult same = store.store(A, List.of(item("1", "PR #1")));
        assertThat(same.unchanged()).isEqualTo(1);
        assertThat(f.rawStatus(one)).isEqualTo("archived"); // no new activity: stays archived

        StoreResult r = store.store(A, List.of(item("1", "PR #1 (new comment)")));
        assertThat(r.updated()).isEqualTo(1);
        assertThat(store.get(one).orElseThrow().status()).isEqualTo(InboxStatus.UNREAD);
        assertThat(store.get(two).orElseThrow().status()).isEqualTo(InboxStatus.ARCHIVED);
        assertThat(f.changes).containsExactly(new InboxChange(InboxEvents.ITEM_UPDATED, one, A, "1", "notification",
                "unread"));
    }

    @Test
    void newActivityLeavesReadAndSnoozedItemsAsTheyAre() {
        store.store(A, List.of(item("1", "a"), item("2", "b")));
        String one = f.idOf(A, "1");
        String two = f.idOf(A, "2");
        store.markRead(List.of(one), true);
        store.snooze(List.of(two), TestDatabases.START.plus(Duration.ofHours(2)));
        store.store(A, List.of(item("1", "a2"), item("2", "b2")));
        assertThat(f.rawStatus(one)).isEqualTo("read");
        assertThat(f.rawStatus(two)).isEqualTo("snoozed");
    }

    @Test
    void storeReportsCreatedAndUpdatedChanges() {
        store.store(A, List.of(item("1", "a")));
        store.store(A, List.of(item("1", "a"), item("1", "b"), item("2", "c")));
        String one = f.idOf(A, "1");
        assertThat(f.changes).extracting(InboxChange::topic, InboxChange::itemId, InboxChange::externalId)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(InboxEvents.ITEM_CREATED, one, "1"),
                        org.assertj.core.groups.Tuple.tuple(InboxEvents.ITEM_UPDATED, one, "1"),
                        org.assertj.core.groups.Tuple.tuple(InboxEvents.ITEM_CREATED, f.idOf(A, "2"), "2"));
    }

    @Test
    void changesInsideACallersTransactionAreToldAfterItsCommitAndNeverForARollback() {
        // a caller (the flow engine, one day) may store items inside its own transaction
        f.db.write(h -> {
            store.store(A, List.of(item("1", "kept")));
            store.markReadOwn(A, List.of("1"));
            assertThat(f.changes).as("nothing told before the caller's commit").isEmpty();
            return null;
        });
        assertThat(f.changes).extracting(InboxChange::topic)
                .containsExactly(InboxEvents.ITEM_CREATED, InboxEvents.ITEM_UPDATED);

        f.changes.clear();
        assertThatThrownBy(() -> f.db.write(h -> {
            store.store(A, List.of(item("2", "rolled back")));
            throw new IllegalStateException("the caller fails after the store");
        })).hasMessage("the caller fails after the store");
        assertThat(f.changes).as("no event for an item that was never committed").isEmpty();
        assertThat(store.count(InboxQuery.all(), null)).isEqualTo(1);
    }

    @Test
    void itemsOfAPurgedPluginGoWithIt() {
        store.store(A, List.of(item("1", "searchable words"), item("2", "more words")));
        store.store(B, List.of(item("1", "other words")));
        f.changes.clear();
        assertThat(store.purge(A)).isEqualTo(2);
        assertThat(f.changes).as("no events for a purged plugin").isEmpty();
        assertThat(store.count(InboxQuery.all(), null)).isEqualTo(1);
        assertThat(store.stats().byPlugin()).containsOnlyKeys(B);
        assertThat(store.search("words", InboxQuery.all(), true)).extracting(h -> h.item().pluginId()).containsExactly(B);
        // the index is consistent: an integrity check finds nothing wrong
        f.db.write(h -> h.update("INSERT INTO inbox_items_fts(inbox_items_fts, rank) VALUES ('integrity-check', 1)"));
    }

    // ------------------------------------------------------------ filters and order

    private void seedForFilters() {
        store.store(A, List.of(
                item("a1", "pull_request", "A1 urgent pr", null, Priority.URGENT, true),
                item("a2", "issue", "A2 low issue", null, Priority.LOW, false)));
        f.clock.advance(Duration.ofMinutes(1));
        store.store(B, List.of(
                item("b1", "issue", "B1 high issue", null, Priority.HIGH, true),
                item("b2", "ticket", "B2 normal ticket", null, null, false)));
        f.clock.advance(Duration.ofMinutes(1));
        store.store(A, List.of(item("a3", "pull_request", "A3 normal pr", null, Priority.NORMAL, false)));
        f.clock.advance(Duration.ofMinutes(1));
        // touching a1 makes it the most recently updated
        store.store(A, List.of(item("a1", "pull_request", "A1 urgent pr", "now with a body", Priority.URGENT, true)));
    }

    @Test
    void ordersNewestCreatedFirstByDefault() {
        seedForFilters();
        assertThat(titles(InboxQuery.all())).containsExactly("A3 normal pr", "B2 normal ticket", "B1 high issue",
                "A2 low issue", "A1 urgent pr");
    }

    @Test
    void ordersByUpdated() {
        seedForFilters();
        assertThat(titles(InboxQuery.all().withOrder(Order.UPDATED))).containsExactly("A1 urgent pr", "A3 normal pr",
                "B2 normal ticket", "B1 high issue", "A2 low issue");
    }

    @Test
    void ordersByPriorityThenNewest() {
        seedForFilters();
        assertThat(titles(InboxQuery.all().withOrder(Order.PRIORITY))).containsExactly("A1 urgent pr", "B1 high issue",
                "A3 normal pr", "B2 normal ticket", "A2 low issue");
    }

    @Test
    void priorityOrderUsesTheIndexOfMigration4() {
        String plan = f.db.read(h -> String.join(" | ", h.query("EXPLAIN QUERY PLAN SELECT i.id FROM inbox_items i"
                + " WHERE i.status <> 'archived' ORDER BY " + InboxStore.PRIORITY_RANK
                + " DESC, i.created_at DESC, i.rowid DESC LIMIT 50", r -> r.getString(4))));
        assertThat(plan).contains("idx_inbox_priority_rank").doesNotContain("TEMP B-TREE");
    }

    @Test
    void filtersByType() {
        seedForFilters();
        assertThat(titles(InboxQuery.all().withTypes(List.of("issue", "ticket")))).containsExactly("B2 normal ticket",
                "B1 high issue", "A2 low issue");
    }

    @Test
    void filtersByPriority() {
        seedForFilters();
        assertThat(titles(InboxQuery.all().withPriorities(List.of(Priority.URGENT, Priority.LOW))))
                .containsExactly("A2 low issue", "A1 urgent pr");
        assertThat(titles(InboxQuery.all().withPriorities(List.of(Priority.NORMAL))))
                .containsExactly("A3 normal pr", "B2 normal ticket");
    }

    @Test
    void filtersByActionable() {
        seedForFilters();
        assertThat(titles(InboxQuery.all().withActionable(true))).containsExactly("B1 high issue", "A1 urgent pr");
        assertThat(titles(InboxQuery.all().withActionable(false))).containsExactly("A3 normal pr", "B2 normal ticket",
                "A2 low issue");
    }

    @Test
    void filtersByPlugin() {
        seedForFilters();
        assertThat(titles(InboxQuery.all().withPlugin(B))).containsExactly("B2 normal ticket", "B1 high issue");
        assertThat(titles(InboxQuery.all().withPlugin("unknown.plugin"))).isEmpty();
        // a forced plugin wins over the query's
        assertThat(store.list(InboxQuery.all().withPlugin(B), A)).extracting(InboxItem::pluginId).containsOnly(A)
                .hasSize(3);
    }

    @Test
    void filtersByStatusAndHidesArchivedByDefault() {
        seedForFilters();
        store.markRead(List.of(f.idOf(A, "a2")), true);
        store.archive(List.of(f.idOf(B, "b2")));
        store.snooze(List.of(f.idOf(A, "a3")), f.clock.now().plus(Duration.ofHours(1)));

        assertThat(titles(InboxQuery.all())).containsExactly("A3 normal pr", "B1 high issue", "A2 low issue",
                "A1 urgent pr");
        assertThat(titles(InboxQuery.all().withStatuses(List.of(InboxStatus.ARCHIVED)))).containsExactly("B2 normal ticket");
        assertThat(titles(InboxQuery.all().withStatuses(List.of(InboxStatus.READ)))).containsExactly("A2 low issue");
        assertThat(titles(InboxQuery.all().withStatuses(List.of(InboxStatus.SNOOZED)))).containsExactly("A3 normal pr");
        assertThat(titles(InboxQuery.all().withStatuses(List.of(InboxStatus.UNREAD)))).containsExactly("B1 high issue",
                "A1 urgent pr");
        assertThat(titles(InboxQuery.all().withStatuses(List.of(InboxStatus.UNREAD, InboxStatus.ARCHIVED))))
                .containsExactly("B2 normal ticket", "B1 high issue", "A1 urgent pr");
    }

    @Test
    void combinesFilters() {
        seedForFilters();
        InboxQuery q = InboxQuery.all().withPlugin(A).withTypes(List.of("pull_request")).withActionable(false)
                .withPriorities(List.of(Priority.NORMAL, Priority.URGENT)).withStatuses(List.of(InboxStatus.UNREAD));
        assertThat(titles(q)).containsExactly("A3 normal pr");
        assertThat(store.count(q, null)).isEqualTo(1);
    }

    @Test
    void pagesAndCountsIgnoringPaging() {
        seedForFilters();
        assertThat(titles(InboxQuery.all().withPage(2, 0))).containsExactly("A3 normal pr", "B2 normal ticket");
        assertThat(titles(InboxQuery.all().withPage(2, 2))).containsExactly("B1 high issue", "A2 low issue");
        assertThat(titles(InboxQuery.all().withPage(2, 4))).containsExactly("A1 urgent pr");
        assertThat(titles(InboxQuery.all().withPage(2, 6))).isEmpty();
        assertThat(store.count(InboxQuery.all().withPage(2, 2), null)).isEqualTo(5);
        assertThat(store.count(InboxQuery.all().withTypes(List.of("issue")), null)).isEqualTo(2);
    }

    @Test
    void mapsEveryField() {
        store.store(A, List.of(new InboxItemInput("e1", "pull_request", "Title", "Body **md**", "Preview",
                "https://github.com/acme/x/pull/1", Priority.HIGH, true, Map.of("repo", "acme/x", "n", 1,
                        "labels", List.of("bug")), "2026-11-20T10:00:00+01:00")));
        InboxItem i = store.list(InboxQuery.all(), null).get(0);
        assertThat(i.id()).hasSize(26);
        assertThat(i.pluginId()).isEqualTo(A);
        assertThat(i.externalId()).isEqualTo("e1");
        assertThat(i.type()).isEqualTo("pull_request");
        assertThat(i.title()).isEqualTo("Title");
        assertThat(i.body()).isEqualTo("Body **md**");
        assertThat(i.preview()).isEqualTo("Preview");
        assertThat(i.sourceUrl()).isEqualTo("https://github.com/acme/x/pull/1");
        assertThat(i.priority()).isEqualTo(Priority.HIGH);
        assertThat(i.status()).isEqualTo(InboxStatus.UNREAD);
        assertThat(i.actionable()).isTrue();
        assertThat(i.metadata()).isEqualTo(Map.of("repo", "acme/x", "n", 1, "labels", List.of("bug")));
        assertThat(i.snoozedUntil()).isNull();
        assertThat(i.externalCreatedAt()).isEqualTo("2026-11-20T09:00:00.000Z");
        assertThat(i.aiClassification()).isNull();
        assertThat(i.syncedAt()).isEqualTo("2026-11-23T08:00:00.000Z");
        assertThat(i.createdAt()).isEqualTo("2026-11-23T08:00:00.000Z");
        assertThat(store.get(i.id())).contains(i);
        assertThat(store.get("nope")).isEmpty();
        assertThat(store.get(null)).isEmpty();
    }

    // ------------------------------------------------------------ state changes

    @Test
    void marksReadAndUnreadLeavingArchivedAndSnoozedAlone() {
        store.store(A, List.of(item("1", "a"), item("2", "b"), item("3", "c"), item("4", "d")));
        String one = f.idOf(A, "1");
        String three = f.idOf(A, "3");
        String four = f.idOf(A, "4");
        store.archive(List.of(three));
        store.snooze(List.of(four), f.clock.now().plusSeconds(60));
        f.changes.clear();
        f.clock.advance(Duration.ofSeconds(10));

        assertThat(store.markRead(List.of(one, three, four, "unknown"), true)).isEqualTo(1);
        assertThat(store.markRead(List.of(one), true)).isZero(); // already read
        InboxItem read = store.get(one).orElseThrow();
        assertThat(read.status()).isEqualTo(InboxStatus.READ);
        assertThat(read.updatedAt()).isEqualTo("2026-11-23T08:00:10.000Z");
        assertThat(f.rawStatus(three)).isEqualTo("archived");
        assertThat(f.rawStatus(four)).isEqualTo("snoozed");

        assertThat(store.markRead(List.of(one, three, four), false)).isEqualTo(1);
        assertThat(store.get(one).orElseThrow().status()).isEqualTo(InboxStatus.UNREAD);
        assertThat(f.changes).extracting(InboxChange::topic, InboxChange::status).containsExactly(
                org.assertj.core.groups.Tuple.tuple(InboxEvents.ITEM_UPDATED, "read"),
                org.assertj.core.groups.Tuple.tuple(InboxEvents.ITEM_UPDATED, "unread"));
    }

    @Test
    void archivesAndUnarchives() {
        store.store(A, List.of(item("1", "a"), item("2", "b")));
        String one = f.idOf(A, "1");
        f.changes.clear();
        assertThat(store.archive(List.of(one, one))).isEqualTo(1);
        assertThat(store.archive(List.of(one))).isZero();
        assertThat(store.get(one).orElseThrow().status()).isEqualTo(InboxStatus.ARCHIVED);
        assertThat(titles(InboxQuery.all())).containsExactly("b");
        assertThat(store.unarchive(List.of(one, f.idOf(A, "2")))).isEqualTo(1);
        assertThat(store.get(one).orElseThrow().status()).isEqualTo(InboxStatus.READ);
        assertThat(f.changes).extracting(InboxChange::topic).containsExactly(InboxEvents.ITEM_ARCHIVED,
                InboxEvents.ITEM_UPDATED);
    }

    @Test
    void snoozesAndUnsnoozes() {
        store.store(A, List.of(item("1", "a"), item("2", "b")));
        String one = f.idOf(A, "1");
        Instant until = f.clock.now().plus(Duration.ofHours(3));
        assertThat(store.snooze(List.of(one), until)).isEqualTo(1);
        InboxItem snoozed = store.get(one).orElseThrow();
        assertThat(snoozed.status()).isEqualTo(InboxStatus.SNOOZED);
        assertThat(snoozed.snoozedUntil()).isEqualTo("2026-11-23T11:00:00.000Z");
        assertThat(titles(InboxQuery.all().withStatuses(List.of(InboxStatus.UNREAD)))).containsExactly("b");
        assertThat(store.nextSnoozeDue()).contains(until);

        assertThat(store.unsnooze(List.of(one, f.idOf(A, "2")))).isEqualTo(1);
        InboxItem back = store.get(one).orElseThrow();
        assertThat(back.status()).isEqualTo(InboxStatus.UNREAD);
        assertThat(back.snoozedUntil()).isNull();
        assertThat(store.nextSnoozeDue()).isEmpty();
    }

    @Test
    void snoozeRefusesPastAndFarTimesAndArchivedItems() {
        store.store(A, List.of(item("1", "a")));
        String one = f.idOf(A, "1");
        assertThatThrownBy(() -> store.snooze(List.of(one), f.clock.now())).hasMessageContaining("until: must be in the future");
        assertThatThrownBy(() -> store.snooze(List.of(one), f.clock.now().plus(Duration.ofDays(4000))))
                .hasMessageContaining("until: at most 3660 days ahead");
        assertThatThrownBy(() -> store.snooze(List.of(one), null)).hasMessageContaining("until: required");
        store.archive(List.of(one));
        assertThat(store.snooze(List.of(one), f.clock.now().plusSeconds(5))).isZero();
    }

    @Test
    void anExpiredSnoozeReadsAsUnreadOnEveryPathBeforeAnyTimerRuns() {
        store.store(A, List.of(item("1", "snoozy words"), item("2", "other")));
        String one = f.idOf(A, "1");
        store.snooze(List.of(one), f.clock.now().plus(Duration.ofMinutes(30)));
        assertThat(store.stats().unread()).isEqualTo(1);
        f.clock.advance(Duration.ofMinutes(31));

        assertThat(f.rawStatus(one)).isEqualTo("snoozed"); // nothing flipped it yet
        InboxItem item = store.get(one).orElseThrow();
        assertThat(item.status()).isEqualTo(InboxStatus.UNREAD);
        assertThat(item.snoozedUntil()).isNull();
        assertThat(titles(InboxQuery.all().withStatuses(List.of(InboxStatus.UNREAD)))).containsExactly("other",
                "snoozy words");
        assertThat(titles(InboxQuery.all().withStatuses(List.of(InboxStatus.SNOOZED)))).isEmpty();
        assertThat(store.count(InboxQuery.all().withStatuses(List.of(InboxStatus.UNREAD)), null)).isEqualTo(2);
        assertThat(store.stats().unread()).isEqualTo(2);
        assertThat(store.search("snoozy", InboxQuery.all().withStatuses(List.of(InboxStatus.UNREAD)), true))
                .extracting(h -> h.item().status()).containsExactly(InboxStatus.UNREAD);
        // and it can be marked read like any unread item
        assertThat(store.markRead(List.of(one), true)).isEqualTo(1);
        assertThat(f.rawStatus(one)).isEqualTo("read");
    }

    @Test
    void wakeDueBringsBackOnlyDueItems() {
        store.store(A, List.of(item("1", "a"), item("2", "b")));
        String one = f.idOf(A, "1");
        String two = f.idOf(A, "2");
        store.snooze(List.of(one), f.clock.now().plus(Duration.ofMinutes(10)));
        store.snooze(List.of(two), f.clock.now().plus(Duration.ofMinutes(20)));
        f.changes.clear();
        f.clock.advance(Duration.ofMinutes(15));
        assertThat(store.wakeDue()).isEqualTo(1);
        assertThat(f.rawStatus(one)).isEqualTo("unread");
        assertThat(f.rawStatus(two)).isEqualTo("snoozed");
        assertThat(f.changes).containsExactly(new InboxChange(InboxEvents.ITEM_UPDATED, one, A, "1", "notification",
                "unread"));
        assertThat(store.nextSnoozeDue()).contains(TestDatabases.START.plus(Duration.ofMinutes(20)));
    }

    @Test
    void idListsAreValidated() {
        assertThatThrownBy(() -> store.markRead(null, true)).hasMessageContaining("ids: required");
        assertThatThrownBy(() -> store.archive(java.util.Collections.nCopies(1001, "x")))
                .hasMessageContaining("ids: at most 1000 per call, got 1001");
        assertThat(store.unarchive(Arrays.asList((String) null))).isZero();
    }

    // ------------------------------------------------------------ stats

    @Test
    void statsCountUnreadActionablePerPluginPerPriorityAndLastDay() {
        store.store(A, List.of(
                item("a1", "pr", "a1", null, Priority.URGENT, true),
                item("a2", "pr", "a2", null, Priority.LOW, false)));
        f.clock.advance(Duration.ofHours(25));
        store.store(B, List.of(
                item("b1", "issue", "b1", null, Priority.HIGH, true),
                item("b2", "issue", "b2", null, null, true),
                item("b3", "issue", "b3", null, null, false)));
        store.markRead(List.of(f.idOf(A, "a2")), true);
        store.archive(List.of(f.idOf(B, "b2")));

        InboxStats s = store.stats();
        assertThat(s.unread()).isEqualTo(3); // a1, b1, b3
        assertThat(s.actionable()).isEqualTo(2); // a1, b1 (b2 archived)
        assertThat(s.byPlugin()).isEqualTo(Map.of(A, 2, B, 2));
        assertThat(s.byPriority()).containsExactly(Map.entry("urgent", 1), Map.entry("high", 1), Map.entry("normal", 1),
                Map.entry("low", 1));
        assertThat(s.last24h()).isEqualTo(2); // b1, b3

        f.db.write(h -> h.update("DELETE FROM inbox_items"));
        InboxStats empty = store.stats();
        assertThat(empty).isEqualTo(new InboxStats(0, 0, Map.of(), Map.of("urgent", 0, "high", 0, "normal", 0, "low", 0), 0));
    }

    @Test
    void statsReadCoveringIndexesNotTheRows() {
        for (String sql : List.of(
                "SELECT count(*) FROM inbox_items WHERE status = 'unread' OR (status = 'snoozed' AND snoozed_until <= 'x')",
                "SELECT count(*) FROM inbox_items WHERE is_actionable = 1 AND status <> 'archived'",
                "SELECT count(*) FROM inbox_items WHERE created_at >= 'x' AND status <> 'archived'",
                "SELECT plugin_id, count(*) FROM inbox_items WHERE status <> 'archived' GROUP BY plugin_id",
                "SELECT coalesce(priority, 'normal'), count(*) FROM inbox_items WHERE status <> 'archived' GROUP BY priority")) {
            String plan = f.db.read(h -> String.join(" | ", h.query("EXPLAIN QUERY PLAN " + sql, r -> r.getString(4))));
            assertThat(plan).as(sql).contains("COVERING INDEX").doesNotContain("TEMP B-TREE");
        }
    }
}
