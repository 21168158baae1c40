package io.devrig.shell.internal;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Which of Karaf's recent log events ({@code log:display}'s buffer) belong to a plugin, and
 * how {@code devrig:plugin-log} prints them. A plugin's lines are those of its
 * {@code PluginLog} (logger {@code devrig.plugin.<id>}, logged by the host's bundle) and those
 * its own bundle logs through SLF4J (Pax Logging names the logging bundle in the event's
 * {@code bundle.name}, whatever the logger is called); unless only those are asked for,
 * DevRig's own lines that name the plugin (the host's "updated" line, a sync failure) too.
 */
final class PluginLogLines {

    /** The prefix of a plugin's {@code PluginLog} logger name. */
    static final String LOGGER_PREFIX = "devrig.plugin.";

    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private PluginLogLines() {
    }

    /**
     * One log event.
     *
     * @param syslog the level as its syslog number (3 error, 4 warn, 6 info, 7 debug and trace)
     * @param bundle the symbolic name of the bundle that logged it (Pax Logging's {@code bundle.name}), or null
     * @param throwable the exception's lines, if any
     */
    record Event(long time, int syslog, String level, String logger, String thread, String bundle, String message,
            List<String> throwable) {
    }

    /** The syslog number of a level name (the least severe level to show), -1 for an unknown name. */
    static int level(String name) {
        return switch (name.toUpperCase(Locale.ROOT)) {
            case "ERROR" -> 3;
            case "WARN", "WARNING" -> 4;
            case "INFO" -> 6;
            case "DEBUG", "TRACE", "ALL" -> 7;
            default -> -1;
        };
    }

    /** The last {@code count} events of the plugin at {@code maxSyslog} or more severe, oldest first. */
    static List<Event> select(Iterable<Event> events, String pluginId, int count, int maxSyslog, boolean ownOnly) {
        Pattern named = Pattern.compile("(^|[^\\w.-])" + Pattern.quote(pluginId) + "($|[^\\w.-]|\\.(?!\\w))");
        Deque<Event> last = new ArrayDeque<>();
        for (Event e : events) {
            if (e == null || e.syslog() > maxSyslog) {
                continue;
            }
            boolean own = (LOGGER_PREFIX + pluginId).equals(e.logger()) || pluginId.equals(e.bundle());
            boolean about = !ownOnly && e.logger() != null && e.logger().startsWith("io.devrig.") && e.message() != null
                    && named.matcher(e.message()).find();
            if (own || about) {
                last.addLast(e);
                if (last.size() > count) {
                    last.removeFirst();
                }
            }
        }
        return new ArrayList<>(last);
    }

    /** {@code 2026-12-06 22:13:17.262Z INFO  [thread] logger: message}, then the exception's lines. */
    static String format(Event e) {
        StringBuilder line = new StringBuilder();
        line.append(TIME.format(Instant.ofEpochMilli(e.time()))).append(' ')
                .append(String.format("%-5s", e.level())).append(" [").append(PluginText.clean(e.thread())).append("] ")
                .append(PluginText.clean(e.logger())).append(": ")
                // a plugin's message is third-party text: no escape sequences to the terminal
                .append(PluginText.clean(e.message()));
        if (e.throwable() != null) {
            for (String t : e.throwable()) {
                line.append(System.lineSeparator()).append("    ").append(PluginText.clean(t));
            }
        }
        return line.toString();
    }
}
