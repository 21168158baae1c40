package io.devrig.shell.internal;

import io.devrig.api.inbox.InboxQuery;
import io.devrig.api.inbox.InboxStatus;
import io.devrig.api.inbox.Priority;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.karaf.shell.support.CommandException;

/**
 * How the inbox commands read their typed arguments (statuses, priorities, order, snooze
 * times) with one clear error line each, and how they show items' text.
 */
final class InboxText {

    /** The longest title the {@code inbox} table shows. */
    static final int TITLE_WIDTH = 60;
    /** The longest title and snippet the {@code inbox-search} table shows (two such columns share a row). */
    static final int SEARCH_TITLE_WIDTH = 40;
    static final int SNIPPET_WIDTH = 60;
    /** What {@code tomorrow} means: this time of the next day, in the system time zone. */
    static final LocalTime TOMORROW_AT = LocalTime.of(9, 0);

    private static final Pattern RELATIVE = Pattern.compile("(\\d{1,6})\\s*([mhdw])", Pattern.CASE_INSENSITIVE);
    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    private InboxText() {
    }

    /** {@code unread, read, archived, snoozed}. */
    static String statusNames() {
        return Arrays.stream(InboxStatus.values()).map(InboxStatus::json).collect(Collectors.joining(", "));
    }

    /** {@code urgent, high, normal, low}. */
    static String priorityNames() {
        return Arrays.stream(Priority.values()).map(Priority::json).collect(Collectors.joining(", "));
    }

    /** {@code created, updated, priority}. */
    static String orderNames() {
        return Arrays.stream(InboxQuery.Order.values()).map(o -> o.name().toLowerCase(Locale.ROOT))
                .collect(Collectors.joining(", "));
    }

    /**
     * Statuses by their json names (any case), each value one name or a comma-separated
     * list; empty for none given; one error line listing the valid names otherwise.
     */
    static List<InboxStatus> statuses(List<String> values) throws CommandException {
        List<InboxStatus> found = new ArrayList<>();
        for (String name : names(values)) {
            InboxStatus s = InboxStatus.fromJson(name.toLowerCase(Locale.ROOT));
            if (s == null) {
                throw ErrorLine.of("unknown status '" + PluginText.clean(name) + "'; use one of: " + statusNames());
            }
            found.add(s);
        }
        return found.stream().distinct().toList();
    }

    /** Priorities as {@link #statuses} reads statuses. */
    static List<Priority> priorities(List<String> values) throws CommandException {
        List<Priority> found = new ArrayList<>();
        for (String name : names(values)) {
            Priority p = Priority.fromJson(name.toLowerCase(Locale.ROOT));
            if (p == null) {
                throw ErrorLine.of("unknown priority '" + PluginText.clean(name) + "'; use one of: " + priorityNames());
            }
            found.add(p);
        }
        return found.stream().distinct().toList();
    }

    // "unread,read" and "unread" "read" alike; blanks dropped
    private static List<String> names(List<String> values) {
        List<String> names = new ArrayList<>();
        if (values != null) {
            for (String v : values) {
                for (String name : (v == null ? "" : v).split(",")) {
                    if (!name.isBlank()) {
                        names.add(name.strip());
                    }
                }
            }
        }
        return names;
    }

    /** A sort order by name (any case); null (the default, newest first) when not given. */
    static InboxQuery.Order order(String name) throws CommandException {
        if (name == null) {
            return null;
        }
        for (InboxQuery.Order o : InboxQuery.Order.values()) {
            if (o.name().equalsIgnoreCase(name.strip())) {
                return o;
            }
        }
        throw ErrorLine.of("unknown order '" + PluginText.clean(name) + "'; use one of: " + orderNames());
    }

    /** Item types as given: stripped, blanks and repeats dropped. Types are the plugins' own names, so no commas are split. */
    static List<String> types(List<String> values) {
        Set<String> types = new LinkedHashSet<>();
        if (values != null) {
            for (String v : values) {
                if (v != null && !v.isBlank()) {
                    types.add(v.strip());
                }
            }
        }
        return List.copyOf(types);
    }

    /** The ids as given: stripped, blanks and repeats dropped, in their order. */
    static List<String> ids(List<String> values) {
        return types(values);
    }

    /**
     * When a snooze ends. {@code text} is an ISO-8601 instant ({@code 2026-11-24T09:00:00Z}),
     * a date-time with an offset ({@code 2026-11-24T09:00+01:00}), a local date-time in
     * {@code zone} ({@code 2026-11-24T09:00}), a duration from {@code now} ({@code 30m},
     * {@code 2h}, {@code 1d} = 24 hours, {@code 1w}), or {@code tomorrow}: the next day at
     * {@link #TOMORROW_AT} in {@code zone}. Says nothing about past or future.
     */
    static Instant until(String text, Instant now, ZoneId zone) throws CommandException {
        String t = text == null ? "" : text.strip();
        if (t.equalsIgnoreCase("tomorrow")) {
            return now.atZone(zone).toLocalDate().plusDays(1).atTime(TOMORROW_AT).atZone(zone).toInstant();
        }
        Matcher relative = RELATIVE.matcher(t);
        if (relative.matches()) {
            long n = Long.parseLong(relative.group(1));
            Duration d = switch (relative.group(2).toLowerCase(Locale.ROOT)) {
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                case "d" -> Duration.ofDays(n);
                default -> Duration.ofDays(7 * n);
            };
            return now.plus(d);
        }
        try {
            return Instant.parse(t);
        } catch (DateTimeException notAnInstant) {
            // try the other forms
        }
        try {
            return OffsetDateTime.parse(t).toInstant();
        } catch (DateTimeException notWithAnOffset) {
            // try a local date-time
        }
        try {
            return LocalDateTime.parse(t).atZone(zone).toInstant();
        } catch (DateTimeException notLocal) {
            throw ErrorLine.of("cannot read the time '" + PluginText.clean(text) + "'; give an ISO-8601 time"
                    + " (2026-11-24T09:00:00Z), a duration (30m, 2h, 1d, 1w) or tomorrow");
        }
    }

    /** {@code 2026-11-24 08:00:00Z (2026-11-24 09:00 Europe/Berlin)}; without the local part in a UTC zone. */
    static String instant(Instant t, ZoneId zone) {
        String utc = PluginText.time(t);
        if (zone.normalized().equals(ZoneOffset.UTC)) {
            return utc;
        }
        return utc + " (" + LOCAL.format(t.atZone(zone)) + " " + zone.getId() + ")";
    }

    /** Multi-line text (a body, a draft) for the console: line breaks and tabs kept, other control characters made spaces. */
    static String block(String text) {
        return text == null ? "" : text.replace("\r\n", "\n").replaceAll("[\\p{Cc}&&[^\\n\\t]]", " ").strip();
    }

    static String priority(Priority p) {
        return p == null ? "-" : p.json();
    }

    static String status(InboxStatus s) {
        return s == null ? "-" : s.json();
    }

    /** {@code 3 items}, {@code 1 item}. */
    static String items(int n) {
        return FlowText.count(n, "item");
    }
}
