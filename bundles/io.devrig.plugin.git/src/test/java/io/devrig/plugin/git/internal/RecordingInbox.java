package io.devrig.plugin.git.internal;

import io.devrig.api.inbox.InboxItem;
import io.devrig.api.inbox.InboxItemInput;
import io.devrig.api.inbox.InboxQuery;
import io.devrig.api.inbox.InboxStatus;
import io.devrig.api.inbox.StoreResult;
import io.devrig.api.inbox.SyncProgress;
import io.devrig.api.plugin.sdk.PluginInbox;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** An in-memory PluginInbox that records what the plugin stores and archives. */
final class RecordingInbox implements PluginInbox {

    final Map<String, InboxItemInput> items = new LinkedHashMap<>();
    final Map<String, InboxStatus> statuses = new LinkedHashMap<>();
    final List<List<String>> archiveCalls = new ArrayList<>();
    int storeCalls;

    @Override
    public StoreResult storeItems(List<InboxItemInput> batch) {
        storeCalls++;
        int created = 0;
        int updated = 0;
        for (InboxItemInput in : batch) {
            if (items.put(in.externalId(), in) == null) {
                created++;
            } else {
                updated++;
            }
            statuses.put(in.externalId(), InboxStatus.UNREAD); // a new state reopens the item
        }
        return new StoreResult(created, updated, 0, List.of());
    }

    @Override
    public List<InboxItem> queryItems(InboxQuery query) {
        return items.values().stream()
                .filter(i -> query.types().isEmpty() || query.types().contains(i.type()))
                .filter(i -> query.statuses().isEmpty() || query.statuses().contains(statuses.get(i.externalId())))
                .skip(query.offset()).limit(query.limit())
                .map(i -> new InboxItem("id-" + i.externalId(), "io.devrig.plugin.git", i.externalId(), i.type(),
                        i.title(), i.body(), i.preview(), i.sourceUrl(), i.priority(), statuses.get(i.externalId()),
                        true, i.metadata(), null, null, null, null, null, null, null, null))
                .toList();
    }

    @Override
    public int markRead(List<String> externalIds) {
        return 0;
    }

    @Override
    public int archive(List<String> externalIds) {
        archiveCalls.add(List.copyOf(externalIds));
        externalIds.forEach(id -> statuses.put(id, InboxStatus.ARCHIVED));
        return externalIds.size();
    }

    @Override
    public void reportSyncProgress(SyncProgress progress) {
    }
}
