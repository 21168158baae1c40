package io.devrig.shell.internal;

import io.devrig.api.plugin.PluginAdmin;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import org.apache.karaf.log.core.LogService;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.ops4j.pax.logging.spi.PaxLoggingEvent;

/** {@code devrig:plugin-log}: a plugin's recent log lines from Karaf's log buffer (what log:display reads). */
@Command(scope = "devrig", name = "plugin-log", description = "Prints a plugin's recent log lines: its PluginLog"
        + " (logger devrig.plugin.<id>), what its own bundle logs through SLF4J, and DevRig's lines naming it (the"
        + " host's 'updated' line, its errors), from the same buffer as log:display (etc/org.apache.karaf.log.cfg size).")
@Service
public class PluginLogCommand implements Action {

    // optional, as everywhere in this bundle: the commands stay registered and say what is missing
    @Reference(optional = true)
    PluginAdmin admin;

    @Reference(optional = true)
    LogService logs;

    @Argument(index = 0, name = "id", required = true, description = "The plugin's id (its bundle symbolic name)")
    @Completion(PluginIdCompleter.class)
    String id;

    @Option(name = "-n", description = "How many lines, the most recent (default 50)")
    int lines = 50;

    @Option(name = "-l", aliases = "--level", description = "The least severe level shown: ERROR, WARN, INFO, DEBUG (default: all)")
    String level = "ALL";

    @Option(name = "--own", description = "Only the plugin's own lines, not DevRig's lines about it")
    boolean own;

    PrintStream out = System.out;

    @Override
    public Object execute() throws Exception {
        new PluginCommands(admin, out).log(logs == null ? null : events(logs), id, lines, level, own);
        return null;
    }

    /** Karaf's buffered events as plain values. */
    static List<PluginLogLines.Event> events(LogService logs) {
        List<PluginLogLines.Event> events = new ArrayList<>();
        for (PaxLoggingEvent e : logs.getEvents()) {
            Object bundle = e.getProperties() == null ? null : e.getProperties().get("bundle.name");
            String[] throwable = e.getThrowableStrRep();
            events.add(new PluginLogLines.Event(e.getTimeStamp(), e.getLevel().getSyslogEquivalent(),
                    e.getLevel().toLevel().name(), e.getLoggerName(), e.getThreadName(),
                    bundle == null ? null : bundle.toString(), e.getRenderedMessage(),
                    throwable == null ? List.of() : List.of(throwable)));
        }
        return events;
    }
}
