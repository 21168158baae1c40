package io.devrig.shell.internal;

import io.devrig.api.error.DevRigError;
import io.devrig.api.error.DevRigException;
import io.devrig.api.error.ErrorCategory;
import io.devrig.api.error.ErrorCodes;
import io.devrig.api.inbox.Inbox;
import io.devrig.api.inbox.InboxItem;
import io.devrig.api.inbox.InboxQuery;
import io.devrig.api.inbox.InboxStats;
import io.devrig.api.inbox.InboxStatus;
import io.devrig.api.inbox.Priority;
import io.devrig.api.inbox.SearchHit;
import io.devrig.api.time.DevRigClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * An in-memory {@link Inbox} as its Javadoc describes it: filters (no status: all but
 * archived), the three orders, paging, a small full-text search (words, {@code "phrases"},
 * {@code prefix*}, AND/OR/NOT skipped; an unclosed quote is a syntax error), state changes
 * that ignore unknown ids and count only real changes, snoozing only into the future,
 * stats over the items not archived, and actions that apply to some plugins' items.
 */
final class FakeInbox implements Inbox {

    private static final Pattern TERM = Pattern.compile("\"([^\"]*)\"|(\\S+)");

    /** A registered action: which plugins' items it applies to, its required input fields, what it returns. */
    record FakeAction(Set<String> appliesTo, List<String> required, Function<Map<String, Object>, Object> run) {
    }

    private final Map<String, InboxItem> items = new LinkedHashMap<>();
    private final Map<String, FakeAction> actions = new HashMap<>();
    private DevRigException failure;
    Instant now = Instant.parse("2026-11-23T08:00:00Z");
    InboxQuery lastQuery;
    String lastSearch;
    /** As the store's rank window: more matches than this are ranked among this many only. */
    int rankWindow = Integer.MAX_VALUE;
    final List<String> changes = new ArrayList<>();
    final List<String> acts = new ArrayList<>();
    final List<Map<String, Object>> actInputs = new ArrayList<>();

    /** Every call fails with {@code e}. */
    FakeInbox failWith(DevRigException e) {
        failure = e;
        return this;
    }

    private void check() {
        if (failure != null) {
            throw failure;
        }
    }

    FakeInbox put(InboxItem item) {
        items.put(item.id(), item);
        return this;
    }

    /** An item with the usual fields; created and updated {@code minutesAgo} before {@link #now}. */
    FakeInbox add(String id, String plugin, String type, String title, Priority priority, InboxStatus status,
            boolean actionable, int minutesAgo) {
        String at = DevRigClock.format(now.minus(Duration.ofMinutes(minutesAgo)));
        return put(new InboxItem(id, plugin, "ext-" + id, type, title, null, null, null, priority, status, actionable,
                Map.of(), status == InboxStatus.SNOOZED ? DevRigClock.format(now.plus(Duration.ofHours(1))) : null, null,
                null, null, null, at, at, at));
    }

    FakeInbox action(String type, Set<String> appliesTo, List<String> required, Function<Map<String, Object>, Object> run) {
        actions.put(type, new FakeAction(appliesTo, required, run));
        return this;
    }

    private Stream<InboxItem> matching(InboxQuery q) {
        return items.values().stream()
                .filter(i -> q.statuses().isEmpty() ? i.status() != InboxStatus.ARCHIVED : q.statuses().contains(i.status()))
                .filter(i -> q.types().isEmpty() || q.types().contains(i.type()))
                .filter(i -> q.priorities().isEmpty() || q.priorities().contains(i.priority()))
                .filter(i -> q.actionable() == null || q.actionable() == i.actionable())
                .filter(i -> q.pluginId() == null || q.pluginId().equals(i.pluginId()));
    }

    @Override
    public List<InboxItem> list(InboxQuery query) {
        check();
        lastQuery = query;
        Comparator<InboxItem> newest = Comparator.comparing(InboxItem::createdAt).reversed();
        Comparator<InboxItem> order = switch (query.orderBy()) {
            case CREATED -> newest;
            case UPDATED -> Comparator.comparing(InboxItem::updatedAt).reversed();
            case PRIORITY -> Comparator.comparing(InboxItem::priority).thenComparing(newest);
        };
        return matching(query).sorted(order).skip(query.offset()).limit(query.limit()).toList();
    }

    @Override
    public int count(InboxQuery query) {
        check();
        return (int) matching(query).count();
    }

    @Override
    public List<SearchHit> search(String text, InboxQuery filters) {
        check();
        lastSearch = text;
        lastQuery = filters;
        if (text.chars().filter(c -> c == '"').count() % 2 != 0) {
            throw new DevRigException(ErrorCodes.INVALID_INPUT, ErrorCategory.PERMANENT,
                    "the search query cannot be parsed: unterminated string");
        }
        List<String> terms = new ArrayList<>();
        Matcher m = TERM.matcher(text);
        while (m.find()) {
            String t = m.group(1) != null ? m.group(1) : m.group(2);
            if (!Set.of("AND", "OR", "NOT").contains(t) && !t.isBlank()) {
                terms.add(t.toLowerCase(Locale.ROOT));
            }
        }
        List<SearchHit> hits = new ArrayList<>();
        for (InboxItem i : matching(filters).toList()) {
            String all = Stream.of(i.title(), i.body(), i.preview()).filter(s -> s != null)
                    .reduce("", (a, b) -> a + " " + b).strip();
            String lower = all.toLowerCase(Locale.ROOT);
            int score = 0;
            boolean every = true;
            for (String t : terms) {
                String stem = t.endsWith("*") ? t.substring(0, t.length() - 1) : t;
                int n = occurrences(lower, stem);
                every &= n > 0;
                score += n;
            }
            if (every && !terms.isEmpty()) {
                hits.add(new SearchHit(i, -score, snippet(all, terms.get(0).replace("*", ""))));
            }
        }
        SearchHit.Ranking ranking = new SearchHit.Ranking(hits.size() > rankWindow, Math.min(hits.size(), rankWindow));
        List<SearchHit> window = hits.subList(Math.max(0, hits.size() - rankWindow), hits.size()).stream()
                .map(h -> new SearchHit(h.item(), h.rank(), h.snippet(), ranking))
                .sorted(Comparator.comparingDouble(SearchHit::rank)).toList();
        return window.stream().skip(filters.offset()).limit(filters.limit()).toList();
    }

    private static int occurrences(String text, String term) {
        int n = 0;
        for (int at = text.indexOf(term); at >= 0; at = text.indexOf(term, at + 1)) {
            n++;
        }
        return n;
    }

    private static String snippet(String text, String term) {
        int at = text.toLowerCase(Locale.ROOT).indexOf(term);
        int from = Math.max(0, at - 10);
        return (from > 0 ? "..." : "") + text.substring(from, at) + "[" + text.substring(at, at + term.length()) + "]"
                + text.substring(at + term.length(), Math.min(text.length(), at + term.length() + 20));
    }

    @Override
    public Optional<InboxItem> get(String id) {
        check();
        return Optional.ofNullable(items.get(id));
    }

    @Override
    public io.devrig.api.inbox.StoreResult store(String source, List<io.devrig.api.inbox.InboxItemInput> items) {
        throw new UnsupportedOperationException("the shell never stores items");
    }

    private int change(String what, List<String> ids, Predicate<InboxItem> applies, Function<InboxItem, InboxItem> to) {
        check();
        changes.add(what + " " + ids);
        int n = 0;
        for (String id : ids) {
            InboxItem i = items.get(id);
            if (i != null && applies.test(i)) {
                InboxItem changed = to.apply(i);
                items.put(id, with(changed, changed.status(), changed.snoozedUntil(), DevRigClock.format(now)));
                n++;
            }
        }
        return n;
    }

    private static InboxItem with(InboxItem i, InboxStatus status, String snoozedUntil, String updatedAt) {
        return new InboxItem(i.id(), i.pluginId(), i.externalId(), i.type(), i.title(), i.body(), i.preview(),
                i.sourceUrl(), i.priority(), status, i.actionable(), i.metadata(), snoozedUntil, i.externalCreatedAt(),
                i.aiClassification(), i.aiSummary(), i.aiDraft(), i.syncedAt(), i.createdAt(), updatedAt);
    }

    @Override
    public int markRead(List<String> ids, boolean read) {
        InboxStatus from = read ? InboxStatus.UNREAD : InboxStatus.READ;
        InboxStatus to = read ? InboxStatus.READ : InboxStatus.UNREAD;
        return change("markRead(" + read + ")", ids, i -> i.status() == from, i -> with(i, to, null, i.updatedAt()));
    }

    @Override
    public int archive(List<String> ids) {
        return change("archive", ids, i -> i.status() != InboxStatus.ARCHIVED,
                i -> with(i, InboxStatus.ARCHIVED, null, i.updatedAt()));
    }

    @Override
    public int unarchive(List<String> ids) {
        return change("unarchive", ids, i -> i.status() == InboxStatus.ARCHIVED,
                i -> with(i, InboxStatus.READ, null, i.updatedAt()));
    }

    @Override
    public int snooze(List<String> ids, Instant until) {
        check();
        if (!until.isAfter(now)) {
            throw new DevRigException(ErrorCodes.INVALID_INPUT, ErrorCategory.PERMANENT, "until must be in the future");
        }
        String at = DevRigClock.format(until);
        return change("snooze(" + at + ")", ids,
                i -> i.status() != InboxStatus.ARCHIVED && !(i.status() == InboxStatus.SNOOZED && at.equals(i.snoozedUntil())),
                i -> with(i, InboxStatus.SNOOZED, at, i.updatedAt()));
    }

    @Override
    public int unsnooze(List<String> ids) {
        return change("unsnooze", ids, i -> i.status() == InboxStatus.SNOOZED,
                i -> with(i, InboxStatus.UNREAD, null, i.updatedAt()));
    }

    @Override
    public InboxStats stats() {
        check();
        List<InboxItem> live = items.values().stream().filter(i -> i.status() != InboxStatus.ARCHIVED).toList();
        Map<String, Integer> byPlugin = new TreeMap<>();
        Map<String, Integer> byPriority = new TreeMap<>();
        for (InboxItem i : live) {
            byPlugin.merge(i.pluginId(), 1, Integer::sum);
            byPriority.merge(i.priority().json(), 1, Integer::sum);
        }
        Instant dayAgo = now.minus(Duration.ofHours(24));
        return new InboxStats((int) live.stream().filter(i -> i.status() == InboxStatus.UNREAD).count(),
                (int) live.stream().filter(InboxItem::actionable).count(), byPlugin, byPriority,
                (int) live.stream().filter(i -> Instant.parse(i.createdAt()).isAfter(dayAgo)).count());
    }

    @Override
    public Object act(String itemId, String actionType, Map<String, Object> input) {
        check();
        acts.add(itemId + " " + actionType);
        actInputs.add(input);
        InboxItem item = items.get(itemId);
        if (item == null) {
            throw new DevRigException(ErrorCodes.NOT_FOUND, ErrorCategory.PERMANENT, "no inbox item with id '" + itemId + "'");
        }
        FakeAction action = actions.get(actionType);
        if (action == null || !action.appliesTo().contains(item.pluginId())) {
            throw new DevRigException(ErrorCodes.INVALID_INPUT, ErrorCategory.PERMANENT,
                    "action type '" + actionType + "' does not apply to items of " + item.pluginId());
        }
        List<String> problems = new ArrayList<>();
        for (String field : action.required()) {
            if (input == null || !input.containsKey(field)) {
                problems.add("$." + field + ": required");
            }
        }
        if (!problems.isEmpty()) {
            throw new DevRigException(DevRigError.of("ACTION_INPUT_INVALID", ErrorCategory.PERMANENT,
                    "the input does not match the action's input schema").withDetails(Map.of("problems", problems)));
        }
        Object output = action.run().apply(input == null ? Map.of() : input);
        if (output instanceof Map<?, ?> out && out.get("itemUpdate") instanceof Map<?, ?> update
                && update.get("status") instanceof String status) {
            items.put(itemId, with(item, InboxStatus.fromJson(status), null, DevRigClock.format(now)));
        }
        return output;
    }
}
