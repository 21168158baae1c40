package io.devrig.plugin.github.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.devrig.api.inbox.InboxItem;
import io.devrig.api.inbox.InboxItemInput;
import io.devrig.api.inbox.InboxQuery;
import io.devrig.api.inbox.InboxStatus;
import io.devrig.api.plugin.sdk.PluginInbox;
import io.devrig.api.plugin.sdk.PluginLog;
import io.devrig.api.sync.SyncRequest;
import io.devrig.api.sync.SyncResult;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code github.notifications}: {@code GET /notifications}, one page per call.
 *
 * <p>Cursor: {@code {"v":1, "validators":{...}, "pending":{...}, "next":"<url>", "seen":[...]}}. {@code validators}
 * are the Last-Modified/ETag of the first page of the last complete cycle and make the next
 * cycle's first request conditional (304: nothing stored, cursor unchanged). While a cycle walks
 * its pages, {@code next} is the Link rel="next" URL and {@code pending} the new first page's
 * validators, which replace {@code validators} only when the last page is stored; a cycle that
 * fails half way therefore keeps the old validators and the next cycle fetches everything again
 * (the inbox upserts, so nothing is duplicated and nothing is skipped). Page 1 always starts a
 * fresh walk from the first page. {@code seen} collects the walk's items; after a complete walk of
 * the unread list, this source's items still unread here that GitHub no longer lists are marked read.
 */
final class NotificationsSync extends SourceSync {

    static final Set<String> SETTINGS = Set.of("apiUrl", "all", "participating", "perPage");
    /** Items read back per query when matching the read state. */
    private static final int PAGE = 500;

    NotificationsSync(GitHubClient client, PluginInbox inbox, PluginLog log, PollPacer pacer) {
        super(client, inbox, log, pacer);
    }

    @Override
    SyncResult sync(SyncRequest request) {
        Config config = new Config(request.config(), SETTINGS);
        ApiBase base = ApiBase.parse(config.raw("apiUrl"), "$.apiUrl");
        boolean all = config.bool("all", false);
        boolean participating = config.bool("participating", false);
        int perPage = config.integer("perPage", 50, 1, 50);
        String id = Items.NOTIFICATIONS;

        ObjectNode cursor = Pages.readCursor(request.cursor(), id, log);
        ObjectNode committed = Pages.objectAt(cursor, "validators");
        boolean firstPage = request.page() <= 1;
        URI uri;
        Map<String, String> conditional;
        if (firstPage) {
            long wait = pacer.waitMs(id);
            if (wait > 0) {
                log.debug("{}: GitHub asked to poll at most every X-Poll-Interval; {} ms to go, skipping", id, wait);
                return new SyncResult(request.cursor(), false, 0);
            }
            Map<String, String> query = new LinkedHashMap<>();
            if (all) {
                query.put("all", "true");
            }
            if (participating) {
                query.put("participating", "true");
            }
            query.put("per_page", Integer.toString(perPage));
            uri = base.resolve(query, "notifications");
            conditional = Pages.conditional(committed);
        } else {
            String next = Json.text(cursor, "next");
            URI nextUri = Pages.uri(next);
            if (nextUri == null || !base.contains(nextUri)) {
                // nothing pending (or the API URL changed mid-cycle): end the cycle, keep what was complete
                return new SyncResult(write(committed, null, null, null), false, 0);
            }
            uri = nextUri;
            conditional = Map.of();
        }

        ApiResponse response = client.get(base, uri, conditional);
        if (firstPage) {
            pacer.polled(id, response);
        }
        if (response.status() == 304) {
            log.debug("{}: not modified since the last cycle", id);
            return new SyncResult(write(committed, null, null, null), false, 0);
        }
        JsonNode threads = response.jsonArray();
        String next = Pages.nextLink(response, base);
        List<InboxItemInput> items = new ArrayList<>();
        int skipped = 0;
        for (JsonNode thread : threads) {
            InboxItemInput item = thread.isObject() ? Items.notification(thread, base) : null;
            if (item == null) {
                skipped++;
            } else {
                items.add(item);
            }
        }
        if (skipped > 0) {
            log.warn("{}: skipped {} notification(s) of {} without id, subject title or repository", id, skipped,
                    response.endpoint());
        }
        int stored = Pages.store(inbox, log, items, response.endpoint());
        ObjectNode pending = firstPage ? Pages.validators(response) : Pages.objectAt(cursor, "pending");
        ArrayNode seen = firstPage || !(cursor.get("seen") instanceof ArrayNode a) ? Json.MAPPER.createArrayNode() : a;
        items.forEach(i -> seen.add(i.externalId()));
        if (next != null) {
            return new SyncResult(write(committed, pending, next, seen), true, stored);
        }
        if (!all && !participating) {
            markReadOnGitHub(seen);
        }
        return new SyncResult(write(pending, null, null, null), false, stored);
    }

    /**
     * A complete walk of the unread list says which threads are unread on GitHub: the source's
     * items still unread here whose thread is not among them were read (or marked done) there,
     * and are marked read here too. Only for the full unread list: with {@code all} or
     * {@code participating} the list does not tell read from unlisted.
     */
    private void markReadOnGitHub(ArrayNode seen) {
        Set<String> unreadThere = new HashSet<>();
        seen.forEach(id -> unreadThere.add(id.asText()));
        List<String> readThere = new ArrayList<>();
        for (int offset = 0;; offset += PAGE) {
            List<InboxItem> page = inbox.queryItems(InboxQuery.all().withStatuses(List.of(InboxStatus.UNREAD))
                    .withPage(PAGE, offset));
            for (InboxItem item : page) {
                if (Items.NOTIFICATIONS.equals(item.metadata().get("dataSourceId"))
                        && !unreadThere.contains(item.externalId())) {
                    readThere.add(item.externalId());
                }
            }
            if (page.size() < PAGE) {
                break;
            }
        }
        if (!readThere.isEmpty()) {
            int n = inbox.markRead(readThere);
            log.info("{}: marked {} notification(s) read that were read on GitHub", Items.NOTIFICATIONS, n);
        }
    }

    private static String write(ObjectNode validators, ObjectNode pending, String next, ArrayNode seen) {
        ObjectNode c = Pages.newCursor();
        c.set("validators", validators);
        if (next != null) {
            c.set("pending", pending);
            c.put("next", next);
            c.set("seen", seen);
        }
        return Json.write(c);
    }
}
