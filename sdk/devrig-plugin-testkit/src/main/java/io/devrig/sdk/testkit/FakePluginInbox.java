package io.devrig.sdk.testkit;

import io.devrig.api.inbox.InboxItem;
import io.devrig.api.inbox.InboxItemInput;
import io.devrig.api.inbox.InboxQuery;
import io.devrig.api.inbox.InboxStatus;
import io.devrig.api.inbox.Priority;
import io.devrig.api.inbox.StoreResult;
import io.devrig.api.inbox.SyncProgress;
import io.devrig.api.plugin.PermissionGate;
import io.devrig.api.plugin.sdk.PluginInbox;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * {@link PluginInbox} in memory: an upsert by external id, as DevRig's inbox does (an
 * unchanged item counts as unchanged, an archived one whose content changed comes back
 * unread), the required fields and lengths checked item by item (a bad item is a failure of
 * the batch, the rest is stored), every call needs {@code inbox:write}.
 * {@link #items()} and {@link #item(String)} are for assertions, with the calls the plugin made
 * ({@link #storeResults()}, {@link #markReadCalls()}, {@link #archiveCalls()}); {@link #userSets}
 * plays the user changing an item's status.
 */
public final class FakePluginInbox implements PluginInbox {

    private final PluginKit kit;
    private final Map<String, InboxItem> items = new LinkedHashMap<>();
    private final List<SyncProgress> progress = new ArrayList<>();
    private final List<StoreResult> storeResults = new ArrayList<>();
    private final List<List<String>> markReadCalls = new ArrayList<>();
    private final List<List<String>> archiveCalls = new ArrayList<>();
    private long sequence;

    FakePluginInbox(PluginKit kit) {
        this.kit = kit;
    }

    @Override
    public synchronized StoreResult storeItems(List<InboxItemInput> batch) {
        kit.check(PermissionGate.INBOX_WRITE);
        int created = 0;
        int updated = 0;
        int unchanged = 0;
        List<StoreResult.ItemFailure> failures = new ArrayList<>();
        for (int i = 0; i < batch.size(); i++) {
            InboxItemInput in = batch.get(i);
            String problem = problem(in);
            if (problem != null) {
                failures.add(new StoreResult.ItemFailure(i, in == null ? null : in.externalId(), problem));
                continue;
            }
            InboxItem old = items.get(in.externalId());
            String now = Instant.now().toString();
            if (old == null) {
                items.put(in.externalId(), item(in, "item-" + (++sequence), InboxStatus.UNREAD, now, now));
                created++;
            } else if (sameContent(old, in)) {
                unchanged++;
            } else {
                InboxStatus status = old.status() == InboxStatus.ARCHIVED ? InboxStatus.UNREAD : old.status();
                items.put(in.externalId(), item(in, old.id(), status, old.createdAt(), now));
                updated++;
            }
        }
        StoreResult result = new StoreResult(created, updated, unchanged, failures);
        storeResults.add(result);
        return result;
    }

    @Override
    public synchronized List<InboxItem> queryItems(InboxQuery query) {
        kit.check(PermissionGate.INBOX_WRITE);
        return items.values().stream()
                .filter(i -> query.types().isEmpty() || query.types().contains(i.type()))
                .filter(i -> query.statuses().isEmpty() ? i.status() != InboxStatus.ARCHIVED
                        : query.statuses().contains(i.status()))
                .filter(i -> query.priorities().isEmpty() || query.priorities().contains(i.priority()))
                .filter(i -> query.actionable() == null || query.actionable() == i.actionable())
                .sorted(Comparator.comparing(InboxItem::createdAt).thenComparing(InboxItem::id).reversed())
                .skip(query.offset()).limit(query.limit()).toList();
    }

    @Override
    public synchronized int markRead(List<String> externalIds) {
        kit.check(PermissionGate.INBOX_WRITE);
        markReadCalls.add(Collections.unmodifiableList(new ArrayList<>(externalIds)));
        // as DevRig's inbox: only unread items become read (an archived or read one stays as it is)
        return setStatus(externalIds.stream().filter(id -> items.containsKey(id)
                && items.get(id).status() == InboxStatus.UNREAD).toList(), InboxStatus.READ);
    }

    @Override
    public synchronized int archive(List<String> externalIds) {
        kit.check(PermissionGate.INBOX_WRITE);
        archiveCalls.add(Collections.unmodifiableList(new ArrayList<>(externalIds)));
        return setStatus(externalIds, InboxStatus.ARCHIVED);
    }

    @Override
    public synchronized void reportSyncProgress(SyncProgress value) {
        kit.check(PermissionGate.INBOX_WRITE);
        progress.add(value);
    }

    /** Every stored item (archived ones too), in the order first stored. */
    public synchronized List<InboxItem> items() {
        return List.copyOf(items.values());
    }

    /** The stored item with this external id. */
    public synchronized InboxItem item(String externalId) {
        InboxItem item = items.get(externalId);
        if (item == null) {
            throw new AssertionError("no inbox item " + externalId + "; stored: " + items.keySet());
        }
        return item;
    }

    /** The progress reports so far. */
    public synchronized List<SyncProgress> progress() {
        return List.copyOf(progress);
    }

    /**
     * What each {@code storeItems} call returned, in call order (a call refused for want of
     * {@code inbox:write} is not one): their number is the number of calls, e.g. none for a
     * page answered {@code 304 Not Modified}.
     */
    public synchronized List<StoreResult> storeResults() {
        return List.copyOf(storeResults);
    }

    /** The external ids each {@code markRead} call passed, in call order (refused calls are not listed). */
    public synchronized List<List<String>> markReadCalls() {
        return List.copyOf(markReadCalls);
    }

    /** The external ids each {@code archive} call passed, in call order (refused calls are not listed). */
    public synchronized List<List<String>> archiveCalls() {
        return List.copyOf(archiveCalls);
    }

    /**
     * Plays the user in DevRig's inbox: sets the stored item's status (read, unread, archived),
     * which the plugin cannot always do itself ({@link PluginInbox} has no call to mark an item
     * unread). Needs no permission and is not recorded as a call of the plugin.
     *
     * @throws AssertionError when no item has this external id
     */
    public synchronized void userSets(String externalId, InboxStatus status) {
        item(externalId);
        setStatus(List.of(externalId), Objects.requireNonNull(status, "status"));
    }

    private int setStatus(List<String> externalIds, InboxStatus status) {
        int changed = 0;
        for (String id : externalIds) {
            InboxItem i = items.get(id);
            if (i != null && i.status() != status) {
                items.put(id, new InboxItem(i.id(), i.pluginId(), i.externalId(), i.type(), i.title(), i.body(),
                        i.preview(), i.sourceUrl(), i.priority(), status, i.actionable(), i.metadata(), null,
                        i.externalCreatedAt(), null, null, null, i.syncedAt(), i.createdAt(), Instant.now().toString()));
                changed++;
            }
        }
        return changed;
    }

    private InboxItem item(InboxItemInput in, String id, InboxStatus status, String createdAt, String updatedAt) {
        return new InboxItem(id, kit.pluginId(), in.externalId(), in.type(), in.title(), in.body(), in.preview(),
                in.sourceUrl(), in.priority() == null ? Priority.NORMAL : in.priority(), status,
                Boolean.TRUE.equals(in.actionable()), in.metadata() == null ? Map.of() : in.metadata(), null,
                in.externalCreatedAt(), null, null, null, updatedAt, createdAt, updatedAt);
    }

    private static boolean sameContent(InboxItem old, InboxItemInput in) {
        return Objects.equals(old.type(), in.type()) && Objects.equals(old.title(), in.title())
                && Objects.equals(old.body(), in.body()) && Objects.equals(old.preview(), in.preview())
                && Objects.equals(old.sourceUrl(), in.sourceUrl())
                && old.priority() == (in.priority() == null ? Priority.NORMAL : in.priority())
                && old.actionable() == Boolean.TRUE.equals(in.actionable())
                && Objects.equals(old.metadata(), in.metadata() == null ? Map.of() : in.metadata())
                && Objects.equals(old.externalCreatedAt(), in.externalCreatedAt());
    }

    /** The inbox's field rules (InboxItemInput's javadoc), the first one broken. */
    private static String problem(InboxItemInput in) {
        if (in == null) {
            return "item: null";
        }
        String p = length("externalId", in.externalId(), 500, true);
        p = p != null ? p : length("type", in.type(), 100, true);
        p = p != null ? p : length("title", in.title(), 500, true);
        p = p != null ? p : length("preview", in.preview(), 280, false);
        p = p != null ? p : length("body", in.body(), 1024 * 1024, false);
        if (p == null && in.sourceUrl() != null && !in.sourceUrl().matches("(?i)https?://\\S+")) {
            p = "sourceUrl: must be an http(s) URL";
        }
        return p;
    }

    private static String length(String field, String value, int max, boolean required) {
        if (value == null || value.isBlank()) {
            return required ? field + ": required" : null;
        }
        return value.length() > max ? field + ": at most " + max + " characters, got " + value.length() : null;
    }
}
