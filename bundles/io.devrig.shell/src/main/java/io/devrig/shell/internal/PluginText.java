package io.devrig.shell.internal;

import io.devrig.api.plugin.PluginCallStats;
import io.devrig.api.plugin.PluginInfo;
import io.devrig.api.plugin.PluginState;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * How the plugin and catalog commands show plugins. Everything a plugin's descriptor or the
 * catalog index supplies is third-party text, so it goes through {@link #clean(String)}:
 * a name or description holding control characters (an ANSI escape, a line break) could
 * otherwise rewrite the admin's terminal or break a table row.
 */
final class PluginText {

    // UTC and to the second, as secret-list shows times
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'Z'").withZone(ZoneOffset.UTC);

    private PluginText() {
    }

    /** {@code s} on one line: each run of control characters (and the blanks around it) made one space; "" for null. */
    static String clean(String s) {
        return s == null ? "" : s.replaceAll("\\s*\\p{Cc}[\\p{Cc}\\s]*", " ").strip();
    }

    /** {@link #clean(String)}, or {@code -} when nothing is left. */
    static String orDash(String s) {
        String c = clean(s);
        return c.isEmpty() ? "-" : c;
    }

    /** Sorted, cleaned and joined; {@code none} when empty. */
    static String joined(Collection<String> items, String separator) {
        Set<String> sorted = sorted(items);
        return sorted.isEmpty() ? "none" : String.join(separator, sorted);
    }

    static Set<String> sorted(Collection<String> items) {
        if (items == null) {
            return new TreeSet<>();
        }
        return items.stream().filter(Objects::nonNull).map(PluginText::clean).filter(s -> !s.isEmpty())
                .collect(Collectors.toCollection(TreeSet::new));
    }

    /** Asked for, not granted (what {@link PluginInfo#pendingPermissions()} says, without trusting null sets). */
    static Set<String> pending(PluginInfo p) {
        Set<String> pending = sorted(p.requestedPermissions());
        pending.removeAll(sorted(p.grantedPermissions()));
        return pending;
    }

    /** The table cell: {@code network,secrets:read (granted: network)}; {@code -} when none are asked for or granted. */
    static String permissionsCell(PluginInfo p) {
        Set<String> requested = sorted(p.requestedPermissions());
        Set<String> granted = sorted(p.grantedPermissions());
        if (requested.isEmpty() && granted.isEmpty()) {
            return "-";
        }
        return (requested.isEmpty() ? "none" : String.join(",", requested))
                + " (granted: " + (granted.isEmpty() ? "none" : String.join(",", granted)) + ")";
    }

    /** {@code active}, {@code awaiting-approval}, ... */
    static String state(PluginState state) {
        return state == null ? "-" : state.wireName();
    }

    /**
     * The plugin's state as the end of a sentence that starts with its subject:
     * {@code is active}, {@code waits for approval of: secrets:read}, {@code is in error: <why>}.
     */
    static String statePhrase(PluginInfo p) {
        if (p.state() == null) {
            return "is in an unknown state";
        }
        return switch (p.state()) {
            case ACTIVE -> "is active";
            case AWAITING_APPROVAL -> "waits for approval of: " + String.join(", ", pendingOrNone(p));
            case DISABLED -> "is disabled";
            case ERROR -> "is in error: " + withoutFinalPeriod(orDash(p.error()));
            case INSTALLED -> "is known but its bundle is not installed";
        };
    }

    // the phrase usually ends a sentence that adds its own period
    private static String withoutFinalPeriod(String s) {
        return s.endsWith(".") && s.length() > 1 ? s.substring(0, s.length() - 1) : s;
    }

    private static Set<String> pendingOrNone(PluginInfo p) {
        Set<String> pending = pending(p);
        return pending.isEmpty() ? Set.of("none") : pending;
    }

    /** {@code closed}, {@code open}, {@code half-open}; {@code -} without figures. */
    static String breaker(PluginCallStats stats) {
        if (stats == null || stats.breaker() == null) {
            return "-";
        }
        return stats.breaker().name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The breaker with, while it is open, the time until it lets a trial call through. */
    static String breakerDetail(PluginCallStats stats) {
        String breaker = breaker(stats);
        if (stats != null && stats.breaker() == PluginCallStats.BreakerState.OPEN) {
            return breaker + " (retry after " + seconds(stats.retryAfterMs()) + ")";
        }
        return breaker;
    }

    /** Milliseconds as whole seconds, rounded up so that "0 s" means now. */
    static String seconds(long millis) {
        long s = millis <= 0 ? 0 : (millis + 999) / 1000;
        return s + " s";
    }

    /** {@code executions/failures}; {@code -} without figures. */
    static String calls(PluginCallStats stats) {
        return stats == null ? "-" : stats.executionCount() + "/" + stats.failureCount();
    }

    static String time(Instant when) {
        return when == null ? "-" : TIME.format(when.truncatedTo(ChronoUnit.SECONDS));
    }
}
