package io.devrig.inbox.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.devrig.api.id.UlidGenerator;
import io.devrig.api.inbox.InboxItemInput;
import io.devrig.api.inbox.InboxQuery;
import io.devrig.api.inbox.Priority;
import io.devrig.api.inbox.StoreResult;
import io.devrig.api.time.DevRigClock;
import io.devrig.store.internal.SqliteDatabase;
import io.devrig.store.testing.TestDatabases;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.sqlite.SQLiteConfig;

/**
 * Ingest and search figures. Ingest: {@value #DEFAULT_ITEMS} items (property
 * {@code inbox.bench.items} scales it) from {@value #PLUGINS} plugins in batches of
 * {@value #BATCH}, one in five an update of an earlier item, through {@link InboxStore}
 * against a plain JDBC loop issuing an equivalent upsert of the same rows (same schema,
 * same FTS triggers, one transaction per batch), each on a fresh database file in the same
 * run. Search: p50/p99 of ranked and unranked top-20 queries for a rare, a medium and a
 * common term on the ingested data. Not a test: runs only with {@code mvn -Pbench test}.
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

    @Test
    void ingestAndSearch() throws Exception {
        int items = Integer.getInteger("inbox.bench.items", DEFAULT_ITEMS);
        Path root = Files.createTempDirectory("devrig-inbox-bench");
        try {
            plain(root.resolve("warm-plain"), WARMUP_ITEMS);
            store(root.resolve("warm-store"), WARMUP_ITEMS, false);

            double plainRate = plain(root.resolve("plain"), items);
            double storeRate = store(root.resolve("store"), items, true);
            System.out.printf("[benchmark] %,d items from %d plugins, batches of %d, %d%% updates; WAL,"
                    + " synchronous=NORMAL, %s %s%n", items, PLUGINS, BATCH, 100 * UPDATES_PER_BATCH / BATCH,
                    System.getProperty("java.vm.name"), System.getProperty("java.version"));
            System.out.printf("[benchmark] ingest  plain JDBC upsert loop (baseline): %,9.0f items/s%n", plainRate);
            System.out.printf("[benchmark] ingest  InboxStore.store:                  %,9.0f items/s  (%.2fx plain,"
                    + " goal >= 0.70x)%n", storeRate, storeRate / plainRate);
        } finally {
            try (var walk = Files.walk(root)) {
                walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** Items per second through {@link InboxStore#store}; then the search figures on that data. */
    private double store(Path dir, int items, boolean searchAfter) {
        try (SqliteDatabase db = TestDatabases.open(dir, DevRigClock.system())) {
            List<String> plugins = plugins();
            InboxStore store = new InboxStore(db, DevRigClock.system(), changes -> { });
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
            assertThat(created + updated + unchanged).isEqualTo(w.total);
            if (searchAfter) {
                System.out.printf("[benchmark] stored %,d distinct items (%,d created, %,d updated)%n", created, created,
                        updated);
                search(db, store);
            }
            return w.total / (nanos / 1e9);
        }
    }

    private void search(SqliteDatabase db, InboxStore store) {
        for (String term : new String[] {RARE, MEDIUM, COMMON}) {
            long hits = db.read(h -> h.queryLong("SELECT count(*) FROM inbox_items_fts WHERE inbox_items_fts MATCH ?",
                    term).orElseThrow());
            double[] ranked = latencies(store, term, true);
            double[] unranked = latencies(store, term, false);
            System.out.printf("[benchmark] search %-13s %,8d hits: ranked top-20 p50 %7.2f ms p99 %7.2f ms;"
                    + " unranked top-20 p50 %6.2f ms p99 %6.2f ms%n", "'" + term + "'", hits, ranked[0], ranked[1],
                    unranked[0], unranked[1]);
        }
        double[] prefix = latencies(store, MEDIUM.substring(0, 6) + "*", true);
        double[] phrase = latencies(store, "\"" + VOCAB[1] + " " + VOCAB[2] + "\"", true);
        System.out.printf("[benchmark] search prefix '%s*' ranked p50 %.2f ms p99 %.2f ms; phrase ranked p50 %.2f ms"
                + " p99 %.2f ms%n", MEDIUM.substring(0, 6), prefix[0], prefix[1], phrase[0], phrase[1]);
        double[] list = time(() -> store.list(InboxQuery.all(), null));
        double[] byPriority = time(() -> store.list(InboxQuery.all().withOrder(InboxQuery.Order.PRIORITY), null));
        double[] stats = time(store::stats);
        System.out.printf("[benchmark] list first 50 newest p50 %.2f ms; by priority p50 %.2f ms; stats p50 %.1f ms%n",
                list[0], byPriority[0], stats[0]);
    }

    private static double[] latencies(InboxStore store, String text, boolean ranked) {
        InboxQuery top20 = InboxQuery.all().withPage(20, 0);
        return time(() -> store.search(text, top20, ranked));
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
        double[] done = Arrays.copyOf(ms, n);
        Arrays.sort(done);
        return new double[] {done[n / 2], done[(int) Math.ceil(n * 0.99) - 1]};
    }

    /** Items per second through a plain JDBC upsert loop on a migrated file with the store's pragmas. */
    private double plain(Path dir, int items) throws Exception {
        List<String> pluginRows = plugins();
        try (SqliteDatabase db = TestDatabases.open(dir, DevRigClock.system())) {
            db.schemaVersion(); // migrated: the plain loop writes the same schema
        }
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        ObjectMapper json = new ObjectMapper();
        UlidGenerator ids = new UlidGenerator();
        try (Connection c = config.createConnection("jdbc:sqlite:" + dir.resolve("devrig.db"))) {
            try (Statement s = c.createStatement()) {
                s.execute("PRAGMA synchronous = NORMAL");
                s.execute("PRAGMA foreign_keys = ON");
                s.execute("PRAGMA cache_size = -20000");
                s.execute("PRAGMA mmap_size = 268435456");
            }
            c.setAutoCommit(false);
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
                    c.commit();
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
}
