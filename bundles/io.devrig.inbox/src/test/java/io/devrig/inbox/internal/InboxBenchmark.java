package io.devrig.inbox.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.devrig.api.id.UlidGenerator;
import io.devrig.api.inbox.InboxItemInput;
import io.devrig.api.inbox.InboxQuery;
import io.devrig.api.inbox.Priority;
import io.devrig.api.inbox.StoreResult;
import io.devrig.api.time.DevRigClock;
import io.devrig.store.internal.PlainWriter;
import io.devrig.store.internal.SqliteDatabase;
import io.devrig.store.testing.TestDatabases;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Ingest and search figures. Ingest, like with like: A/B rounds in one run, each round
 * storing the same items through {@link InboxStore} (with its events posted through
 * {@link EventPublisher} on an asynchronous Event Admin, as in production) and through a
 * plain JDBC loop issuing an equivalent upsert of the same rows (same schema, one transaction
 * per batch, the full-text index kept by triggers in the same transaction as a hand-written
 * program would), each on a fresh file, alternating which goes first. The store indexes in
 * batches after its writes (migration 10); its time includes bringing the index up to date
 * at the end, so both sides leave the same rows and the same index.
 * Search: p50/p99 of ranked top-20 queries before (every match ranked by FTS5's bm25) and
 * after (the rank window), alternating query by query, on a database of
 * {@value #DEFAULT_ITEMS} items (property {@code inbox.bench.items}) built once into
 * {@code target/inbox-bench/} and reused. Not a test: runs only with {@code mvn -Pbench test}.
 */
class InboxBenchmark {

    static final int DEFAULT_ITEMS = 1_000_000;
    static final int PLUGINS = 5;
    static final int BATCH = 500;
    static final int UPDATES_PER_BATCH = BATCH / 5;
    static final int WARMUP_ITEMS = 20_000;
    static final int QUERIES = 200;
    static final String RARE = "zephyrquartz";     // ~1 item in 20,000
    static final String MEDIUM = "kestrelbeam";    // ~1 item in 100
    static final String[] VOCAB = vocabulary(4000);
    static final String COMMON = VOCAB[0];         // Zipf head: in most items

    static final String PLAIN_UPSERT = "INSERT INTO inbox_items(id, plugin_id, external_id, type, title, body, preview,"
            + " source_url, priority, status, metadata, is_actionable, external_created_at, synced_at, created_at,"
            + " updated_at) VALUES (?,?,?,?,?,?,?,?,?,'unread',?,?,?,?,?,?)"
            + " ON CONFLICT(plugin_id, external_id) DO UPDATE SET type = excluded.type, title = excluded.title,"
            + " body = excluded.body, preview = excluded.preview, source_url = excluded.source_url,"
            + " priority = excluded.priority, metadata = excluded.metadata, is_actionable = excluded.is_actionable,"
            + " external_created_at = excluded.external_created_at, synced_at = excluded.synced_at,"
            + " updated_at = excluded.updated_at";

    /** The plain loop's index: triggers that index each change in its own transaction. */
    static final List<String> INLINE_INDEX = List.of("DROP TRIGGER inbox_items_ai", "DROP TRIGGER inbox_items_au",
            "CREATE TRIGGER inbox_items_ai AFTER INSERT ON inbox_items BEGIN INSERT INTO inbox_items_fts(rowid, title,"
                    + " body, preview) VALUES (NEW.rowid, NEW.title, NEW.body, NEW.preview); END",
            "CREATE TRIGGER inbox_items_au AFTER UPDATE OF title, body, preview ON inbox_items WHEN OLD.title IS NOT"
                    + " NEW.title OR OLD.body IS NOT NEW.body OR OLD.preview IS NOT NEW.preview BEGIN"
                    + " INSERT INTO inbox_items_fts(inbox_items_fts, rowid, title, body, preview)"
                    + " VALUES ('delete', OLD.rowid, OLD.title, OLD.body, OLD.preview);"
                    + " INSERT INTO inbox_items_fts(rowid, title, body, preview)"
                    + " VALUES (NEW.rowid, NEW.title, NEW.body, NEW.preview); END");

    static final int ROUND_ITEMS = 50_000;
    static final int ROUNDS = 6;

    /**
     * Ingest, like with like: {@value #ROUNDS} rounds (property {@code inbox.bench.rounds})
     * of {@value #ROUND_ITEMS} items (property {@code inbox.bench.roundItems}), each round
     * running both paths on fresh files, alternating which goes first (ABBA), so load drift
     * lands on both. The store posts its events as in production: {@link EventPublisher} on
     * an asynchronous Event Admin stand-in (a queue and a delivery thread, as Felix's
     * postEvent). Then the search figures on a cached {@code inbox.bench.items} database.
     */
    @Test
    void ingestAndSearch() throws Exception {
        int rounds = Integer.getInteger("inbox.bench.rounds", ROUNDS);
        int roundItems = Integer.getInteger("inbox.bench.roundItems", ROUND_ITEMS);
        Path root = Files.createTempDirectory("devrig-inbox-bench");
        AsyncEventAdmin eventAdmin = new AsyncEventAdmin();
        try {
            plain(root.resolve("warm-plain"), WARMUP_ITEMS);
            store(root.resolve("warm-store"), WARMUP_ITEMS, eventAdmin);
            double[] plainRates = new double[rounds];
            double[] storeRates = new double[rounds];
            for (int r = 0; r < rounds; r++) {
                if (r % 2 == 0) {
                    plainRates[r] = plain(root.resolve("plain" + r), roundItems);
                    storeRates[r] = store(root.resolve("store" + r), roundItems, eventAdmin);
                } else {
                    storeRates[r] = store(root.resolve("store" + r), roundItems, eventAdmin);
                    plainRates[r] = plain(root.resolve("plain" + r), roundItems);
                }
                System.out.printf("[benchmark] round %d: plain %,9.0f items/s, store %,9.0f items/s (%.2fx)%n", r + 1,
                        plainRates[r], storeRates[r], storeRates[r] / plainRates[r]);
            }
            double plainRate = median(plainRates);
            double storeRate = median(storeRates);
            double[] ratios = new double[rounds];
            for (int r = 0; r < rounds; r++) {
                ratios[r] = storeRates[r] / plainRates[r];
            }
            System.out.printf("[benchmark] %d A/B rounds of %,d items from %d plugins, batches of %d, %d%% updates;"
                    + " WAL, synchronous=NORMAL, %s %s; store events posted: %,d%n", rounds, roundItems, PLUGINS,
                    BATCH, 100 * UPDATES_PER_BATCH / BATCH, System.getProperty("java.vm.name"),
                    System.getProperty("java.version"), eventAdmin.delivered.get());
            System.out.printf("[benchmark] ingest  plain JDBC upsert loop (baseline), median: %,9.0f items/s%n",
                    plainRate);
            System.out.printf("[benchmark] ingest  InboxStore.store, events on, median:      %,9.0f items/s  (%.2fx"
                    + " plain; median of the rounds' ratios %.2fx, goal >= 0.70x)%n", storeRate, storeRate / plainRate,
                    median(ratios));
        } finally {
            eventAdmin.close();
            try (var walk = Files.walk(root)) {
                walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        searchFigures(Integer.getInteger("inbox.bench.items", DEFAULT_ITEMS));
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    /**
     * The search database: {@code target/inbox-bench/search-<items>}, built once through the
     * store (events off: only its content matters) and reused by later runs.
     */
    private void searchFigures(int items) throws Exception {
        Path dir = Path.of("target", "inbox-bench", "search-" + items);
        if (!Files.exists(dir.resolve("devrig.db"))) {
            Path tmp = Path.of("target", "inbox-bench", "building-" + items);
            if (Files.exists(tmp)) {
                try (var walk = Files.walk(tmp)) {
                    walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
            Files.createDirectories(tmp);
            long t0 = System.nanoTime();
            try (SqliteDatabase db = TestDatabases.open(tmp, DevRigClock.system())) {
                InboxStore store = new InboxStore(db, DevRigClock.system(), changes -> { });
                Workload w = new Workload(items);
                while (w.hasNext()) {
                    int plugin = w.plugin();
                    store.store(plugins().get(plugin), w.next());
                }
                store.indexChanges();
            }
            Files.move(tmp, dir);
            System.out.printf("[benchmark] built the search database of %,d items in %.0f s (kept in %s)%n", items,
                    (System.nanoTime() - t0) / 1e9, dir);
        } else {
            System.out.printf("[benchmark] search database of %,d items reused from %s%n", items, dir);
        }
        try (SqliteDatabase db = TestDatabases.open(dir, DevRigClock.system())) {
            search(db);
        }
    }

    /** Items per second through {@link InboxStore#store}, its changes posted through {@link EventPublisher}. */
    private double store(Path dir, int items, AsyncEventAdmin eventAdmin) {
        try (SqliteDatabase db = TestDatabases.open(dir, DevRigClock.system())) {
            List<String> plugins = plugins();
            EventPublisher events = new EventPublisher();
            events.set(eventAdmin);
            InboxStore store = new InboxStore(db, DevRigClock.system(), events);
            Workload w = new Workload(items);
            long nanos = 0;
            int created = 0;
            int updated = 0;
            int unchanged = 0;
            while (w.hasNext()) {
                int plugin = w.plugin();
                List<InboxItemInput> batch = w.next();
                long t0 = System.nanoTime();
                StoreResult r = store.store(plugins.get(plugin), batch);
                nanos += System.nanoTime() - t0;
                created += r.created();
                updated += r.updated();
                unchanged += r.unchanged(); // an update that drew the same item and version twice
                assertThat(r.failures()).isEmpty();
            }
            long t0 = System.nanoTime();
            store.indexChanges(); // the same index as the plain loop's, in the time
            nanos += System.nanoTime() - t0;
            assertThat(store.hasUnindexedChanges()).isFalse();
            assertThat(created + updated + unchanged).isEqualTo(w.total);
            return w.total / (nanos / 1e9);
        }
    }

    /**
     * Ranked top-20 before (every match ranked, rank window unlimited) and after (the default
     * window of {@value InboxStore#DEFAULT_RANK_WINDOW} newest matches), the two alternating
     * query by query on the same data.
     */
    private void search(SqliteDatabase db) {
        InboxStore after = new InboxStore(db, DevRigClock.system(), changes -> { });
        InboxStore before = new InboxStore(db, DevRigClock.system(), changes -> { }, Integer.MAX_VALUE);
        long items = db.read(h -> h.queryLong("SELECT count(*) FROM inbox_items").orElseThrow());
        System.out.printf("[benchmark] search on %,d items; ranked top-20, before = every match ranked, after = newest"
                + " %,d matches ranked (p50 / p99 ms, queries alternating before/after)%n", items,
                InboxStore.DEFAULT_RANK_WINDOW);
        String[][] queries = {{"rare", RARE}, {"medium", MEDIUM}, {"common", COMMON},
            {"prefix", MEDIUM.substring(0, 6) + "*"}, {"phrase", "\"" + VOCAB[1] + " " + VOCAB[2] + "\""},
            {"2 common words", COMMON + " " + VOCAB[1]}};
        InboxQuery top20 = InboxQuery.all().withPage(20, 0);
        for (String[] q : queries) {
            String text = q[1];
            long hits = db.read(h -> h.queryLong("SELECT count(*) FROM inbox_items_fts WHERE inbox_items_fts MATCH ?",
                    text).orElseThrow());
            double[][] ab = timeAB(() -> before.search(text, top20, true), () -> after.search(text, top20, true));
            double[] unranked = time(() -> after.search(text, top20, false));
            List<io.devrig.api.inbox.SearchHit> page = after.search(text, top20, true);
            String ranking = page.isEmpty() ? "no hits" : page.get(0).ranking().describe();
            System.out.printf("[benchmark] %-14s %-26s %,8d hits: before p50 %7.2f p99 %7.2f | after p50 %6.2f p99"
                    + " %6.2f (%s) | unranked p50 %6.2f p99 %6.2f%n", q[0], text, hits, ab[0][0], ab[0][1], ab[1][0],
                    ab[1][1], ranking, unranked[0], unranked[1]);
        }
        double[] list = time(() -> after.list(InboxQuery.all(), null));
        double[] byPriority = time(() -> after.list(InboxQuery.all().withOrder(InboxQuery.Order.PRIORITY), null));
        double[] stats = time(after::stats);
        System.out.printf("[benchmark] list first 50 newest p50 %.2f ms; by priority p50 %.2f ms; stats p50 %.1f ms%n",
                list[0], byPriority[0], stats[0]);
    }

    /** p50/p99 of a and of b, run alternately. */
    private static double[][] timeAB(Runnable a, Runnable b) {
        for (int i = 0; i < 3; i++) {
            a.run();
            b.run();
        }
        int max = QUERIES / 2;
        double[] ma = new double[max];
        double[] mb = new double[max];
        int n = 0;
        long stop = System.nanoTime() + 20_000_000_000L;
        while (n < max && (n < 20 || System.nanoTime() < stop)) {
            long t0 = System.nanoTime();
            a.run();
            long t1 = System.nanoTime();
            b.run();
            long t2 = System.nanoTime();
            ma[n] = (t1 - t0) / 1e6;
            mb[n++] = (t2 - t1) / 1e6;
        }
        return new double[][] {percentiles(Arrays.copyOf(ma, n)), percentiles(Arrays.copyOf(mb, n))};
    }

    private static double[] percentiles(double[] ms) {
        Arrays.sort(ms);
        int n = ms.length;
        return new double[] {ms[n / 2], ms[(int) Math.ceil(n * 0.99) - 1]};
    }

    /** p50 and p99 in ms over up to {@value #QUERIES} runs, stopping after 15 s (at least 20 runs). */
    private static double[] time(Runnable r) {
        for (int i = 0; i < 5; i++) {
            r.run();
        }
        double[] ms = new double[QUERIES];
        int n = 0;
        long stop = System.nanoTime() + 15_000_000_000L;
        while (n < QUERIES && (n < 20 || System.nanoTime() < stop)) {
            long t0 = System.nanoTime();
            r.run();
            ms[n++] = (System.nanoTime() - t0) / 1e6;
        }
        return percentiles(Arrays.copyOf(ms, n));
    }

    /** Items per second through a plain JDBC upsert loop on a migrated file, on the store's writer ({@link PlainWriter}). */
    private double plain(Path dir, int items) throws Exception {
        List<String> pluginRows = plugins();
        try (SqliteDatabase db = TestDatabases.open(dir, DevRigClock.system())) {
            // migrated: the plain loop writes the same schema, and keeps the index inline (no notes)
            db.write(h -> {
                for (String sql : INLINE_INDEX) {
                    h.update(sql);
                }
                return null;
            });
        }
        ObjectMapper json = new ObjectMapper();
        UlidGenerator ids = new UlidGenerator();
        try (PlainWriter writer = PlainWriter.open(dir.resolve("devrig.db"))) {
            Connection c = writer.connection();
            Workload w = new Workload(items);
            long nanos = 0;
            try (PreparedStatement upsert = c.prepareStatement(PLAIN_UPSERT)) {
                while (w.hasNext()) {
                    String plugin = pluginRows.get(w.plugin());
                    List<InboxItemInput> batch = w.next();
                    long t0 = System.nanoTime();
                    String now = DevRigClock.system().timestamp();
                    for (InboxItemInput in : batch) {
                        upsert.setString(1, ids.nextString());
                        upsert.setString(2, plugin);
                        upsert.setString(3, in.externalId());
                        upsert.setString(4, in.type());
                        upsert.setString(5, in.title());
                        upsert.setString(6, in.body());
                        upsert.setString(7, in.preview());
                        upsert.setString(8, in.sourceUrl());
                        upsert.setString(9, in.priority().json());
                        upsert.setString(10, json.writeValueAsString(in.metadata()));
                        upsert.setInt(11, Boolean.TRUE.equals(in.actionable()) ? 1 : 0);
                        upsert.setString(12, in.externalCreatedAt());
                        upsert.setString(13, now);
                        upsert.setString(14, now);
                        upsert.setString(15, now);
                        upsert.executeUpdate();
                    }
                    writer.commit();
                    nanos += System.nanoTime() - t0;
                }
            }
            return w.total / (nanos / 1e9);
        }
    }

    /** The plugin ids items are stored for (items are keyed by plugin id, no plugins rows needed). */
    private static List<String> plugins() {
        List<String> names = new ArrayList<>();
        for (int p = 0; p < PLUGINS; p++) {
            names.add("bench.plugin" + p);
        }
        return names;
    }

    /** The same deterministic batches for both paths: plugin round robin, 400 new and 100 updated items a batch. */
    static final class Workload {
        final int total;
        private int done;
        private int batchNo;
        private final int[] createdPerPlugin = new int[PLUGINS];
        private final SplittableRandom random = new SplittableRandom(42);

        Workload(int total) {
            this.total = total;
        }

        boolean hasNext() {
            return done < total;
        }

        int plugin() {
            return batchNo % PLUGINS;
        }

        List<InboxItemInput> next() {
            int plugin = plugin();
            int size = Math.min(BATCH, total - done);
            int updates = createdPerPlugin[plugin] == 0 ? 0 : Math.min(UPDATES_PER_BATCH, size);
            List<InboxItemInput> batch = new ArrayList<>(size);
            for (int i = 0; i < size - updates; i++) {
                batch.add(item(plugin, createdPerPlugin[plugin]++, 0));
            }
            for (int i = 0; i < updates; i++) {
                batch.add(item(plugin, random.nextInt(createdPerPlugin[plugin]), 1 + random.nextInt(1000)));
            }
            done += size;
            batchNo++;
            return batch;
        }

        /** Item n of a plugin; version > 0 changes title and preview (new activity). */
        static InboxItemInput item(int plugin, int n, int version) {
            SplittableRandom r = new SplittableRandom(plugin * 1_000_003L + n);
            String title = words(r, 7) + (version > 0 ? " (update " + version + ")" : "");
            StringBuilder body = new StringBuilder(words(r, 40));
            if (r.nextInt(20_000) == 0) {
                body.append(' ').append(RARE);
            }
            if (r.nextInt(100) == 0) {
                body.append(' ').append(MEDIUM);
            }
            String preview = words(r, 12) + (version > 0 ? " v" + version : "");
            Map<String, Object> metadata = new LinkedHashMap<>();
            metadata.put("repo", "acme/repo" + (n % 50));
            metadata.put("number", n);
            metadata.put("labels", List.of("bug", "p" + (n % 4)));
            Priority priority = Priority.values()[r.nextInt(4)];
            return new InboxItemInput("ext-" + n, n % 3 == 0 ? "pull_request" : "issue", title, body.toString(),
                    preview, "https://example.com/acme/" + n, priority, r.nextInt(4) == 0, metadata,
                    "2026-11-01T10:00:00.000Z");
        }

        private static String words(SplittableRandom r, int count) {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < count; i++) {
                if (i > 0) {
                    sb.append(' ');
                }
                // Zipf-like: low indexes are far more frequent
                double u = r.nextDouble();
                sb.append(VOCAB[(int) (Math.pow(u, 3) * VOCAB.length)]);
            }
            return sb.toString();
        }
    }

    static String[] vocabulary(int size) {
        String[] out = new String[size];
        SplittableRandom r = new SplittableRandom(7);
        String letters = "abcdefghijklmnoprstuvw";
        for (int i = 0; i < size; i++) {
            StringBuilder sb = new StringBuilder();
            int len = 3 + r.nextInt(7);
            for (int j = 0; j < len; j++) {
                sb.append(letters.charAt(r.nextInt(letters.length())));
            }
            out[i] = sb.toString() + (i % 10);
        }
        return out;
    }

    /** Event Admin's postEvent as in production: queued, delivered on another thread (to no handler). */
    static final class AsyncEventAdmin implements org.osgi.service.event.EventAdmin, AutoCloseable {
        final java.util.concurrent.atomic.AtomicLong delivered = new java.util.concurrent.atomic.AtomicLong();
        private final java.util.concurrent.ExecutorService delivery =
                java.util.concurrent.Executors.newSingleThreadExecutor();

        @Override
        public void postEvent(org.osgi.service.event.Event event) {
            delivery.execute(() -> {
                if (event.getProperty("itemId") != null) {
                    delivered.incrementAndGet();
                }
            });
        }

        @Override
        public void sendEvent(org.osgi.service.event.Event event) {
            throw new AssertionError("the inbox posts asynchronously");
        }

        @Override
        public void close() {
            delivery.shutdown();
        }
    }
}
