package io.devrig.api.inbox;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The unified inbox as users see it. Published by the {@code io.devrig.inbox} bundle.
 * Methods taking ids change what exists and ignore unknown ids; they return how many
 * items changed.
 */
@ProviderType
public interface Inbox {

    /** Items matching the query, in its order. */
    List<InboxItem> list(InboxQuery query);

    /** How many items match the query (its paging ignored). */
    int count(InboxQuery query);

    /**
     * Full-text search over title, body and preview (FTS5 syntax: words, {@code "a phrase"},
     * {@code prefix*}, {@code AND}/{@code OR}/{@code NOT}), best match first, filtered by
     * the query's filters and paging (its order is ignored).
     *
     * @throws io.devrig.api.error.DevRigException {@code INVALID_INPUT} for a query FTS5 cannot parse
     */
    List<SearchHit> search(String text, InboxQuery filters);

    Optional<InboxItem> get(String id);

    /**
     * Stores items on behalf of one of DevRig's own bundles ({@code source}, e.g. the
     * {@code notify.inbox} action's bundle), as a plugin's {@code PluginInbox.storeItems}
     * does for the plugin: upserted by external id, validated one by one, the rest of the
     * batch stored. {@code source} is the items' {@code pluginId}. Plugins never see this
     * service (the plugin guard hides it); they write through {@code PluginInbox}.
     *
     * @since 1.2
     */
    StoreResult store(String source, List<InboxItemInput> items);

    /** Marks items read (or unread again); archived and snoozed items are left as they are. */
    int markRead(List<String> ids, boolean read);

    int archive(List<String> ids);

    /** Back to the inbox (read). */
    int unarchive(List<String> ids);

    /** Hides items until {@code until} (in the future); they come back unread by themselves then. */
    int snooze(List<String> ids, Instant until);

    int unsnooze(List<String> ids);

    InboxStats stats();

    /**
     * Runs an action on an item: an action type whose plugin descriptor lists the item's
     * data source in {@code appliesTo}. The action gets the item as
     * {@link io.devrig.api.action.ActionContext#item()}; each field its input schema requires
     * that the input (may be null) lacks is taken from the item's metadata entry of the same
     * name; the input is then validated by the action pipeline; an {@code itemUpdate} object in the action's output (title, preview, body,
     * priority, actionable, metadata, status) is applied to the item.
     *
     * @return the action's output
     * @throws io.devrig.api.error.DevRigException {@code NOT_FOUND} for an unknown item,
     *         {@code INVALID_INPUT} for an action that does not apply to it or bad input,
     *         or the action's own error
     */
    Object act(String itemId, String actionType, Map<String, Object> input);
}
