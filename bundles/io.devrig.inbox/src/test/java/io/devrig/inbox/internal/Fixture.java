package io.devrig.inbox.internal;

import io.devrig.api.inbox.InboxItemInput;
import io.devrig.api.inbox.Priority;
import io.devrig.api.plugin.PluginAdmin;
import io.devrig.api.plugin.PluginDescriptor;
import io.devrig.api.time.DevRigClock;
import io.devrig.common.json.Json;
import io.devrig.store.internal.SqliteDatabase;
import io.devrig.store.testing.TestDatabases;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A migrated SQLite file, a hand-moved clock, the descriptors of two plugins (what
 * {@code PluginAdmin.descriptor} answers) and the changes the store reported.
 */
final class Fixture implements AutoCloseable {

    static final String A = "acme.github";
    static final String B = "acme.jira";
    static final String MANIFEST_A = """
            {"name": "acme.github", "capabilities": {
              "dataSources": [{"id": "github.notifications"}, {"id": "github.pull_requests"}],
              "actions": [
                {"id": "github.merge_pr", "appliesTo": ["github.pull_requests"]},
                {"id": "github.comment", "appliesTo": ["github.pull_requests", "github.notifications"]},
                {"id": "github.create_issue"}]}}""";
    static final String MANIFEST_B = """
            {"name": "acme.jira", "capabilities": {
              "dataSources": [{"id": "jira.issues"}],
              "actions": [{"id": "jira.transition", "appliesTo": ["jira.issues"]}]}}""";

    final TestDatabases.ManualClock clock;
    final SqliteDatabase db;
    final List<InboxChange> changes = new CopyOnWriteArrayList<>();
    final Map<String, PluginDescriptor> descriptors = new ConcurrentHashMap<>();
    final InboxStore store;

    Fixture(Path dir) {
        this(dir, new TestDatabases.ManualClock());
    }

    private Fixture(Path dir, TestDatabases.ManualClock clock) {
        this.clock = clock;
        this.db = TestDatabases.open(dir, clock);
        descriptors.put(A, descriptor(MANIFEST_A));
        descriptors.put(B, descriptor(MANIFEST_B));
        this.store = new InboxStore(db, clock, changes::addAll);
    }

    InboxStore storeWith(DevRigClock other) {
        return new InboxStore(db, other, changes::addAll);
    }

    static PluginDescriptor descriptor(String json) {
        try {
            return Json.MAPPER.readValue(json, PluginDescriptor.class);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException(e);
        }
    }

    Optional<PluginDescriptor> descriptorOf(String pluginId) {
        return Optional.ofNullable(descriptors.get(pluginId));
    }

    /** A {@link PluginAdmin} that answers {@code descriptor(id)} from {@link #descriptors}, and nothing else. */
    PluginAdmin pluginAdmin() {
        return (PluginAdmin) java.lang.reflect.Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {PluginAdmin.class}, (proxy, method, args) -> {
                    if (method.getName().equals("descriptor")) {
                        return descriptorOf((String) args[0]);
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }

    static InboxItemInput item(String externalId, String title) {
        return InboxItemInput.of(externalId, "notification", title);
    }

    static InboxItemInput item(String externalId, String type, String title, String body, Priority priority,
            boolean actionable) {
        return new InboxItemInput(externalId, type, title, body, null, null, priority, actionable, null, null);
    }

    static InboxItemInput withMetadata(String externalId, String title, Map<String, Object> metadata) {
        return new InboxItemInput(externalId, "notification", title, null, null, null, null, null, metadata, null);
    }

    /** The stored (not the as-seen-now) status of an item. */
    String rawStatus(String id) {
        return db.read(h -> h.queryOne("SELECT status FROM inbox_items WHERE id = ?", r -> r.getString(1), id))
                .orElse(null);
    }

    String idOf(String plugin, String externalId) {
        return db.read(h -> h.queryOne("SELECT id FROM inbox_items WHERE plugin_id = ? AND external_id = ?",
                r -> r.getString(1), plugin, externalId)).orElseThrow();
    }

    @Override
    public void close() {
        db.close();
    }
}
