package io.devrig.trigger.cron.internal;

import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.TimeZone;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.quartz.CronExpression;

/**
 * One cron expression in one time zone. Parsing and every fire time are Quartz's
 * {@link CronExpression}; this class only rewrites a 5-field Unix expression into Quartz's
 * syntax first ({@link #toQuartz}) and searches backwards for the latest fire time, which
 * Quartz does not offer ({@code getTimeBefore} returns null).
 *
 * <p>Not thread-safe on its own: a handler calls it under its own lock.
 */
final class CronSchedule {

    /** How far back {@link #latest} looks before it walks forward from the lower bound. */
    private static final List<Duration> WINDOWS = List.of(Duration.ofMinutes(1), Duration.ofHours(1),
            Duration.ofDays(1), Duration.ofDays(7), Duration.ofDays(31), Duration.ofDays(366));

    private final String expression;
    private final String quartz;
    private final ZoneId zone;
    private final CronExpression cron;

    private CronSchedule(String expression, String quartz, ZoneId zone, CronExpression cron) {
        this.expression = expression;
        this.quartz = quartz;
        this.zone = zone;
        this.cron = cron;
    }

    /**
     * Compiles an expression of 5 (Unix), 6 or 7 (Quartz) fields.
     *
     * @throws IllegalArgumentException with a message fit for {@code $.trigger.expression: ...}
     */
    static CronSchedule of(String expression, ZoneId zone) {
        String quartz = toQuartz(expression);
        CronExpression cron;
        try {
            cron = new CronExpression(quartz);
        } catch (ParseException | RuntimeException e) {
            // Quartz throws the odd NumberFormatException or StringIndexOutOfBoundsException as well
            String why = e instanceof ParseException && e.getMessage() != null ? e.getMessage()
                    : "not a valid cron expression";
            throw new IllegalArgumentException(why + (quartz.equals(expression.trim()) ? ""
                    : " (as Quartz: '" + quartz + "')"));
        }
        cron.setTimeZone(TimeZone.getTimeZone(zone));
        return new CronSchedule(expression, quartz, zone, cron);
    }

    /** The expression as the definition wrote it. */
    String expression() {
        return expression;
    }

    /** The expression Quartz evaluates. */
    String quartz() {
        return quartz;
    }

    ZoneId zone() {
        return zone;
    }

    /** The first fire time strictly after {@code after}; null when the schedule never fires again. */
    Instant next(Instant after) {
        Date d = cron.getNextValidTimeAfter(Date.from(after));
        return d == null ? null : d.toInstant();
    }

    /**
     * The last fire time in {@code [first, now]}, where {@code first} is a fire time at or
     * before {@code now}. Cheap in the usual case (one fire time due); after a long downtime
     * it looks back in growing windows from {@code now} instead of walking every fire time
     * since {@code first}.
     */
    Instant latest(Instant first, Instant now) {
        Instant from = first;
        for (Duration window : WINDOWS) {
            Instant start = now.minus(window);
            if (!start.isAfter(first)) {
                break;
            }
            Instant candidate = next(start);
            if (candidate != null && !candidate.isAfter(now)) {
                from = candidate;
                break;
            }
        }
        Instant latest = from;
        for (Instant n = next(latest); n != null && !n.isAfter(now); n = next(n)) {
            latest = n;
        }
        return latest;
    }

    // ---- the 5-field rule --------------------------------------------------------------

    /** A day-of-week item with numbers: a day or a range, then an optional step, nth or last. */
    private static final Pattern DAY_ITEM = Pattern.compile("([0-7])(?:-([0-7]))?(/\\d+|#\\d|L)?");

    /**
     * The expression in Quartz's syntax.
     *
     * <ul>
     * <li>5 fields ({@code minute hour day-of-month month day-of-week}, classic Unix cron):
     * seconds {@code 0} are prepended, and day-of-week numbers move from Unix's 0–7 (0 and 7
     * Sunday) to Quartz's 1–7 (1 Sunday): {@code 1-5} becomes {@code 2-6}, {@code 5-7}
     * becomes {@code 6-1} (a range over the week's end), {@code 0-7} becomes {@code 1-7};
     * names ({@code MON-FRI}) stay.</li>
     * <li>6 or 7 fields: Quartz's own syntax, kept as written (day-of-week 1 is Sunday).</li>
     * <li>Then, for any count, Quartz's {@code ?} rule: exactly one of day-of-month and
     * day-of-week must be {@code ?}. When one is {@code *} and the other is not {@code ?}, the
     * {@code *} becomes {@code ?}; when both are {@code *}, day-of-week becomes {@code ?}.
     * Both restricted is refused by Quartz (Unix cron would fire when either matches).</li>
     * </ul>
     */
    static String toQuartz(String expression) {
        String[] f = expression.trim().split("\\s+");
        if (f.length < 5 || f.length > 7) {
            throw new IllegalArgumentException("must have 5 fields (Unix: minute hour day-of-month month day-of-week)"
                    + " or 6 to 7 (Quartz: second minute hour day-of-month month day-of-week [year]), got "
                    + (expression.isBlank() ? 0 : f.length));
        }
        String[] q;
        if (f.length == 5) {
            q = new String[] {"0", f[0], f[1], f[2], f[3], unixDaysOfWeek(f[4])};
        } else {
            q = f.clone();
        }
        int dom = 3;
        int dow = 5;
        boolean domAll = "*".equals(q[dom]);
        boolean dowAll = "*".equals(q[dow]);
        if (domAll && !"?".equals(q[dow])) {
            if (dowAll) {
                q[dow] = "?";
            } else {
                q[dom] = "?";
            }
        } else if (dowAll && !"?".equals(q[dom])) {
            q[dow] = "?";
        }
        if (!"?".equals(q[dom]) && !"?".equals(q[dow])) {
            throw new IllegalArgumentException("restricts both day-of-month ('" + q[dom] + "') and day-of-week ('"
                    + q[dow] + "'); Quartz allows only one of them (set the other to '?', or '*' in a 5-field"
                    + " expression)");
        }
        return String.join(" ", q);
    }

    private static String unixDaysOfWeek(String field) {
        String[] items = field.split(",", -1);
        for (int i = 0; i < items.length; i++) {
            Matcher m = DAY_ITEM.matcher(items[i].toUpperCase(Locale.ROOT));
            if (!m.matches()) {
                continue; // names, '*', '?', '*/2' mean the same days in both syntaxes
            }
            int from = Integer.parseInt(m.group(1));
            String suffix = m.group(3) == null ? "" : m.group(3);
            if (m.group(2) == null) {
                items[i] = quartzDay(from) + suffix;
                continue;
            }
            int to = Integer.parseInt(m.group(2));
            String range;
            if (from == 0 && to == 7) {
                range = "1-7"; // the whole week, not Sunday to Sunday
            } else {
                range = quartzDay(from) + "-" + quartzDay(to);
            }
            items[i] = range + suffix;
        }
        return String.join(",", items);
    }

    /** Unix 0–7 (0 and 7 Sunday) to Quartz 1–7 (1 Sunday). */
    private static int quartzDay(int unix) {
        return unix % 7 + 1;
    }
}
