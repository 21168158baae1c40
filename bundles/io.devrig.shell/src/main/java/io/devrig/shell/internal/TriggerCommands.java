package io.devrig.shell.internal;

import io.devrig.api.error.DevRigException;
import io.devrig.api.trigger.FireResult;
import io.devrig.api.trigger.TriggerEvent;
import io.devrig.api.trigger.TriggerManager;
import io.devrig.api.trigger.TriggerState;
import io.devrig.api.trigger.TriggerStatus;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Function;
import org.apache.karaf.shell.support.CommandException;
import org.apache.karaf.shell.support.table.ShellTable;

/**
 * What the trigger commands ({@code triggers}, {@code trigger}, {@code trigger-pause},
 * {@code trigger-resume}, {@code trigger-events}) do, without the shell. The manager may be
 * null (not running): every command then fails with one {@code Error: ...} line.
 */
final class TriggerCommands {

    static final String NOT_RUNNING = "the trigger manager is not running";
    static final int DEFAULT_EVENTS = 20;
    /** Why a trigger waits, as the shell says it. */
    static final String WAITING = "waiting: its workflow is disabled or no service of its type is installed";

    private final TriggerManager manager;
    private final PrintStream out;

    TriggerCommands(TriggerManager manager, PrintStream out) {
        this.manager = manager;
        this.out = Objects.requireNonNull(out, "out");
    }

    /** {@code triggers}: one line per trigger. */
    void list() throws CommandException {
        List<TriggerStatus> all = call(TriggerManager::triggers);
        if (all.isEmpty()) {
            out.println("No triggers. A workflow gets one when a version with a trigger other than manual is published.");
            return;
        }
        ShellTable table = new ShellTable();
        table.column("TRIGGER");
        table.column("WORKFLOW");
        table.column("VERSION");
        table.column("TYPE");
        table.column("STATE");
        table.column("FIRES");
        table.column("ERRORS");
        table.column("LAST FIRED");
        table.column("NEXT");
        for (TriggerStatus s : all) {
            table.addRow().addContent(s.id(), PluginText.orDash(s.workflowId()), s.workflowVersion(),
                    PluginText.orDash(s.type()), state(s.state()), s.fireCount(), s.errorCount(),
                    PluginText.time(s.lastFiredAt()), PluginText.time(s.nextFireAt()));
        }
        table.print(out);
    }

    /** {@code trigger <id>}: everything the manager knows of one trigger. */
    void show(String id) throws CommandException {
        TriggerStatus s = call(m -> m.trigger(id)).orElseThrow(() -> ErrorLine.of("no trigger '" + PluginText.clean(id)
                + "' (see devrig:triggers)"));
        FieldList f = status(s);
        f.print(out);
    }

    /** {@code trigger-pause <id>}: its handler is given back; the pause survives restarts. */
    void pause(String id) throws CommandException {
        TriggerStatus s = call(m -> m.pause(id));
        out.println("Trigger " + s.id() + " of workflow " + PluginText.clean(s.workflowId()) + " is " + state(s.state())
                + "; it fires again after devrig:trigger-resume " + s.id() + ".");
    }

    /** {@code trigger-resume <id>}. */
    void resume(String id) throws CommandException {
        TriggerStatus s = call(m -> m.resume(id));
        out.println("Trigger " + s.id() + " of workflow " + PluginText.clean(s.workflowId()) + " is "
                + (s.state() == TriggerState.WAITING ? WAITING : state(s.state())) + ".");
    }

    /** {@code trigger-events <id>}: the newest fires, dropped duplicates and refusals included. */
    void events(String id, int limit) throws CommandException {
        List<TriggerEvent> events = call(m -> m.events(id, limit));
        if (events.isEmpty()) {
            out.println("Trigger " + PluginText.clean(id) + " has not fired.");
            return;
        }
        ShellTable table = new ShellTable();
        table.column("FIRED");
        table.column("EVENT");
        table.column("OUTCOME");
        table.column("RUN");
        table.column("KEY");
        table.column("WHY");
        for (TriggerEvent e : events) {
            String why = e.outcome() == FireResult.Outcome.DUPLICATE ? "repeats " + e.duplicateOf() : e.reason();
            table.addRow().addContent(PluginText.time(e.firedAt()), e.id(),
                    e.outcome().name().toLowerCase(Locale.ROOT), PluginText.orDash(e.runId()),
                    FlowText.truncate(PluginText.orDash(e.deduplicationKey()), 40),
                    FlowText.truncate(PluginText.orDash(why), FlowText.SUMMARY_WIDTH));
        }
        table.print(out);
        if (events.size() >= limit) {
            out.println("(the newest " + limit + "; see more with --limit)");
        }
    }

    static FieldList status(TriggerStatus s) {
        FieldList f = new FieldList()
                .add("Trigger", s.id())
                .add("Workflow", s.workflowId() + " v" + s.workflowVersion())
                .add("Type", s.type())
                .add("State", s.state() == TriggerState.WAITING ? WAITING : state(s.state()))
                .add("Fires", Long.toString(s.fireCount()))
                .add("Duplicates", s.duplicateCount() + " dropped")
                .add("Last fired", PluginText.time(s.lastFiredAt()))
                .add("Next fire", PluginText.time(s.nextFireAt()))
                .add("Errors", Long.toString(s.errorCount()));
        if (s.lastError() != null) {
            f.add("Last error", s.lastError());
        }
        return f;
    }

    private static String state(TriggerState s) {
        return s == null ? "-" : s.wireName();
    }

    private <T> T call(Function<TriggerManager, T> work) throws CommandException {
        if (manager == null) {
            throw ErrorLine.of(NOT_RUNNING);
        }
        try {
            return work.apply(manager);
        } catch (DevRigException e) {
            throw ErrorLine.of(e);
        } catch (IllegalArgumentException e) {
            throw ErrorLine.of(e.getMessage());
        }
    }
}
