package io.devrig.api.plugin.sdk;

import io.devrig.api.inbox.InboxItem;
import io.devrig.api.inbox.InboxItemInput;
import io.devrig.api.inbox.InboxQuery;
import io.devrig.api.inbox.StoreResult;
import io.devrig.api.inbox.SyncProgress;
import java.util.List;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The calling plugin's side of the unified inbox (seed §2.5), bundle-scoped: a plugin
 * only ever sees and changes its own items. Every call needs the {@code inbox:write}
 * permission ({@code PERMISSION_DENIED} naming the plugin otherwise).
 */
@ProviderType
public interface PluginInbox {

    /**
     * Upserts items by (plugin, externalId). An archived item whose content changed (new
     * activity) comes back unread; an unchanged one is left alone. Bad items are refused
     * one by one: the rest of the batch is stored.
     */
    StoreResult storeItems(List<InboxItemInput> items);

    /** The plugin's own items (the query's plugin filter is ignored). */
    List<InboxItem> queryItems(InboxQuery query);

    /** Marks the plugin's items with these external ids read; the number changed. */
    int markRead(List<String> externalIds);

    /** Archives the plugin's items with these external ids; the number changed. */
    int archive(List<String> externalIds);

    /** Reports progress of the current sync (shown by the sync status). */
    void reportSyncProgress(SyncProgress progress);
}
