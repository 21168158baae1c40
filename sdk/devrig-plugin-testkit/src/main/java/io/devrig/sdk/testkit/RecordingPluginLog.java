package io.devrig.sdk.testkit;

import io.devrig.api.plugin.sdk.PluginLog;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * {@link PluginLog} that records lines as {@code "<LEVEL> <message>"}, the {@code {}}
 * placeholders filled as SLF4J fills them (a trailing throwable is appended by its
 * {@code toString()}).
 */
public final class RecordingPluginLog implements PluginLog {

    private final List<String> lines = new CopyOnWriteArrayList<>();

    /** The lines logged so far. */
    public List<String> lines() {
        return List.copyOf(lines);
    }

    @Override
    public void debug(String message, Object... arguments) {
        record("DEBUG", message, arguments);
    }

    @Override
    public void info(String message, Object... arguments) {
        record("INFO", message, arguments);
    }

    @Override
    public void warn(String message, Object... arguments) {
        record("WARN", message, arguments);
    }

    @Override
    public void error(String message, Object... arguments) {
        record("ERROR", message, arguments);
    }

    private void record(String level, String message, Object... arguments) {
        StringBuilder text = new StringBuilder();
        int used = 0;
        int from = 0;
        for (int at = message.indexOf("{}"); at >= 0 && used < arguments.length; at = message.indexOf("{}", from)) {
            text.append(message, from, at).append(arguments[used++]);
            from = at + 2;
        }
        text.append(message.substring(from));
        if (used < arguments.length && arguments[arguments.length - 1] instanceof Throwable t) {
            text.append(' ').append(t);
        }
        lines.add(level + " " + text);
    }
}
