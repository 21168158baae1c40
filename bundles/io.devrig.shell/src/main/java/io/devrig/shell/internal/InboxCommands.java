package io.devrig.shell.internal;

import io.devrig.api.error.DevRigException;
import io.devrig.api.inbox.Inbox;
import io.devrig.api.inbox.InboxItem;
import io.devrig.api.inbox.InboxQuery;
import io.devrig.api.inbox.InboxStats;
import io.devrig.api.inbox.Priority;
import io.devrig.api.inbox.SearchHit;
import io.devrig.api.time.DevRigClock;
import java.io.PrintStream;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.ToIntFunction;
import org.apache.karaf.shell.support.CommandException;
import org.apache.karaf.shell.support.table.ShellTable;

/**
 * What the {@code devrig:inbox*} commands do, without the shell. The service may be null
 * (not running): every command then fails with one {@code Error: ...} line. The commands
 * taking ids look each id up first ({@link Inbox#get}), because the service ignores
 * unknown ids: they print how many items changed, then fail naming the ids not found.
 */
final class InboxCommands {

    static final String NOT_RUNNING = "the inbox is not running";
    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 500;

    private final Inbox inbox;
    private final PrintStream out;
    private final DevRigClock clock;
    private final ZoneId zone;

    /**
     * @param clock the time a relative snooze time counts from
     * @param zone the time zone of {@code tomorrow} and of local snooze times (the system's)
     */
    InboxCommands(Inbox inbox, PrintStream out, DevRigClock clock, ZoneId zone) {
        this.inbox = inbox;
        this.out = Objects.requireNonNull(out, "out");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.zone = Objects.requireNonNull(zone, "zone");
    }

    /** {@code inbox}: the items the query selects, then {@code N of M items}. */
    void list(InboxQuery query) throws CommandException {
        List<InboxItem> items = call(s -> s.list(query));
        int total = call(s -> s.count(query));
        if (items.isEmpty() && total == 0) {
            out.println("No items.");
            return;
        }
        if (!items.isEmpty()) {
            ShellTable table = new ShellTable();
            table.column("ID");
            table.column("PLUGIN");
            table.column("TYPE");
            table.column("PRIORITY");
            table.column("STATUS");
            table.column("ACT");
            table.column("TITLE");
            table.column("UPDATED");
            for (InboxItem i : items) {
                table.addRow().addContent(PluginText.orDash(i.id()), PluginText.orDash(i.pluginId()),
                        PluginText.orDash(i.type()), InboxText.priority(i.priority()), InboxText.status(i.status()),
                        i.actionable() ? "*" : "", FlowText.truncate(PluginText.orDash(i.title()), InboxText.TITLE_WIDTH),
                        FlowText.time(i.updatedAt()));
            }
            table.print(out);
        }
        out.println(items.size() + " of " + InboxText.items(total)
                + (query.offset() > 0 ? " (from #" + (query.offset() + 1) + ")" : "") + ".");
    }

    /** {@code inbox-search <text>}: the best matches with their rank (bm25: lower is better) and snippet. */
    void search(String text, InboxQuery filters) throws CommandException {
        if (text == null || text.isBlank()) {
            throw ErrorLine.of("give the text to search for");
        }
        List<SearchHit> hits = call(s -> s.search(text, filters));
        if (hits.isEmpty()) {
            out.println("No matches.");
            return;
        }
        ShellTable table = new ShellTable();
        table.column("RANK");
        table.column("ID");
        table.column("PLUGIN");
        table.column("STATUS");
        table.column("TITLE");
        table.column("SNIPPET");
        for (SearchHit h : hits) {
            InboxItem i = h.item();
            table.addRow().addContent(String.format(Locale.ROOT, "%.2f", h.rank()),
                    i == null ? "-" : PluginText.orDash(i.id()), i == null ? "-" : PluginText.orDash(i.pluginId()),
                    i == null ? "-" : InboxText.status(i.status()),
                    i == null ? "-" : FlowText.truncate(PluginText.orDash(i.title()), InboxText.SEARCH_TITLE_WIDTH),
                    FlowText.truncate(PluginText.orDash(h.snippet()), InboxText.SNIPPET_WIDTH));
        }
        table.print(out);
        String found = hits.size() + (hits.size() == 1 ? " match" : " matches");
        out.println(hits.size() >= filters.limit()
                ? found + " (the best " + filters.limit() + "; see more with --offset "
                        + (filters.offset() + filters.limit()) + ")."
                : found + ".");
        SearchHit.Ranking ranking = hits.get(0).ranking();
        if (ranking.bounded()) {
            // a very common word: older matches were not ranked and are not in the pages
            out.println("Ranked among the newest " + String.format(Locale.ROOT, "%,d", ranking.rankedAmong())
                    + " matches only; add words or filters to reach older items.");
        }
    }

    /** {@code inbox-show <id>}: every field; body, metadata and AI draft as blocks. */
    void show(String id) throws CommandException {
        InboxItem i = call(s -> s.get(id)).orElseThrow(() -> notFound(List.of(id)));
        FieldList f = new FieldList()
                .add("Item", i.id())
                .add("Plugin", i.pluginId())
                .add("External id", i.externalId())
                .add("Type", i.type())
                .add("Title", i.title())
                .add("Preview", i.preview())
                .add("Priority", InboxText.priority(i.priority()))
                .add("Status", InboxText.status(i.status()));
        if (i.snoozedUntil() != null && !i.snoozedUntil().isBlank()) {
            f.add("Snoozed until", FlowText.time(i.snoozedUntil()));
        }
        f.add("Actionable", FlowText.yesNo(i.actionable()))
                .add("Source", i.sourceUrl())
                .add("Source created", FlowText.time(i.externalCreatedAt()))
                .add("Stored", FlowText.time(i.createdAt()))
                .add("Updated", FlowText.time(i.updatedAt()))
                .add("Synced", FlowText.time(i.syncedAt()));
        if (isSet(i.aiClassification())) {
            f.add("AI class", i.aiClassification());
        }
        if (isSet(i.aiSummary())) {
            f.add("AI summary", i.aiSummary());
        }
        boolean body = isSet(InboxText.block(i.body()));
        boolean metadata = i.metadata() != null && !i.metadata().isEmpty();
        if (!body) {
            f.add("Body", "-");
        }
        if (!metadata) {
            f.add("Metadata", "{}");
        }
        f.print(out);
        if (body) {
            block("Body:", InboxText.block(i.body()));
        }
        if (metadata) {
            block("Metadata:", Json.pretty(Json.write(i.metadata())));
        }
        if (isSet(i.aiDraft())) {
            block("AI draft:", InboxText.block(i.aiDraft()));
        }
    }

    private void block(String heading, String text) {
        out.println();
        out.println(heading);
        for (String line : text.split("\n", -1)) {
            out.println(line.isEmpty() ? "" : "  " + line);
        }
    }

    private static boolean isSet(String s) {
        return s != null && !s.isBlank();
    }

    /** {@code inbox-read <id…>} (or, with {@code read} false, {@code --unread}). */
    void markRead(List<String> ids, boolean read) throws CommandException {
        String state = read ? "read" : "unread";
        change(ids, s -> found -> s.markRead(found, read),
                count -> "Marked " + count + " " + state,
                "already " + state + ", archived or snoozed");
    }

    /** {@code inbox-archive <id…>} (or, with {@code undo}, back to the inbox). */
    void archive(List<String> ids, boolean undo) throws CommandException {
        if (undo) {
            change(ids, s -> s::unarchive, count -> "Moved " + count + " back to the inbox", "not archived");
        } else {
            change(ids, s -> s::archive, count -> "Archived " + count, "already archived");
        }
    }

    /** {@code inbox-snooze <id…> <until>}: {@code until} as {@link InboxText#until} reads it, in the future. */
    void snooze(List<String> ids, String until) throws CommandException {
        Instant now = clock.now();
        Instant at = InboxText.until(until, now, zone);
        if (!at.isAfter(now)) {
            throw ErrorLine.of("the snooze time " + InboxText.instant(at, zone) + " is not in the future (now: "
                    + PluginText.time(now) + ")");
        }
        change(ids, s -> found -> s.snooze(found, at),
                count -> "Snoozed " + count + " until " + InboxText.instant(at, zone), "left as it was");
    }

    /** {@code inbox-unsnooze <id…>}. */
    void unsnooze(List<String> ids) throws CommandException {
        change(ids, s -> s::unsnooze, count -> "Unsnoozed " + count, "not snoozed");
    }

    /**
     * Looks the ids up, applies the change to the ones found, prints
     * {@code <done> [; K was/were <unchanged>].}, then fails naming the ids not found.
     *
     * @param done the sentence's start, given {@code N items} or {@code N of M items}
     */
    private void change(List<String> given, Function<Inbox, ToIntFunction<List<String>>> op,
            Function<String, String> done, String unchanged) throws CommandException {
        Inbox service = inbox();
        List<String> ids = InboxText.ids(given);
        if (ids.isEmpty()) {
            throw ErrorLine.of("give at least one item id");
        }
        List<String> found = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        for (String id : ids) {
            (call(s -> s.get(id)).isPresent() ? found : missing).add(id);
        }
        if (!found.isEmpty()) {
            int changed;
            try {
                changed = op.apply(service).applyAsInt(found);
            } catch (DevRigException e) {
                throw ErrorLine.of(e);
            }
            String count = changed == found.size() ? InboxText.items(changed)
                    : changed + " of " + InboxText.items(found.size());
            int same = Math.max(0, found.size() - changed);
            out.println(done.apply(count)
                    + (same == 0 ? "" : "; " + same + (same == 1 ? " was " : " were ") + unchanged) + ".");
        }
        if (!missing.isEmpty()) {
            throw notFound(missing);
        }
    }

    /**
     * {@code inbox-act <id> <actionType> [json]}: runs the action on the item and prints its
     * output as indented JSON.
     *
     * @param input one JSON object (checked by {@link RunCommands#input}), or null for none
     */
    void act(String id, String actionType, String input) throws CommandException {
        Inbox service = inbox();
        Map<String, Object> values = input == null ? null : Json.readObject(input);
        Object output;
        try {
            output = service.act(id, actionType, values);
        } catch (DevRigException e) {
            throw actionError(e);
        }
        out.println(Json.pretty(Json.write(output)));
    }

    /** The failure's message and the problems it lists (under {@code problems} or {@code errors}) on one line. */
    private static CommandException actionError(DevRigException e) {
        if (e.error() == null) {
            return ErrorLine.of(e.getMessage());
        }
        String message = e.error().message() == null ? "" : e.error().message().strip();
        List<String> problems = new ArrayList<>();
        for (String key : List.of("problems", "errors")) {
            Object listed = e.error().details().get(key);
            Collection<?> list = listed instanceof Collection<?> c ? c : listed == null ? List.of() : List.of(listed);
            for (Object p : list) {
                String problem = p == null ? "" : PluginText.clean(p.toString());
                if (!problem.isEmpty() && !message.contains(problem) && !problems.contains(problem)) {
                    problems.add(problem);
                }
            }
        }
        if (problems.isEmpty()) {
            return ErrorLine.of(message);
        }
        String head = message.endsWith(".") || message.endsWith(":") ? message.substring(0, message.length() - 1) : message;
        return ErrorLine.of((head.isEmpty() ? "" : head + ": ") + String.join("; ", problems));
    }

    /** {@code inbox-stats}: the figures, then items per plugin and per priority. */
    void stats() throws CommandException {
        InboxStats s = call(Inbox::stats);
        Map<String, Integer> byPlugin = s.byPlugin() == null ? Map.of() : s.byPlugin();
        Map<String, Integer> byPriority = s.byPriority() == null ? Map.of() : s.byPriority();
        int total = byPlugin.values().stream().filter(Objects::nonNull).mapToInt(Integer::intValue).sum();
        new FieldList()
                .add("Items", total + " (not archived)")
                .add("Unread", Integer.toString(s.unread()))
                .add("Actionable", Integer.toString(s.actionable()))
                .add("Last 24 h", Integer.toString(s.last24h()))
                .print(out);
        if (total == 0) {
            return;
        }
        out.println();
        ShellTable plugins = new ShellTable();
        plugins.column("PLUGIN");
        plugins.column("ITEMS");
        // most items first, then by id
        byPlugin.entrySet().stream()
                .sorted(Comparator.comparing((Map.Entry<String, Integer> e) -> e.getValue() == null ? 0 : e.getValue())
                        .reversed().thenComparing(e -> String.valueOf(e.getKey())))
                .forEach(e -> plugins.addRow().addContent(PluginText.orDash(e.getKey()), e.getValue()));
        plugins.print(out);
        out.println();
        // every priority, most urgent first, then whatever else the service counted
        Map<String, Integer> rows = new LinkedHashMap<>();
        for (Priority p : Priority.values()) {
            rows.put(p.json(), byPriority.getOrDefault(p.json(), 0));
        }
        byPriority.forEach(rows::putIfAbsent);
        ShellTable priorities = new ShellTable();
        priorities.column("PRIORITY");
        priorities.column("ITEMS");
        rows.forEach((name, n) -> priorities.addRow().addContent(PluginText.orDash(name), n == null ? 0 : n));
        priorities.print(out);
    }

    private Inbox inbox() throws CommandException {
        if (inbox == null) {
            throw ErrorLine.of(NOT_RUNNING);
        }
        return inbox;
    }

    private <T> T call(Function<Inbox, T> work) throws CommandException {
        Inbox service = inbox();
        try {
            return work.apply(service);
        } catch (DevRigException e) {
            throw ErrorLine.of(e);
        }
    }

    /** {@code no inbox item with id 'a'}, {@code no inbox items with ids 'a', 'b'}. */
    static CommandException notFound(List<String> ids) {
        if (ids.size() == 1) {
            return ErrorLine.of("no inbox item with id '" + ids.get(0) + "'");
        }
        return ErrorLine.of("no inbox items with ids '" + String.join("', '", ids) + "'");
    }
}
