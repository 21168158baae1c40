package io.devrig.trigger.cron.internal;

import io.devrig.api.trigger.TriggerType;
import io.devrig.common.json.JsonValues;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A cron trigger's fields, read and checked (seed §6.2.1 plus DevRig's {@code missedFirePolicy}).
 *
 * @param maxExecutions the fire limit across restarts, or 0 for none
 */
record CronConfig(CronSchedule schedule, long maxExecutions, boolean noOverlap, MissedFirePolicy missedFirePolicy) {

    /** The zone of a trigger that names none: UTC, so a schedule does not move with the server. */
    static final ZoneId DEFAULT_ZONE = ZoneId.of("UTC");

    static final String EXPRESSION = "expression";
    static final String TIMEZONE = "timezone";
    static final String MAX_EXECUTIONS = "maxExecutions";
    static final String NO_OVERLAP = "noOverlap";
    static final String MISSED_FIRE_POLICY = "missedFirePolicy";

    private static final Set<String> FIELDS = Set.of(EXPRESSION, TIMEZONE, MAX_EXECUTIONS, NO_OVERLAP,
            MISSED_FIRE_POLICY,
            // read by the trigger manager, not by this type: the dedup window, a manual start's input
            TriggerType.DEDUPLICATION_WINDOW_FIELD, "inputSchema");

    private static final String PATH = "$.trigger.";

    /** What to do with fire times that passed while DevRig was down (or the scheduler was late). */
    enum MissedFirePolicy {
        /** One fire, for the latest missed fire time, with {@code missed: true} in the payload. */
        FIRE_ONCE("fireOnce"),
        /** No fire for fire times older than the grace period; the schedule goes on. */
        SKIP("skip");

        final String wireName;

        MissedFirePolicy(String wireName) {
            this.wireName = wireName;
        }
    }

    /**
     * Reads a trigger's fields. Problems are added to {@code problems}, each starting with its
     * JSON path; the result is null when there is one.
     *
     * @param now to refuse an expression that never fires after it (at publish); null not to
     *        (a handler of a published version whose last fire time has passed still starts,
     *        to make up for a missed fire, and then has nothing left to fire)
     */
    static CronConfig read(Map<String, Object> config, Instant now, List<String> problems) {
        int before = problems.size();
        Map<String, Object> c = config == null ? Map.of() : config;
        for (String field : c.keySet()) {
            if (!FIELDS.contains(field) && !"type".equals(field)) {
                problems.add(PATH + field + ": unknown field of a cron trigger (known: expression, timezone,"
                        + " maxExecutions, noOverlap, missedFirePolicy)");
            }
        }
        ZoneId zone = DEFAULT_ZONE;
        Object tz = c.get(TIMEZONE);
        if (tz != null) {
            if (!(tz instanceof String s) || s.isBlank()) {
                problems.add(PATH + TIMEZONE + ": must be a time zone id such as Europe/Berlin, got " + describe(tz));
            } else {
                try {
                    zone = ZoneId.of(s.trim());
                } catch (DateTimeException e) {
                    problems.add(PATH + TIMEZONE + ": unknown time zone '" + s + "' (an IANA id such as Europe/Berlin,"
                            + " or UTC)");
                }
            }
        }
        CronSchedule schedule = null;
        Object expression = c.get(EXPRESSION);
        if (expression == null) {
            problems.add(PATH + EXPRESSION + ": required (e.g. \"0 9 * * 1-5\", or Quartz \"0 0 9 ? * MON-FRI\")");
        } else if (!(expression instanceof String s) || s.isBlank()) {
            problems.add(PATH + EXPRESSION + ": must be a cron expression, got " + describe(expression));
        } else {
            try {
                schedule = CronSchedule.of(s, zone);
                if (now != null && schedule.next(now) == null) {
                    problems.add(PATH + EXPRESSION + ": never fires after " + now);
                }
            } catch (IllegalArgumentException e) {
                problems.add(PATH + EXPRESSION + ": " + e.getMessage());
            }
        }
        long max = 0;
        Object m = c.get(MAX_EXECUTIONS);
        if (m != null) {
            Long n = JsonValues.wholeNumber(m);
            if (n == null || n < 1) {
                problems.add(PATH + MAX_EXECUTIONS + ": must be a whole number of at least 1, got " + describe(m));
            } else {
                max = n;
            }
        }
        boolean noOverlap = false;
        Object o = c.get(NO_OVERLAP);
        if (o != null) {
            if (o instanceof Boolean b) {
                noOverlap = b;
            } else {
                problems.add(PATH + NO_OVERLAP + ": must be true or false, got " + describe(o));
            }
        }
        MissedFirePolicy policy = MissedFirePolicy.FIRE_ONCE;
        Object p = c.get(MISSED_FIRE_POLICY);
        if (p != null) {
            policy = null;
            for (MissedFirePolicy candidate : MissedFirePolicy.values()) {
                if (candidate.wireName.equals(p)) {
                    policy = candidate;
                }
            }
            if (policy == null) {
                problems.add(PATH + MISSED_FIRE_POLICY + ": must be \"fireOnce\" or \"skip\", got " + describe(p));
            }
        }
        return problems.size() > before ? null : new CronConfig(schedule, max, noOverlap, policy);
    }

    /** Reads and checks the fields; the problems of {@link TriggerType#validate}. */
    static List<String> problems(Map<String, Object> config, Instant now) {
        List<String> problems = new ArrayList<>();
        read(config, now, problems);
        return problems;
    }

    private static String describe(Object value) {
        return value instanceof String s ? "\"" + s + "\"" : String.valueOf(value);
    }
}
