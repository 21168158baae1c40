package io.devrig.plugin.github.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.devrig.api.plugin.sdk.PluginInbox;
import io.devrig.api.plugin.sdk.PluginLog;
import io.devrig.api.sync.SyncRequest;
import io.devrig.api.sync.SyncResult;
import java.net.URI;
import java.util.ArrayList;
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
 * Validators and a walk carry the {@code request} they belong to (the first page's URL): when the
 * settings change the query, they are not used and the cycle starts afresh.
 */
final class NotificationsSync extends SourceSync {

    static final Set<String> SETTINGS = Set.of("apiUrl", "all", "participating", "perPage");

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
        Map<String, String> query = new LinkedHashMap<>();
        if (all) {
            query.put("all", "true");
        }
        if (participating) {
            query.put("participating", "true");
        }
        query.put("per_page", Integer.toString(perPage));
        // the request's identity: validators and a walk in progress only ever stand for it
        URI first = base.resolve(query, "notifications");

        ObjectNode cursor = Pages.readCursor(request.cursor(), id, log);
        ObjectNode committed = Pages.objectAt(cursor, "validators");
        boolean firstPage = request.page() <= 1;
        if (!firstPage && cursor.has("next") && !Pages.sameRequest(Pages.objectAt(cursor, "pending"), first)) {
            // the settings changed during a walk: its next link and threads belong to the old query
            log.info("{}: the query changed during a walk; starting over from the first page", id);
            firstPage = true;
        }
        URI uri;
        Map<String, String> conditional;
        if (firstPage) {
            long wait = pacer.waitMs(id);
            if (wait > 0) {
                log.debug("{}: GitHub asked to poll at most every X-Poll-Interval; {} ms to go, skipping", id, wait);
                return new SyncResult(request.cursor(), false, 0);
            }
            uri = first;
            conditional = Pages.conditional(committed, first);
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
        List<Items.Thread> page = new ArrayList<>();
        int skipped = 0;
        for (JsonNode thread : threads) {
            Items.Thread t = thread.isObject() ? Items.notification(thread, base) : null;
            if (t == null) {
                skipped++;
            } else {
                page.add(t);
            }
        }
        if (skipped > 0) {
            log.warn("{}: skipped {} notification(s) of {} without id, subject title or repository", id, skipped,
                    response.endpoint());
        }
        ItemStore.Stored stored = ItemStore.storeThreads(inbox, log, page, response.endpoint());
        ObjectNode pending = firstPage ? Pages.validators(response, first) : Pages.objectAt(cursor, "pending");
        ArrayNode seen = firstPage || !(cursor.get("seen") instanceof ArrayNode a) ? Json.MAPPER.createArrayNode() : a;
        stored.externalIds().forEach(seen::add);
        if (next != null) {
            return new SyncResult(write(committed, pending, next, seen), true, stored.count());
        }
        if (!all && !participating) {
            markReadOnGitHub(seen);
        }
        return new SyncResult(write(pending, null, null, null), false, stored.count());
    }

    /**
     * A complete walk of the unread list says which threads are unread on GitHub: the items
     * still unread here whose thread is not among them were read (or marked done) there, and are
     * marked read here too (see {@link ItemStore#markReadOnGitHub}). Only for the full unread
     * list: with {@code all} or {@code participating} the list does not tell read from unlisted.
     */
    private void markReadOnGitHub(ArrayNode seen) {
        List<String> unreadThere = new ArrayList<>();
        seen.forEach(x -> unreadThere.add(x.asText()));
        int n = ItemStore.markReadOnGitHub(inbox, log, unreadThere);
        if (n > 0) {
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
