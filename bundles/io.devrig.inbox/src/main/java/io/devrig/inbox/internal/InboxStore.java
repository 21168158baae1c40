package io.devrig.inbox.internal;

import io.devrig.api.error.DevRigException;
import io.devrig.api.error.ErrorCategory;
import io.devrig.api.error.ErrorCodes;
import io.devrig.api.id.UlidGenerator;
import io.devrig.api.inbox.InboxEvents;
import io.devrig.api.inbox.InboxItem;
import io.devrig.api.inbox.InboxItemInput;
import io.devrig.api.inbox.InboxQuery;
import io.devrig.api.inbox.InboxStats;
import io.devrig.api.inbox.InboxStatus;
import io.devrig.api.inbox.Priority;
import io.devrig.api.inbox.SearchHit;
import io.devrig.api.inbox.StoreResult;
import io.devrig.api.store.Database;
import io.devrig.api.store.SqlHandle;
import io.devrig.api.store.SqlWork;
import io.devrig.api.time.DevRigClock;
import io.devrig.common.json.Json;
import java.security.SecureRandom;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The inbox on {@link Database}: the {@code inbox_items} rows and their FTS5 index.
 *
 * <p>Items belong to a plugin by {@code plugin_id}, the plugin's id: its name, the bundle
 * symbolic name, as everywhere in the API (migration 6). The inbox reads no other bundle's
 * table; a purge of the plugin deletes its items through {@link #purge(String)}. A snoozed
 * item whose time has passed reads as unread everywhere, whether
 * or not the {@link SnoozeWaker} has flipped it yet. Every SQL text is a constant (or one
 * of a few shapes per filter combination), so the store's statement cache reuses it.
 * Committed changes go to the listener, after the commit.
 */
public final class InboxStore {

    /** Status as readers see it: a snooze that has run out is unread. Binds now. */
    static final String STATUS_NOW = "(CASE WHEN i.status = 'snoozed' AND i.snoozed_until <= ? THEN 'unread'"
            + " ELSE i.status END)";
    /** Matches the expression of index idx_inbox_priority_rank (migration 4), most urgent highest. */
    static final String PRIORITY_RANK =
            "(CASE i.priority WHEN 'urgent' THEN 3 WHEN 'high' THEN 2 WHEN 'normal' THEN 1 ELSE 0 END)";
    /** The InboxItem columns; binds now twice. */
    static final String ITEM_COLUMNS = "i.id, i.plugin_id, i.external_id, i.type, i.title, i.body, i.preview, i.source_url,"
            + " i.priority, " + STATUS_NOW + ", i.is_actionable, i.metadata,"
            + " CASE WHEN i.status = 'snoozed' AND i.snoozed_until > ? THEN i.snoozed_until END,"
            + " i.external_created_at, i.ai_classification, i.ai_summary, i.ai_draft, i.synced_at, i.created_at,"
            + " i.updated_at";
    static final String ITEM_FROM = " FROM inbox_items i";
    /** What a state change returns, for its event. */
    static final String RETURNING_CHANGE = " RETURNING id, plugin_id, external_id, type, status";

    static final String UPSERT = "INSERT INTO inbox_items(id, plugin_id, external_id, type, title, body, preview,"
            + " source_url, priority, status, metadata, is_actionable, external_created_at, content_hash, synced_at,"
            + " created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,'unread',?,?,?,?,?,?,?)"
            + " ON CONFLICT(plugin_id, external_id) DO UPDATE SET type = excluded.type, title = excluded.title,"
            + " body = excluded.body, preview = excluded.preview, source_url = excluded.source_url,"
            + " priority = excluded.priority, metadata = excluded.metadata, is_actionable = excluded.is_actionable,"
            + " external_created_at = excluded.external_created_at, content_hash = excluded.content_hash,"
            + " synced_at = excluded.synced_at, updated_at = excluded.updated_at,"
            // new activity brings an archived item back to the inbox
            + " status = CASE WHEN inbox_items.status = 'archived' THEN 'unread' ELSE inbox_items.status END,"
            + " snoozed_until = CASE WHEN inbox_items.status = 'archived' THEN NULL ELSE inbox_items.snoozed_until END"
            // an unchanged re-store does not touch the row (nor updated_at, nor the FTS index)
            + " WHERE inbox_items.content_hash IS NOT excluded.content_hash"
            + " RETURNING id, status";

    private static final String IDS = " id IN (SELECT value FROM json_each(?))";
    private static final String OWN_IDS = " plugin_id = ? AND external_id IN (SELECT value FROM json_each(?))";
    private static final String EXPIRED = "(status = 'snoozed' AND snoozed_until <= ?)";
    private static final Pattern FTS_REASON = Pattern.compile("\\((fts5: [^)]{1,120}|no such column: [^)]{1,60})\\)");
    static final int MAX_SEARCH_TEXT = 1000;
    /** Ranked search ranks at most this many newest matches (see {@code ranked}). */
    public static final int DEFAULT_RANK_WINDOW = 2_000;
    /** A snooze longer than this is refused (and a typo in a year caught). */
    static final Duration MAX_SNOOZE = Duration.ofDays(3660);

    private final Database db;
    private final DevRigClock clock;
    private final UlidGenerator ids;
    private final Consumer<List<InboxChange>> listener;
    private final int rankWindow;

    public InboxStore(Database db, DevRigClock clock, Consumer<List<InboxChange>> listener) {
        this(db, clock, listener, DEFAULT_RANK_WINDOW);
    }

    /** {@code rankWindow}: ranked search ranks at most this many newest matches (see {@link #search}). */
    public InboxStore(Database db, DevRigClock clock, Consumer<List<InboxChange>> listener, int rankWindow) {
        if (rankWindow < 1) {
            throw new IllegalArgumentException("rankWindow: at least 1, got " + rankWindow);
        }
        this.rankWindow = rankWindow;
        this.db = Objects.requireNonNull(db, "db");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.ids = new UlidGenerator(clock, new SecureRandom());
        this.listener = listener == null ? changes -> { } : listener;
    }

    DevRigClock clock() {
        return clock;
    }

    // ---------------------------------------------------------------- data source side

    /** Upserts a plugin's batch in one transaction; refused items are reported, the rest stored. */
    public StoreResult store(String pluginName, List<InboxItemInput> items) {
        if (items == null) {
            throw invalid("items: required (a list of items)");
        }
        if (items.size() > ItemValidator.MAX_BATCH) {
            throw invalid("items: at most " + ItemValidator.MAX_BATCH + " per call, got " + items.size());
        }
        List<StoreResult.ItemFailure> failures = new ArrayList<>();
        List<ValidItem> valid = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            InboxItemInput in = items.get(i);
            try {
                valid.add(ItemValidator.validate(in));
            } catch (ItemException e) {
                String externalId = in == null ? null : in.externalId();
                if (externalId != null && externalId.length() > ItemValidator.MAX_EXTERNAL_ID) {
                    externalId = externalId.substring(0, 40) + "…"; // never echo a huge value
                }
                failures.add(new StoreResult.ItemFailure(i, externalId, e.getMessage()));
            }
        }
        if (valid.isEmpty()) {
            return new StoreResult(0, 0, 0, failures);
        }
        List<InboxChange> changes = new ArrayList<>();
        int[] counts = db.write(h -> {
            String now = clock.timestamp();
            int created = 0;
            int updated = 0;
            for (ValidItem v : valid) {
                String candidate = ids.nextString();
                Optional<String[]> row = h.queryOne(UPSERT, r -> new String[] {r.getString(1), r.getString(2)},
                        candidate, pluginName, v.externalId(), v.type(), v.title(), v.body(), v.preview(), v.sourceUrl(),
                        v.priority(), v.metadata(), v.actionable(), v.externalCreatedAt(), v.hash(), now, now, now);
                if (row.isEmpty()) {
                    continue; // unchanged
                }
                boolean isNew = row.get()[0].equals(candidate);
                if (isNew) {
                    created++;
                } else {
                    updated++;
                }
                changes.add(new InboxChange(isNew ? InboxEvents.ITEM_CREATED : InboxEvents.ITEM_UPDATED, row.get()[0],
                        pluginName, v.externalId(), v.type(), row.get()[1]));
            }
            afterCommit(h, changes);
            return new int[] {created, updated};
        });
        return new StoreResult(counts[0], counts[1], valid.size() - counts[0] - counts[1], failures);
    }

    /** Marks a plugin's items (by external id) read. */
    public int markReadOwn(String pluginName, List<String> externalIds) {
        List<String> list = idList("externalIds", externalIds);
        return changeOwn(pluginName, list, "UPDATE inbox_items SET status = 'read', snoozed_until = NULL,"
                + " updated_at = ? WHERE" + OWN_IDS + " AND (status = 'unread' OR " + EXPIRED + ")" + RETURNING_CHANGE,
                InboxEvents.ITEM_UPDATED);
    }

    /** Archives a plugin's items (by external id). */
    public int archiveOwn(String pluginName, List<String> externalIds) {
        List<String> list = idList("externalIds", externalIds);
        return changeOwn(pluginName, list, "UPDATE inbox_items SET status = 'archived', snoozed_until = NULL,"
                + " updated_at = ? WHERE" + OWN_IDS + " AND status <> 'archived'" + RETURNING_CHANGE,
                InboxEvents.ITEM_ARCHIVED);
    }

    private int changeOwn(String pluginName, List<String> externalIds, String sql, String topic) {
        if (externalIds.isEmpty()) {
            return 0;
        }
        List<InboxChange> changes = writeChanges(h -> {
            String now = clock.timestamp();
            Object[] params = sql.contains(EXPIRED)
                    ? new Object[] {now, pluginName, Json.write(externalIds), now}
                    : new Object[] {now, pluginName, Json.write(externalIds)};
            return h.query(sql, row -> change(row, topic), params);
        });
        return changes.size();
    }

    // ---------------------------------------------------------------- user side

    /** Items matching the query; {@code ownPlugin} non-null restricts to that plugin whatever the query says. */
    public List<InboxItem> list(InboxQuery query, String ownPlugin) {
        Objects.requireNonNull(query, "query");
        String now = clock.timestamp();
        List<Object> params = new ArrayList<>(List.of(now, now));
        StringBuilder sql = new StringBuilder("SELECT ").append(ITEM_COLUMNS).append(ITEM_FROM).append(" WHERE 1");
        filters(sql, params, query, ownPlugin, now);
        sql.append(switch (query.orderBy()) {
            case CREATED -> " ORDER BY i.created_at DESC, i.rowid DESC";
            case UPDATED -> " ORDER BY i.updated_at DESC, i.rowid DESC";
            case PRIORITY -> " ORDER BY " + PRIORITY_RANK + " DESC, i.created_at DESC, i.rowid DESC";
        });
        sql.append(" LIMIT ? OFFSET ?");
        params.add(query.limit());
        params.add(query.offset());
        return db.read(h -> h.query(sql.toString(), InboxStore::item, params.toArray()));
    }

    public int count(InboxQuery query, String ownPlugin) {
        Objects.requireNonNull(query, "query");
        String now = clock.timestamp();
        List<Object> params = new ArrayList<>();
        StringBuilder sql = new StringBuilder("SELECT count(*) FROM inbox_items i WHERE 1");
        filters(sql, params, query, ownPlugin, now);
        return db.read(h -> h.queryLong(sql.toString(), params.toArray()).orElse(0L)).intValue();
    }

    /**
     * Full-text search, best first ({@code ranked}) or in index order (cheaper, for "any 20
     * matches"); filtered and paged by the query. Ranked search ranks at most the newest
     * {@code rankWindow} matches; each hit's {@link SearchHit#ranking()} says whether it did.
     */
    public List<SearchHit> search(String text, InboxQuery filters, boolean ranked) {
        if (text == null || text.isBlank()) {
            throw invalid("search: text required");
        }
        if (text.length() > MAX_SEARCH_TEXT) {
            throw invalid("search: at most " + MAX_SEARCH_TEXT + " characters, got " + text.length());
        }
        InboxQuery q = filters == null ? InboxQuery.all() : filters;
        indexChangesIfAny(); // every committed item is found
        String now = clock.timestamp();
        return ranked ? ranked(text, q, now) : unranked(text, q, now);
    }

    // ---------------------------------------------------------------- full-text index in batches

    /** Most notes applied to the full-text index in one transaction. */
    static final int INDEX_BATCH = 500;

    /** Whether items changed since the full-text index was last brought up to date. */
    public boolean hasUnindexedChanges() {
        return db.read(h -> h.queryLong("SELECT EXISTS(SELECT 1 FROM inbox_fts_pending)").orElse(0L) != 0);
    }

    /** Brings the index up to date if items changed; a search calls it first. */
    void indexChangesIfAny() {
        if (hasUnindexedChanges()) {
            indexChanges();
        }
    }

    /**
     * Applies the notes the triggers of migration 10 left in {@code inbox_fts_pending} to the
     * full-text index, {@value #INDEX_BATCH} items a transaction (FTS5 writes one segment per
     * transaction, so one per item was most of an item's cost): deletes what the index holds for
     * each noted rowid, indexes the item's current text if it still exists, drops the notes.
     *
     * @return how many noted items were applied
     */
    public int indexChanges() {
        int total = 0;
        while (true) {
            int applied = db.write(InboxStore::indexBatch);
            total += applied;
            if (applied < INDEX_BATCH) {
                return total;
            }
        }
    }

    /**
     * Indexes the current text of the noted items up to a rowid. CROSS JOIN keeps the notes the
     * outer loop: with a plain JOIN the planner may walk every item and look each up in the
     * notes (40 ms for 76 notes among 150,000 items, against 0.4 ms).
     */
    static final String INDEX_NOTED = "INSERT INTO inbox_items_fts(rowid, title, body, preview)"
            + " SELECT i.rowid, i.title, i.body, i.preview FROM inbox_fts_pending p"
            + " CROSS JOIN inbox_items i ON i.rowid = p.item_rowid WHERE p.item_rowid <= ?";

    private static int indexBatch(SqlHandle h) throws SQLException {
        Optional<Long> last = h.queryLong("SELECT max(item_rowid) FROM (SELECT item_rowid FROM inbox_fts_pending"
                + " ORDER BY item_rowid LIMIT ?)", INDEX_BATCH);
        if (last.isEmpty()) {
            return 0;
        }
        h.update("INSERT INTO inbox_items_fts(inbox_items_fts, rowid, title, body, preview)"
                + " SELECT 'delete', item_rowid, title, body, preview FROM inbox_fts_pending"
                + " WHERE item_rowid <= ? AND indexed = 1", last.get());
        h.update(INDEX_NOTED, last.get());
        return h.update("DELETE FROM inbox_fts_pending WHERE item_rowid <= ?", last.get());
    }

    /**
     * Unranked: one query; FTS5 yields matches in rowid order and the LIMIT stops it early,
     * so snippets are made for the returned rows only. The hits' rank is 0: reading FTS5's
     * {@code rank} would run bm25, whose IDF walks every match (~50 ms for a common word).
     */
    private List<SearchHit> unranked(String text, InboxQuery q, String now) {
        List<Object> params = new ArrayList<>(List.of(now, now, text));
        StringBuilder sql = new StringBuilder("SELECT ").append(ITEM_COLUMNS)
                .append(", 0.0, snippet(inbox_items_fts, -1, '[', ']', '…', 12)")
                .append(" FROM inbox_items_fts JOIN inbox_items i ON i.rowid = inbox_items_fts.rowid")
                .append(" WHERE inbox_items_fts MATCH ?");
        filters(sql, params, q, null, now);
        sql.append(" LIMIT ? OFFSET ?");
        params.add(q.limit());
        params.add(q.offset());
        return db.read(h -> fts(() -> h.query(sql.toString(),
                row -> new SearchHit(item(row), row.getDouble(21), row.getString(22)), params.toArray())));
    }

    /**
     * Ranked, with its work bounded. FTS5's bm25 first counts every match of each phrase of
     * the query over the whole index (its IDF), then scores each match (about 1.4 µs each):
     * a very common word (hundreds of thousands of matches) or a phrase of two frequent
     * words (which FTS5 checks position by position) took 0.3 to 1.1 s. So:
     *
     * <ol>
     * <li>One pass walks the matches newest first (FTS5 rowid order, which follows
     * insertion), through the filters, to at most one past {@link #rankWindow}, taking for
     * each its hits per column ({@code highlight()} marks, FTS5's own instances) and its
     * length in tokens ({@code inbox_items_fts_docsize}).</li>
     * <li>More matches than the window: the search is <em>bounded</em>. Only the newest
     * {@code rankWindow} matches are ranked, by bm25 computed here from those hits and
     * lengths, with FTS5's parameters (k1 1.2, b 0.75, the table's average length, the
     * column weights 10/1/3 of migration 4), without the IDF factor: that factor is the
     * same for every match of one phrase, so for a single word or phrase the order is
     * exactly bm25's; for several phrases their hits are added up.</li>
     * <li>Not more: every match is ranked. A single word, prefix or phrase is ranked here as
     * in 2 (the same order as FTS5's bm25, without a second pass over its index); a query
     * of several phrases by FTS5's bm25 itself, whose IDF weighs rare words higher.</li>
     * </ol>
     *
     * Then columns and snippets for the page's rows alone. All in one snapshot.
     */
    private List<SearchHit> ranked(String text, InboxQuery q, String now) {
        if (rankWindow == Integer.MAX_VALUE) {
            return db.read(h -> fts(() -> rankedByFts5(h, text, q, now, SearchHit.Ranking.FULL)));
        }
        List<Object> windowParams = new ArrayList<>(List.of(text));
        StringBuilder window = new StringBuilder("SELECT inbox_items_fts.rowid, ")
                .append(hitCount(0)).append(", ").append(hitCount(1)).append(", ").append(hitCount(2))
                .append(", d.sz FROM inbox_items_fts JOIN inbox_items i ON i.rowid = inbox_items_fts.rowid")
                .append(" JOIN inbox_items_fts_docsize d ON d.id = inbox_items_fts.rowid")
                .append(" WHERE inbox_items_fts MATCH ?");
        filters(window, windowParams, q, null, now);
        window.append(" ORDER BY inbox_items_fts.rowid DESC LIMIT ?");
        windowParams.add(rankWindow + 1);
        boolean singlePhrase = SINGLE_PHRASE.matcher(text).matches();
        return db.read(h -> fts(() -> {
            List<long[]> candidates = h.query(window.toString(), row -> new long[] {row.getLong(1), row.getLong(2),
                row.getLong(3), row.getLong(4), tokens(row.getBytes(5))}, windowParams.toArray());
            if (candidates.isEmpty()) {
                return List.<SearchHit>of();
            }
            boolean bounded = candidates.size() > rankWindow;
            if (bounded) {
                candidates = candidates.subList(0, rankWindow);
            }
            SearchHit.Ranking ranking = new SearchHit.Ranking(bounded, candidates.size());
            if (!bounded && !singlePhrase) {
                return rankedByFts5(h, text, q, now, ranking);
            }
            return page(h, text, now, scoreHere(h, candidates, q), ranking);
        }));
    }

    /**
     * Every match ranked by FTS5's bm25 (its IDF weighs rare words higher): only rowid and
     * score of the page (a narrow sort), then the page's rows. Before the window this was the
     * only path; {@code rankWindow} {@link Integer#MAX_VALUE} keeps it for every query (the
     * benchmark's "before").
     */
    private static List<SearchHit> rankedByFts5(io.devrig.api.store.SqlHandle h, String text, InboxQuery q, String now,
            SearchHit.Ranking ranking) throws SQLException {
        List<Object> params = new ArrayList<>(List.of(text));
        StringBuilder sql = new StringBuilder("SELECT inbox_items_fts.rowid, inbox_items_fts.rank")
                .append(" FROM inbox_items_fts JOIN inbox_items i ON i.rowid = inbox_items_fts.rowid")
                .append(" WHERE inbox_items_fts MATCH ?");
        filters(sql, params, q, null, now);
        sql.append(" ORDER BY inbox_items_fts.rank LIMIT ? OFFSET ?");
        params.add(q.limit());
        params.add(q.offset());
        return page(h, text, now,
                h.query(sql.toString(), row -> new double[] {row.getLong(1), row.getDouble(2)}, params.toArray()),
                ranking);
    }

    /** The hits of a page of (rowid, rank): columns and snippets for those rows alone. */
    private static List<SearchHit> page(io.devrig.api.store.SqlHandle h, String text, String now, List<double[]> page,
            SearchHit.Ranking ranking) throws SQLException {
        if (page.isEmpty()) {
            return List.of();
        }
        List<Long> rowids = page.stream().map(r -> (long) r[0]).toList();
        Map<Long, SearchHit> byRow = new java.util.HashMap<>();
        // the rowid IN lets FTS5 seek each page row in the doclists (a page is at most 500 rows):
        // with the IN hidden from it ('+rowid') it walked every match, ~50 ms for a common word
        h.query("SELECT " + ITEM_COLUMNS + ", inbox_items_fts.rowid,"
                + " snippet(inbox_items_fts, -1, '[', ']', '…', 12) FROM inbox_items_fts"
                + " JOIN inbox_items i ON i.rowid = inbox_items_fts.rowid"
                + " WHERE inbox_items_fts MATCH ? AND inbox_items_fts.rowid IN (SELECT value FROM json_each(?))",
                row -> byRow.put(row.getLong(21), new SearchHit(item(row), 0, row.getString(22))),
                now, now, text, Json.write(rowids));
        List<SearchHit> hits = new ArrayList<>(page.size());
        for (double[] r : page) {
            SearchHit h0 = byRow.get((long) r[0]);
            if (h0 != null) {
                hits.add(new SearchHit(h0.item(), r[1], h0.snippet(), ranking));
            }
        }
        return hits;
    }

    /** A single word, prefix or quoted phrase, optionally with a column filter: one phrase for FTS5. */
    static final Pattern SINGLE_PHRASE = Pattern.compile(
            "\\s*(?:[\\p{L}\\p{N}_]+\\s*:\\s*)?(?:[\\p{L}\\p{N}_]+\\*?|\"[^\"]*\"\\*?)\\s*");
    /** bm25 as FTS5 computes it (fts5_aux.c) and with the weights of migration 4: title, body, preview. */
    static final double K1 = 1.2;
    static final double B = 0.75;
    static final double[] WEIGHTS = {10, 1, 3};

    /**
     * The number of the match's instances in column {@code col}: FTS5's highlight() marks
     * each with one char(1), so its text is longer than the column's by that many (one
     * highlight() call per column: SQLite would call it twice for a replace()-based count).
     */
    private static String hitCount(int col) {
        String column = switch (col) {
            case 0 -> "i.title";
            case 1 -> "i.body";
            default -> "i.preview";
        };
        return "coalesce(length(highlight(inbox_items_fts, " + col + ", char(1), '')) - length(" + column + "), 0)";
    }

    /** rowid and bm25 (without IDF) of the query's page of candidates; ties newest first. */
    private List<double[]> scoreHere(io.devrig.api.store.SqlHandle h, List<long[]> candidates, InboxQuery q) throws SQLException {
        double avgdl = h.queryOne("SELECT block FROM inbox_items_fts_data WHERE id = 1", row -> averageLength(
                row.getBytes(1))).orElse(1.0);
        List<double[]> scored = new ArrayList<>(candidates.size());
        for (long[] c : candidates) {
            double freq = WEIGHTS[0] * c[1] + WEIGHTS[1] * c[2] + WEIGHTS[2] * c[3];
            double score = freq * (K1 + 1) / (freq + K1 * (1 - B + B * c[4] / avgdl));
            scored.add(new double[] {c[0], -score});
        }
        // stable: candidates come newest first, so equal scores stay newest first
        scored.sort(java.util.Comparator.comparingDouble(r -> r[1]));
        int from = Math.min(q.offset(), scored.size());
        return scored.subList(from, Math.min(scored.size(), from + q.limit()));
    }

    /** A row's length in tokens: the sum of the varints of its docsize record. */
    static long tokens(byte[] sz) {
        long total = 0;
        int[] pos = {0};
        while (sz != null && pos[0] < sz.length) {
            total += varint(sz, pos);
        }
        return total;
    }

    /** FTS5's averages record: the row count, then the tokens per column; tokens per row. */
    static double averageLength(byte[] record) {
        if (record == null || record.length == 0) {
            return 1.0;
        }
        int[] pos = {0};
        long rows = varint(record, pos);
        long tokens = 0;
        while (pos[0] < record.length) {
            tokens += varint(record, pos);
        }
        return rows <= 0 || tokens <= 0 ? 1.0 : (double) tokens / rows;
    }

    /** An SQLite varint (big-endian, 7 bits a byte, the ninth byte whole), advancing {@code pos[0]}. */
    static long varint(byte[] b, int[] pos) {
        long v = 0;
        for (int i = 0; i < 9 && pos[0] < b.length; i++) {
            int x = b[pos[0]++] & 0xff;
            if (i == 8) {
                return (v << 8) | x;
            }
            v = (v << 7) | (x & 0x7f);
            if ((x & 0x80) == 0) {
                return v;
            }
        }
        return v;
    }

    /** FTS work whose SQL is ours and fixed: an SQL failure is the user's query. */
    private static <T> T fts(SqlCall<T> work) {
        try {
            return work.call();
        } catch (SQLException e) {
            throw invalid(ftsMessage(e));
        }
    }

    @FunctionalInterface
    private interface SqlCall<T> {
        T call() throws SQLException;
    }

    static String ftsMessage(SQLException e) {
        String base = "search: not a valid full-text query (use words, \"a phrase\", prefix*, AND, OR, NOT,"
                + " parentheses; quote words with punctuation)";
        Matcher m = FTS_REASON.matcher(String.valueOf(e.getMessage()));
        return m.find() ? base + ": " + m.group(1) : base;
    }

    public Optional<InboxItem> get(String id) {
        if (id == null) {
            return Optional.empty();
        }
        String now = clock.timestamp();
        return db.read(h -> h.queryOne("SELECT " + ITEM_COLUMNS + ITEM_FROM + " WHERE i.id = ?", InboxStore::item,
                now, now, id));
    }

    public int markRead(List<String> itemIds, boolean read) {
        List<String> list = idList("ids", itemIds);
        return read
                ? change(list, "UPDATE inbox_items SET status = 'read', snoozed_until = NULL, updated_at = ? WHERE" + IDS
                        + " AND (status = 'unread' OR " + EXPIRED + ")" + RETURNING_CHANGE, InboxEvents.ITEM_UPDATED, true)
                : change(list, "UPDATE inbox_items SET status = 'unread', updated_at = ? WHERE" + IDS
                        + " AND status = 'read'" + RETURNING_CHANGE, InboxEvents.ITEM_UPDATED, false);
    }

    public int archive(List<String> itemIds) {
        return change(idList("ids", itemIds), "UPDATE inbox_items SET status = 'archived', snoozed_until = NULL,"
                + " updated_at = ? WHERE" + IDS + " AND status <> 'archived'" + RETURNING_CHANGE,
                InboxEvents.ITEM_ARCHIVED, false);
    }

    public int unarchive(List<String> itemIds) {
        return change(idList("ids", itemIds), "UPDATE inbox_items SET status = 'read', updated_at = ? WHERE" + IDS
                + " AND status = 'archived'" + RETURNING_CHANGE, InboxEvents.ITEM_UPDATED, false);
    }

    public int snooze(List<String> itemIds, Instant until) {
        List<String> list = idList("ids", itemIds);
        if (until == null) {
            throw invalid("until: required");
        }
        Instant now = clock.now();
        if (!until.isAfter(now)) {
            throw invalid("until: must be in the future");
        }
        if (until.isAfter(now.plus(MAX_SNOOZE))) {
            throw invalid("until: at most " + MAX_SNOOZE.toDays() + " days ahead");
        }
        if (list.isEmpty()) {
            return 0;
        }
        String stamp = clock.timestamp();
        List<InboxChange> changes = writeChanges(h -> h.query("UPDATE inbox_items SET status = 'snoozed', snoozed_until = ?,"
                + " updated_at = ? WHERE" + IDS + " AND status <> 'archived'" + RETURNING_CHANGE,
                row -> change(row, InboxEvents.ITEM_UPDATED), DevRigClock.format(until), stamp, Json.write(list)));
        return changes.size();
    }

    public int unsnooze(List<String> itemIds) {
        return change(idList("ids", itemIds), "UPDATE inbox_items SET status = 'unread', snoozed_until = NULL,"
                + " updated_at = ? WHERE" + IDS + " AND status = 'snoozed'" + RETURNING_CHANGE,
                InboxEvents.ITEM_UPDATED, false);
    }

    /** Brings back every item whose snooze has run out; returns how many. */
    public int wakeDue() {
        String now = clock.timestamp();
        List<InboxChange> changes = writeChanges(h -> h.query("UPDATE inbox_items SET status = 'unread', snoozed_until = NULL,"
                + " updated_at = ? WHERE status = 'snoozed' AND snoozed_until <= ?" + RETURNING_CHANGE,
                row -> change(row, InboxEvents.ITEM_UPDATED), now, now));
        return changes.size();
    }

    /** When the next snooze runs out, if any item is snoozed. */
    public Optional<Instant> nextSnoozeDue() {
        return db.read(h -> h.queryOne("SELECT min(snoozed_until) FROM inbox_items WHERE status = 'snoozed'",
                row -> row.getString(1) == null ? null : DevRigClock.parse(row.getString(1))));
    }

    /** Counts over the items not archived; each query reads a covering index of migration 4, not the rows. */
    public InboxStats stats() {
        Instant now = clock.now();
        String stamp = DevRigClock.format(now);
        String dayAgo = DevRigClock.format(now.minus(Duration.ofHours(24)));
        return db.read(h -> {
            long unread = h.queryLong("SELECT count(*) FROM inbox_items WHERE status = 'unread' OR " + EXPIRED, stamp)
                    .orElse(0L);
            long actionable = h.queryLong("SELECT count(*) FROM inbox_items WHERE is_actionable = 1"
                    + " AND status <> 'archived'").orElse(0L);
            long lastDay = h.queryLong("SELECT count(*) FROM inbox_items WHERE created_at >= ?"
                    + " AND status <> 'archived'", dayAgo).orElse(0L);
            Map<String, Integer> byPlugin = new TreeMap<>();
            h.query("SELECT plugin_id, count(*) FROM inbox_items WHERE status <> 'archived' GROUP BY plugin_id",
                    row -> byPlugin.put(row.getString(1), row.getInt(2)));
            Map<String, Integer> byPriority = new LinkedHashMap<>();
            for (Priority p : Priority.values()) {
                byPriority.put(p.json(), 0);
            }
            h.query("SELECT coalesce(priority, 'normal'), count(*) FROM inbox_items WHERE status <> 'archived'"
                    + " GROUP BY priority", row -> byPriority.merge(row.getString(1), row.getInt(2), Integer::sum));
            return new InboxStats((int) unread, (int) actionable, byPlugin, byPriority, (int) lastDay);
        });
    }

    // ---------------------------------------------------------------- actions

    // ---------------------------------------------------------------- purge

    /**
     * Deletes every item of the plugin (the FTS delete trigger takes them out of the index);
     * how many. Called by the plugin host's purge inside its write transaction, which this
     * write joins, so the items go exactly when the plugin's row does. No events: the items'
     * plugin is gone.
     */
    public int purge(String pluginName) {
        return db.write(h -> h.update("DELETE FROM inbox_items WHERE plugin_id = ?", pluginName));
    }

    /** Applies an action's {@code itemUpdate}; false when it changed nothing. */
    boolean applyUpdate(String itemId, ItemValidator.ItemUpdate u) {
        List<InboxChange> changes = writeChanges(h -> {
            Optional<Object[]> current = h.queryOne("SELECT type, title, body, preview, source_url, priority,"
                    + " is_actionable, metadata, external_created_at, status, content_hash FROM inbox_items WHERE id = ?",
                    row -> new Object[] {row.getString(1), row.getString(2), row.getString(3), row.getString(4),
                        row.getString(5), row.getString(6), row.getInt(7) != 0, row.getString(8), row.getString(9),
                        row.getString(10), row.getString(11)}, itemId);
            if (current.isEmpty()) {
                return List.<InboxChange>of();
            }
            Object[] c = current.get();
            String title = u.fields.contains("title") ? u.title : (String) c[1];
            String body = u.fields.contains("body") ? u.body : (String) c[2];
            String preview = u.fields.contains("preview") ? u.preview : (String) c[3];
            String priority = u.fields.contains("priority") ? u.priority : (String) c[5];
            boolean actionable = u.fields.contains("actionable") ? u.actionable : (Boolean) c[6];
            String metadata = u.fields.contains("metadata") ? u.metadata : (String) c[7];
            String status = u.fields.contains("status") ? u.status : (String) c[9];
            String hash = ItemValidator.hash((String) c[0], title, body, preview, (String) c[4], priority, actionable,
                    metadata, (String) c[8]);
            if (hash.equals(c[10]) && status.equals(c[9])) {
                return List.<InboxChange>of();
            }
            String topic = status.equals(InboxStatus.ARCHIVED.json()) && !status.equals(c[9])
                    ? InboxEvents.ITEM_ARCHIVED : InboxEvents.ITEM_UPDATED;
            return h.query("UPDATE inbox_items SET title = ?, body = ?, preview = ?, priority = ?, is_actionable = ?,"
                    + " metadata = ?, content_hash = ?, status = ?,"
                    + " snoozed_until = CASE WHEN ? = 'snoozed' THEN snoozed_until END, updated_at = ? WHERE id = ?"
                    + RETURNING_CHANGE, row -> change(row, topic), title, body, preview, priority, actionable, metadata,
                    hash, status, status, clock.timestamp(), itemId);
        });
        return !changes.isEmpty();
    }

    // ---------------------------------------------------------------- helpers

    private int change(List<String> itemIds, String sql, String topic, boolean bindsExpiry) {
        if (itemIds.isEmpty()) {
            return 0;
        }
        String now = clock.timestamp();
        Object[] params = bindsExpiry ? new Object[] {now, Json.write(itemIds), now}
                : new Object[] {now, Json.write(itemIds)};
        List<InboxChange> changes = writeChanges(h -> h.query(sql, row -> change(row, topic), params));
        return changes.size();
    }

    private static InboxChange change(ResultSet row, String topic) throws SQLException {
        return new InboxChange(topic, row.getString(1), row.getString(2), row.getString(3), row.getString(4),
                row.getString(5));
    }

    /**
     * A write whose changes go to the listener once the outermost transaction it belongs to has
     * committed: never for one that rolls back, and not before the commit when the write joins
     * a caller's transaction (as a savepoint).
     */
    private List<InboxChange> writeChanges(SqlWork<List<InboxChange>> work) {
        return db.write(h -> {
            List<InboxChange> changes = work.apply(h);
            afterCommit(h, changes);
            return changes;
        });
    }

    private void afterCommit(SqlHandle h, List<InboxChange> changes) {
        if (!changes.isEmpty()) {
            h.afterCommit(() -> listener.accept(changes));
        }
    }

    /** Appends the query's filters (each optional) as {@code AND ...}. */
    private static void filters(StringBuilder sql, List<Object> params, InboxQuery q, String ownPlugin, String now) {
        if (!q.types().isEmpty()) {
            sql.append(" AND i.type IN (SELECT value FROM json_each(?))");
            params.add(Json.write(q.types()));
        }
        if (q.statuses().isEmpty()) {
            sql.append(" AND i.status <> 'archived'");
        } else {
            // the stored status narrows by index; the status as seen now decides
            List<String> stored = new ArrayList<>();
            List<String> seen = new ArrayList<>();
            for (InboxStatus s : q.statuses()) {
                if (s == null) {
                    continue;
                }
                seen.add(s.json());
                stored.add(s.json());
                if (s == InboxStatus.UNREAD) {
                    stored.add(InboxStatus.SNOOZED.json());
                }
            }
            sql.append(" AND i.status IN (SELECT value FROM json_each(?)) AND ").append(STATUS_NOW)
                    .append(" IN (SELECT value FROM json_each(?))");
            params.add(Json.write(stored));
            params.add(now);
            params.add(Json.write(seen));
        }
        if (!q.priorities().isEmpty()) {
            sql.append(" AND i.priority IN (SELECT value FROM json_each(?))");
            params.add(Json.write(q.priorities().stream().filter(Objects::nonNull).map(Priority::json).toList()));
        }
        if (q.actionable() != null) {
            sql.append(" AND i.is_actionable = ?");
            params.add(q.actionable());
        }
        String plugin = ownPlugin != null ? ownPlugin : q.pluginId();
        if (plugin != null) {
            sql.append(" AND i.plugin_id = ?");
            params.add(plugin);
        }
    }

    static InboxItem item(ResultSet row) throws SQLException {
        String priority = row.getString(9);
        return new InboxItem(row.getString(1), row.getString(2), row.getString(3), row.getString(4), row.getString(5),
                row.getString(6), row.getString(7), row.getString(8),
                priority == null ? Priority.NORMAL : Priority.fromJson(priority), InboxStatus.fromJson(row.getString(10)),
                row.getInt(11) != 0, metadata(row.getString(12)), row.getString(13), row.getString(14),
                row.getString(15), row.getString(16), row.getString(17), row.getString(18), row.getString(19),
                row.getString(20));
    }

    private static List<String> idList(String field, List<String> values) {
        if (values == null) {
            throw invalid(field + ": required (a list of ids)");
        }
        if (values.size() > ItemValidator.MAX_BATCH) {
            throw invalid(field + ": at most " + ItemValidator.MAX_BATCH + " per call, got " + values.size());
        }
        return values.stream().filter(Objects::nonNull).distinct().toList();
    }

    static DevRigException invalid(String message) {
        return new DevRigException(ErrorCodes.INVALID_INPUT, ErrorCategory.PERMANENT, message);
    }

    /** Stored metadata (written by {@link ItemValidator}) as a map; {} for null or text that is not an object. */
    private static Map<String, Object> metadata(String text) {
        if (text == null || text.isEmpty()) {
            return new LinkedHashMap<>();
        }
        try {
            return Json.readObject(text);
        } catch (IllegalArgumentException e) {
            return new LinkedHashMap<>();
        }
    }
}
