package io.devrig.plugin.github.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.devrig.api.inbox.InboxItem;
import io.devrig.api.inbox.InboxQuery;
import io.devrig.api.plugin.sdk.PluginInbox;
import io.devrig.api.plugin.sdk.PluginLog;
import io.devrig.api.sync.SyncRequest;
import io.devrig.api.sync.SyncResult;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code github.pull_requests}: the open pull requests of the configured repositories,
 * {@code GET /repos/{owner}/{repo}/pulls?state=open}, one page per call, repository after
 * repository.
 *
 * <p>Cursor: {@code {"v":1, "repos":{"o/r":{"request","etag","lastModified","first":[numbers],"firstNext"}},
 * "cycle":{"request","index","next","seen":{"o/r":[numbers]},"pending":{...}}}}. {@code repos} holds, per
 * repository, the validators of its first page in the last complete cycle, the numbers on that
 * page and that page's next link: a 304 for the first page then stands for that page without
 * refetching it, and the walk goes on from the remembered next link. Each entry carries the
 * first page's URL it was made for ({@code request}: path, state, sort, direction, per_page) and
 * is used only for that same request. {@code cycle} exists only while a cycle is in progress,
 * with the first-page URLs of all repositories as its {@code request}: when the repositories or
 * the page size change during a cycle, it starts over. {@code pending} replaces {@code repos}
 * when the last repository's last page is done. Only then are pull requests that were not seen
 * in any open list checked one by one ({@code GET .../pulls/{n}}) and archived when GitHub says
 * they are closed or gone: a pull request that moved between pages while we walked them is not
 * archived by mistake. Items are stored through {@link ItemStore}, which keeps the notification
 * thread part of a pull request's item.
 */
final class PullRequestsSync extends SourceSync {

    static final Set<String> SETTINGS = Set.of("apiUrl", "repositories", "perPage");
    static final int MAX_REPOSITORIES = 100;

    PullRequestsSync(GitHubClient client, PluginInbox inbox, PluginLog log, PollPacer pacer) {
        super(client, inbox, log, pacer);
    }

    @Override
    SyncResult sync(SyncRequest request) {
        Config config = new Config(request.config(), SETTINGS);
        ApiBase base = ApiBase.parse(config.raw("apiUrl"), "$.apiUrl");
        List<RepositoryName> repos = repositories(config.raw("repositories"));
        int perPage = config.integer("perPage", 100, 1, 100);
        String id = Items.PULL_REQUESTS;

        Map<String, String> query = new LinkedHashMap<>();
        query.put("state", "open");
        query.put("sort", "created");
        query.put("direction", "desc");
        query.put("per_page", Integer.toString(perPage));
        // each repository's first-page URL is its request's identity; the cycle's is all of them
        List<URI> firsts = new ArrayList<>();
        repos.forEach(r -> firsts.add(base.resolve(query, "repos", r.owner(), r.name(), "pulls")));
        String cycleRequest = firsts.stream().map(URI::toString).collect(java.util.stream.Collectors.joining(" "));

        ObjectNode cursor = Pages.readCursor(request.cursor(), id, log);
        ObjectNode committed = Pages.objectAt(cursor, "repos");
        boolean firstPage = request.page() <= 1;
        ObjectNode cycle = cursor.get("cycle") instanceof ObjectNode o ? o : null;
        if (!firstPage && cycle != null && !cycleRequest.equals(Json.text(cycle, "request"))) {
            // the settings changed during the cycle: its position and next link belong to the old ones
            log.info("{}: the repositories or page size changed during a cycle; starting over", id);
            firstPage = true;
        }
        if (firstPage) {
            long wait = pacer.waitMs(id);
            if (wait > 0) {
                log.debug("{}: GitHub asked to poll at most every X-Poll-Interval; {} ms to go, skipping", id, wait);
                return new SyncResult(request.cursor(), false, 0);
            }
            cycle = Json.object().put("index", 0);
            cycle.put("request", cycleRequest);
            cycle.putNull("next");
            cycle.set("seen", Json.object());
            cycle.set("pending", Json.object());
        } else if (cycle == null || cycle.path("index").asInt(-1) < 0 || cycle.path("index").asInt() >= repos.size()) {
            return new SyncResult(write(committed, null), false, 0); // nothing pending
        }
        ObjectNode seen = Pages.objectAt(cycle, "seen");
        ObjectNode pending = Pages.objectAt(cycle, "pending");
        int index = cycle.path("index").asInt();
        RepositoryName repo = repos.get(index);
        String key = repo.fullName();
        URI first = firsts.get(index);
        ObjectNode before = Pages.objectAt(committed, key);

        String nextText = Json.text(cycle, "next");
        boolean repoStart = nextText == null;
        URI uri;
        Map<String, String> conditional;
        if (repoStart) {
            uri = first;
            // without the first page's numbers a 304 could not stand in for it
            conditional = before.has("first") ? Pages.conditional(before, first) : Map.of();
        } else {
            uri = Pages.uri(nextText);
            if (uri == null || !base.contains(uri)) {
                return new SyncResult(write(committed, null), false, 0); // the API URL changed mid-cycle
            }
            conditional = Map.of();
        }

        ApiResponse response = client.get(base, uri, conditional);
        if (firstPage) {
            pacer.polled(id, response);
        }
        ArrayNode seenHere = seen.get(key) instanceof ArrayNode a ? a : seen.putArray(key);
        String next;
        int stored = 0;
        if (response.status() == 304) {
            before.path("first").forEach(seenHere::add);
            pending.set(key, before.deepCopy());
            next = Json.text(before, "firstNext");
            if (next != null && (Pages.uri(next) == null || !base.contains(Pages.uri(next)))) {
                next = null;
            }
        } else {
            JsonNode pulls = response.jsonArray();
            next = Pages.nextLink(response, base);
            List<Items.PullRequest> items = new ArrayList<>();
            ArrayNode numbers = Json.MAPPER.createArrayNode();
            for (JsonNode pr : pulls) {
                Items.PullRequest item = pr.isObject() ? Items.pullRequest(pr, repo, base) : null;
                if (item == null) {
                    log.warn("{}: skipped a pull request of {} without number or title", id, response.endpoint());
                    continue;
                }
                items.add(item);
                numbers.add(item.number());
            }
            stored = ItemStore.storePullRequests(inbox, log, items, response.endpoint());
            seenHere.addAll(numbers);
            if (repoStart) {
                ObjectNode p = Pages.validators(response, first);
                p.set("first", numbers);
                if (next != null) {
                    p.put("firstNext", next);
                }
                pending.set(key, p);
            }
        }

        cycle.set("seen", seen);
        cycle.set("pending", pending);
        if (next != null) {
            cycle.put("next", next);
            return new SyncResult(write(committed, cycle), true, stored);
        }
        cycle.putNull("next");
        cycle.put("index", index + 1);
        if (index + 1 < repos.size()) {
            return new SyncResult(write(committed, cycle), true, stored);
        }
        // every repository's open list is complete: now, and only now, archive what was closed
        stored += archiveClosed(base, repos, seen);
        ObjectNode done = Json.object();
        for (RepositoryName r : repos) {
            if (pending.has(r.fullName())) {
                done.set(r.fullName(), pending.get(r.fullName()));
            }
        }
        return new SyncResult(write(done, null), false, stored);
    }

    /**
     * Archives this source's items of the configured repositories that no open list showed,
     * after GitHub confirmed each is closed (or gone); one that is still open is stored again.
     * Items of repositories no longer configured are archived without asking.
     */
    private int archiveClosed(ApiBase base, List<RepositoryName> repos, ObjectNode seen) {
        Map<String, RepositoryName> byName = new LinkedHashMap<>();
        repos.forEach(r -> byName.put(r.fullName().toLowerCase(Locale.ROOT), r)); // GitHub's names ignore case
        List<InboxItem> candidates = new ArrayList<>();
        List<String> unwatched = new ArrayList<>();
        for (InboxItem item : ItemStore.all(inbox, InboxQuery.all().withTypes(List.of(Items.PR_TYPE)))) {
            Items.PullRequest pr = Items.pullRequestOf(item);
            if (pr == null) {
                continue; // only a notification thread: not this source's to archive
            }
            RepositoryName repo = byName.get(pr.repository().toLowerCase(Locale.ROOT));
            if (repo == null) {
                unwatched.add(item.externalId()); // its repository was removed from the config
                continue;
            }
            Set<Integer> open = new HashSet<>();
            seen.path(repo.fullName()).forEach(x -> open.add(x.asInt()));
            int n = pr.number();
            if (!open.contains(n)) {
                candidates.add(item);
            }
        }
        List<String> archive = new ArrayList<>();
        List<Items.PullRequest> stillOpen = new ArrayList<>();
        for (InboxItem item : candidates) {
            Items.PullRequest known = Items.pullRequestOf(item);
            RepositoryName repo = byName.get(known.repository().toLowerCase(Locale.ROOT));
            int number = known.number();
            URI uri = base.resolve(null, "repos", repo.owner(), repo.name(), "pulls", Integer.toString(number));
            ApiResponse r = client.exchange(base, "GET", uri, null, Map.of());
            if (r.status() == 404 || r.status() == 410) {
                archive.add(item.externalId());
            } else if (r.status() / 100 == 2) {
                JsonNode pr = r.jsonObject();
                Items.PullRequest fresh = "open".equals(Json.text(pr, "state")) ? Items.pullRequest(pr, repo, base) : null;
                if (fresh != null) {
                    stillOpen.add(fresh);
                } else {
                    archive.add(item.externalId());
                }
            } else {
                throw client.failure(r);
            }
        }
        int stored = ItemStore.storePullRequests(inbox, log, stillOpen, Items.PULL_REQUESTS);
        if (!unwatched.isEmpty()) {
            int n = inbox.archive(unwatched);
            log.info("{}: archived {} pull request(s) of repositories no longer configured", Items.PULL_REQUESTS, n);
        }
        if (!archive.isEmpty()) {
            int n = inbox.archive(archive);
            log.info("{}: archived {} closed pull request(s)", Items.PULL_REQUESTS, n);
        }
        return stored;
    }

    static List<RepositoryName> repositories(Object raw) {
        if (!(raw instanceof List<?> list) || list.isEmpty()) {
            throw GitHubErrors.invalid("$.repositories: required, a list of repositories such as [\"octo/hello\"]");
        }
        if (list.size() > MAX_REPOSITORIES) {
            throw GitHubErrors.invalid("$.repositories: at most " + MAX_REPOSITORIES + " repositories");
        }
        Set<String> names = new LinkedHashSet<>();
        List<RepositoryName> repos = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            RepositoryName r = RepositoryName.parse(list.get(i), "$.repositories[" + i + "]");
            // GitHub's names are case-insensitive
            if (names.add(r.fullName().toLowerCase(java.util.Locale.ROOT))) {
                repos.add(r);
            }
        }
        return repos;
    }

    private static String write(ObjectNode repos, ObjectNode cycle) {
        ObjectNode c = Pages.newCursor();
        c.set("repos", repos);
        if (cycle != null) {
            c.set("cycle", cycle);
        }
        return Json.write(c);
    }
}
