package io.devrig.shell.internal;

import io.devrig.api.error.DevRigException;
import io.devrig.api.error.ErrorCodes;
import io.devrig.api.flow.RunStatus;
import io.devrig.api.flow.WorkflowSummary;
import java.io.PrintStream;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.karaf.shell.support.CommandException;

/**
 * How the workflow and run commands show what the flow services return: times, durations,
 * error objects, draft states, problem lists, and the parsing of the few typed arguments
 * (status, whole numbers) with one clear error line each.
 */
final class FlowText {

    /** The longest output summary a node table shows. */
    static final int SUMMARY_WIDTH = 60;

    private FlowText() {
    }

    /** An ISO-8601 instant as {@code 2026-11-23 08:00:00Z}; text that is no instant as it is (cleaned); "-" for none. */
    static String time(String iso) {
        if (iso == null || iso.isBlank()) {
            return "-";
        }
        try {
            return PluginText.time(Instant.parse(iso.strip()));
        } catch (DateTimeParseException notUtc) {
            try {
                return PluginText.time(OffsetDateTime.parse(iso.strip()).toInstant());
            } catch (DateTimeParseException other) {
                return PluginText.orDash(iso);
            }
        }
    }

    /** {@code 250 ms}, {@code 1.2 s}, {@code 2 min 5 s}, {@code 1 h 2 min}; "-" for none. */
    static String duration(Long millis) {
        if (millis == null || millis < 0) {
            return "-";
        }
        if (millis < 1000) {
            return millis + " ms";
        }
        if (millis < 60_000) {
            return String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
        }
        return QueueCommands.age(java.time.Duration.ofMillis(millis));
    }

    /**
     * An error as stored ({@code {"code": ..., "category": ..., "message": ...}}) as the one
     * line {@code CODE (category): message}; other text cleaned; "-" for none.
     */
    static String error(String errorJson) {
        if (errorJson == null || errorJson.isBlank()) {
            return "-";
        }
        Map<String, String> f = Json.scalarFields(errorJson);
        String code = f.get("code");
        String message = f.get("message");
        if (code == null && message == null) {
            return PluginText.orDash(errorJson);
        }
        StringBuilder line = new StringBuilder();
        if (code != null) {
            line.append(PluginText.clean(code));
            if (f.get("category") != null) {
                line.append(" (").append(PluginText.clean(f.get("category"))).append(')');
            }
        }
        if (message != null) {
            line.append(line.length() == 0 ? "" : ": ").append(PluginText.clean(message));
        }
        return line.toString();
    }

    /** {@code text} on one line, cut to {@code width} characters (the last three then {@code ...}). */
    static String truncate(String text, int width) {
        String clean = PluginText.clean(text);
        return clean.length() <= width ? clean : clean.substring(0, width - 3) + "...";
    }

    /** {@code none}, {@code same as v3} or {@code changed} (a draft never published counts as changed). */
    static String draftState(WorkflowSummary w) {
        if (!w.hasDraft()) {
            return "none";
        }
        return w.draftChanged() || w.latestVersion() < 1 ? "changed" : "same as v" + w.latestVersion();
    }

    /** The latest version, or "-" when never published. */
    static String latest(WorkflowSummary w) {
        return w.latestVersion() < 1 ? "-" : Integer.toString(w.latestVersion());
    }

    static String yesNo(boolean b) {
        return b ? "yes" : "no";
    }

    /** {@code 1 problem}, {@code 3 problems}. */
    static String count(int n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }

    /**
     * The problems an {@code INVALID_INPUT} failure lists under its {@code problems} detail
     * (the flow services' key), one cleaned line each; empty for other failures.
     */
    static List<String> problems(DevRigException e) {
        List<String> problems = new ArrayList<>();
        if (e.error() == null || !ErrorCodes.INVALID_INPUT.equals(e.code())) {
            return problems;
        }
        Object listed = e.error().details().get("problems");
        if (listed instanceof Collection<?> list) {
            for (Object p : list) {
                if (p != null && !PluginText.clean(p.toString()).isEmpty()) {
                    problems.add(PluginText.clean(p.toString()));
                }
            }
        } else if (listed != null && !PluginText.clean(listed.toString()).isEmpty()) {
            problems.add(PluginText.clean(listed.toString()));
        }
        return problems;
    }

    /** {@code heading} then each line indented by two spaces; nothing when there are no lines. */
    static void printList(PrintStream out, String heading, List<String> lines) {
        if (lines == null || lines.isEmpty()) {
            return;
        }
        out.println(heading);
        for (String line : lines) {
            out.println("  " + PluginText.clean(line));
        }
    }

    /** The json names of the run states: {@code pending, running, ...}. */
    static String statusNames() {
        return Arrays.stream(RunStatus.values()).map(RunStatus::json).collect(Collectors.joining(", "));
    }

    /** A run state by its json name (any case), or one error line listing the valid names; null for none. */
    static RunStatus runStatus(String name) throws CommandException {
        if (name == null) {
            return null;
        }
        String wanted = name.strip().toLowerCase(Locale.ROOT);
        for (RunStatus s : RunStatus.values()) {
            if (s.json().equals(wanted)) {
                return s;
            }
        }
        throw ErrorLine.of("unknown status '" + PluginText.clean(name) + "'; use one of: " + statusNames());
    }

    static String status(RunStatus s) {
        return s == null ? "-" : s.json();
    }

    /**
     * A whole-number option or argument: its value, or {@code fallback} when not given.
     *
     * @param what how the error line names it, e.g. {@code --limit}
     */
    static int wholeNumber(String value, String what, int min, int max, int fallback) throws CommandException {
        if (value == null) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(value.strip());
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException notANumber) {
            // reported below, with the range
        }
        throw ErrorLine.of(what + " must be a whole number from " + min + " to " + max + ", not '"
                + PluginText.clean(value) + "'");
    }
}
