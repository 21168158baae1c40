package io.devrig.plugin.github.internal;

import io.devrig.api.inbox.InboxItem;
import io.devrig.api.inbox.InboxItemInput;
import io.devrig.api.inbox.InboxQuery;
import io.devrig.api.inbox.InboxStatus;
import io.devrig.api.plugin.sdk.PluginInbox;
import io.devrig.api.plugin.sdk.PluginLog;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Stores what both data sources find, one item per thing: a pull request seen as a
 * notification thread and in a pull-request list is one item, whichever source comes first.
 * The inbox replaces an item's fields on every upsert, so each source reads the stored item
 * first and keeps the other source's part ({@link Items#item}). Items are matched by externalId
 * without regard to case (GitHub's names are case-insensitive; the pull-request source uses the
 * names as configured). Both sources store under one lock, so neither overwrites a part the
 * other has just written.
 */
final class ItemStore {

    /** Held while reading and writing items of both sources (one bundle, one lock). */
    private static final Object LOCK = new Object();
    /** Items read back per query. */
    private static final int PAGE = 500;

    private ItemStore() {
    }

    /** What a page stored: items created or updated, and the externalIds it stored under. */
    record Stored(int count, List<String> externalIds) {
    }

    /**
     * Stores a page of notification threads. GitHub's read state is applied when GitHub changes
     * it: a thread reported {@code unread: false} is marked read here if it is new here or was
     * unread on GitHub when last seen. Once applied, a local change stands (a thread read on
     * GitHub that the user marks unread here stays unread). The plugin cannot mark an item unread:
     * a read item whose thread becomes unread on GitHub stays read (only an archived item comes
     * back, as for any new activity). Items an earlier version stored as
     * {@code notification:<id>} for a pull-request thread are archived: the thread now lives on
     * the pull request's item.
     */
    static Stored storeThreads(PluginInbox inbox, PluginLog log, List<Items.Thread> threads, String endpoint) {
        Map<String, Items.Thread> byId = new LinkedHashMap<>();
        threads.forEach(t -> byId.putIfAbsent(key(t.externalId()), t)); // one thread per subject
        // only a pull request's item or a thread read on GitHub needs the stored item: the
        // default list (unread threads, mostly not pull requests) mostly stores without a lookup
        Set<String> wanted = new LinkedHashSet<>();
        Set<String> types = new LinkedHashSet<>();
        byId.forEach((k, t) -> {
            if (t.pullRequest()) {
                wanted.add(k);
                wanted.add(key("notification:" + t.id()));
                types.add(Items.PR_TYPE);
            } else if (!t.unread()) {
                wanted.add(k);
                types.add(Items.snakeType(t.subjectType()));
            }
        });
        synchronized (LOCK) {
            Map<String, InboxItem> existing = find(inbox, wanted, types);
            List<InboxItemInput> items = new ArrayList<>();
            List<String> ids = new ArrayList<>();
            List<String> readThere = new ArrayList<>();
            List<String> superseded = new ArrayList<>();
            byId.forEach((k, t) -> {
                InboxItem stored = existing.get(k);
                String id = stored == null ? t.externalId() : stored.externalId();
                items.add(Items.item(id, stored == null ? null : Items.pullRequestOf(stored), t));
                ids.add(id);
                Items.Thread before = stored == null ? null : Items.threadOf(stored);
                if (!t.unread() && (before == null || before.unread())) {
                    readThere.add(id);
                }
                InboxItem legacy = t.pullRequest() ? existing.get(key("notification:" + t.id())) : null;
                if (legacy != null && legacy.status() != InboxStatus.ARCHIVED) {
                    superseded.add(legacy.externalId());
                }
            });
            int count = Pages.store(inbox, log, items, endpoint);
            if (!readThere.isEmpty()) {
                inbox.markRead(readThere);
            }
            if (!superseded.isEmpty()) {
                int n = inbox.archive(superseded);
                log.info("{}: archived {} notification item(s) now kept on their pull request's item",
                        Items.NOTIFICATIONS, n);
            }
            return new Stored(count, ids);
        }
    }

    /** Stores pull requests from a list (or a single GET), keeping the thread part of their items. */
    static int storePullRequests(PluginInbox inbox, PluginLog log, List<Items.PullRequest> prs, String endpoint) {
        if (prs.isEmpty()) {
            return 0;
        }
        Map<String, Items.PullRequest> byId = new LinkedHashMap<>();
        prs.forEach(pr -> byId.putIfAbsent(key(pr.externalId()), pr));
        synchronized (LOCK) {
            Map<String, InboxItem> existing = find(inbox, byId.keySet(), List.of(Items.PR_TYPE));
            List<InboxItemInput> items = new ArrayList<>();
            byId.forEach((k, pr) -> {
                InboxItem stored = existing.get(k);
                items.add(Items.item(stored == null ? pr.externalId() : stored.externalId(), pr,
                        stored == null ? null : Items.threadOf(stored)));
            });
            return Pages.store(inbox, log, items, endpoint);
        }
    }

    /**
     * After a complete walk of the unread list: items unread here whose thread GitHub no longer
     * lists as unread were read (or marked done) there. Each is stored with {@code unread: false}
     * and marked read, once: an item whose thread part already says read was marked unread here
     * by the user afterwards, and stays so.
     *
     * @param unreadThere the externalIds the walk stored
     */
    static int markReadOnGitHub(PluginInbox inbox, PluginLog log, Collection<String> unreadThere) {
        Set<String> listed = new java.util.HashSet<>();
        unreadThere.forEach(id -> listed.add(key(id)));
        synchronized (LOCK) {
            List<InboxItemInput> items = new ArrayList<>();
            List<String> ids = new ArrayList<>();
            for (InboxItem item : all(inbox, InboxQuery.all().withStatuses(List.of(InboxStatus.UNREAD)))) {
                Items.Thread t = Items.threadOf(item);
                if (t == null || !t.unread() || listed.contains(key(item.externalId()))) {
                    continue;
                }
                items.add(Items.item(item.externalId(), Items.pullRequestOf(item), t.withUnread(false)));
                ids.add(item.externalId());
            }
            if (ids.isEmpty()) {
                return 0;
            }
            Pages.store(inbox, log, items, Items.NOTIFICATIONS);
            return inbox.markRead(ids);
        }
    }

    /** Every item the query matches, page after page. */
    static List<InboxItem> all(PluginInbox inbox, InboxQuery query) {
        List<InboxItem> all = new ArrayList<>();
        for (int offset = 0;; offset += PAGE) {
            List<InboxItem> page = inbox.queryItems(query.withPage(PAGE, offset));
            all.addAll(page);
            if (page.size() < PAGE) {
                return all;
            }
        }
    }

    /**
     * The stored items of these types whose externalId is wanted, by {@link #key}. Archived ones
     * too: re-storing an archived item with the same parts leaves it archived, while leaving out
     * a part would change it and bring it back (the inbox's rule for new activity).
     */
    private static Map<String, InboxItem> find(PluginInbox inbox, Set<String> wanted, Collection<String> types) {
        Map<String, InboxItem> found = new HashMap<>();
        if (wanted.isEmpty()) {
            return found;
        }
        InboxQuery query = InboxQuery.all().withTypes(List.copyOf(types)).withStatuses(List.of(InboxStatus.values()));
        for (int offset = 0;; offset += PAGE) {
            List<InboxItem> page = inbox.queryItems(query.withPage(PAGE, offset));
            for (InboxItem item : page) {
                String k = key(item.externalId());
                if (wanted.contains(k)) {
                    found.putIfAbsent(k, item);
                }
            }
            if (found.size() == wanted.size() || page.size() < PAGE) {
                return found;
            }
        }
    }

    private static String key(String externalId) {
        return externalId.toLowerCase(Locale.ROOT);
    }
}
