package io.devrig.shell.internal;

import static io.devrig.shell.internal.PluginText.orDash;

import io.devrig.api.error.DevRigException;
import io.devrig.api.error.ErrorCodes;
import io.devrig.api.plugin.PluginAdmin;
import io.devrig.api.plugin.PluginCallStats;
import io.devrig.api.plugin.PluginInfo;
import java.io.InputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import org.apache.karaf.shell.support.CommandException;
import org.apache.karaf.shell.support.table.ShellTable;

/**
 * What the {@code devrig:plugin*} commands do, without the shell: the actions only gather
 * their arguments and streams. The {@link PluginAdmin} may be null (the plugin host is not
 * running); every command then fails. Every failure is a {@link CommandException} whose
 * nice help is one {@code Error: ...} line.
 */
final class PluginCommands {

    static final String NOT_RUNNING = "the plugin host is not running";

    private final PluginAdmin admin;
    private final PrintStream out;
    private final PluginRuntime runtime;

    /**
     * @param admin the plugin host's admin service, null when it is not running
     * @param out where the results go
     */
    PluginCommands(PluginAdmin admin, PrintStream out) {
        this(admin, out, null);
    }

    /**
     * @param runtime the plugin's bundle, components and services, for declared versus
     *        published capabilities; null shows the capabilities as declared only
     */
    PluginCommands(PluginAdmin admin, PrintStream out, PluginRuntime runtime) {
        this.admin = admin;
        this.out = Objects.requireNonNull(out, "out");
        this.runtime = runtime;
    }

    /** Updates a plugin's bundle from its own location, as bundle:update does. */
    interface BundleUpdater {
        /**
         * @return the bundle's location and its versions before and after
         * @throws Exception the framework's refusal (a missing file, an invalid bundle)
         */
        String[] update(String pluginId) throws Exception;
    }

    /** The development watch list, kept in the host's configuration (Config Admin). */
    interface WatchList {
        /** False when Config Admin is not running. */
        boolean available();

        List<String> watched();

        void setWatched(List<String> pluginIds) throws java.io.IOException;
    }

    /** {@code plugins}: one row per plugin, by id. */
    void list() throws CommandException {
        List<PluginInfo> plugins = new ArrayList<>(call(PluginAdmin::plugins));
        if (plugins.isEmpty()) {
            out.println("No plugins.");
            return;
        }
        plugins.sort(Comparator.comparing(PluginInfo::id, Comparator.nullsLast(Comparator.naturalOrder())));
        ShellTable table = new ShellTable();
        table.column("ID");
        table.column("VERSION");
        table.column("STATE");
        table.column("PERMISSIONS");
        table.column("BREAKER");
        table.column("CALLS");
        for (PluginInfo p : plugins) {
            table.addRow().addContent(orDash(p.id()), orDash(p.version()), stateCell(p),
                    PluginText.permissionsCell(p), PluginText.breaker(p.stats()), PluginText.calls(p.stats()));
        }
        table.print(out);
    }

    /** The state, and while it is active how many declared capabilities no service provides. */
    private static String stateCell(PluginInfo p) {
        int missing = p.unavailable() == null ? 0 : p.unavailable().size();
        return PluginText.state(p.state()) + (missing == 0 ? "" : " (" + missing + " unavailable)");
    }

    /** {@code plugin <id>}: every field of one plugin, one per line. */
    void show(String id) throws CommandException {
        PluginInfo p = call(a -> a.plugin(id)).orElseThrow(() -> notFound(id));
        PluginCallStats stats = p.stats();
        Fields f = new Fields();
        f.add("Plugin", p.id());
        f.add("Name", p.displayName());
        f.add("Version", p.version());
        f.add("Description", p.description());
        f.add("Category", p.category());
        f.add("State", PluginText.state(p.state()));
        f.add("Requested", PluginText.joined(p.requestedPermissions(), ", "));
        f.add("Granted", PluginText.joined(p.grantedPermissions(), ", "));
        f.add("Pending", PluginText.joined(PluginText.pending(p), ", "));
        // declared versus published, with the reason for each mismatch, when the framework can be read
        f.addLines("Capabilities", runtime == null ? p.capabilities() : PluginDiagnosis.lines(p, runtime));
        f.addLines("Unavailable", p.unavailable());
        f.add("Error", firstLine(p.error())); // the log has the rest
        f.addLines("Notices", p.notices());
        f.add("Calls", stats == null ? null : Long.toString(stats.executionCount()));
        f.add("Failures", stats == null ? null : Long.toString(stats.failureCount()));
        f.add("Last call", PluginText.time(stats == null ? null : stats.lastExecutedAt()));
        f.add("Last error", stats == null ? null : stats.lastError());
        f.add("Breaker", PluginText.breakerDetail(stats));
        if (runtime != null) {
            f.add("Watched", runtime.watched().contains(p.id())
                    ? "yes: its bundle is updated when its jar changes (devrig:plugin-watch --off " + p.id() + ")" : "no");
        }
        f.print(out);
    }

    /**
     * {@code plugin-watch [<id>] [--off]}: lists the watched plugins, or adds or removes one.
     * Only known plugins can be watched; the list is the host's configuration, so it survives
     * restarts, and the host's watch reads it at once.
     */
    void watch(WatchList list, String id, boolean off) throws CommandException {
        if (list == null || !list.available()) {
            throw ErrorLine.of("Config Admin is not running, so the watch list cannot be read or changed");
        }
        List<String> watched = new ArrayList<>(list.watched());
        if (id == null) {
            if (off) {
                throw ErrorLine.of("name the plugin to stop watching: devrig:plugin-watch --off <id>");
            }
            out.println(watched.isEmpty() ? "No plugin is watched." : "Watched: " + String.join(", ", watched));
            return;
        }
        if (off) {
            if (!watched.remove(id)) {
                out.println("Plugin " + PluginText.clean(id) + " was not watched.");
                return;
            }
            save(list, watched);
            out.println("Plugin " + id + " is no longer watched.");
            return;
        }
        call(a -> a.plugin(id)).orElseThrow(() -> notFound(id));
        if (!watched.contains(id)) {
            watched.add(id);
            save(list, watched);
        }
        out.println("Plugin " + id + " is watched: its bundle is updated when its jar (the mvn: artifact in the local"
                + " repository, or its file: location) changes; the watch survives restarts.");
    }

    /**
     * {@code plugin-log <id>}: the plugin's last {@code count} lines at {@code level} or more
     * severe, from Karaf's log buffer.
     *
     * @param events the buffered events, null when Karaf's log service is not running
     */
    void log(List<PluginLogLines.Event> events, String id, int count, String level, boolean ownOnly)
            throws CommandException {
        int max = PluginLogLines.level(level == null ? "ALL" : level);
        if (max < 0) {
            throw ErrorLine.of("unknown level '" + level + "'; use ERROR, WARN, INFO or DEBUG");
        }
        if (count < 1) {
            throw ErrorLine.of("-n must be at least 1");
        }
        call(a -> a.plugin(id)).orElseThrow(() -> notFound(id));
        if (events == null) {
            throw ErrorLine.of("Karaf's log service is not running, so there are no log lines to read");
        }
        List<PluginLogLines.Event> lines = PluginLogLines.select(events, id, count, max, ownOnly);
        if (lines.isEmpty()) {
            String filter = (max < PluginLogLines.level("DEBUG") ? " at " + level.toUpperCase(java.util.Locale.ROOT)
                    + " or above" : "") + (ownOnly ? " of its own" : "");
            out.println("No log lines of plugin " + id + filter + " in the buffer (its PluginLog logs as " + PluginLogLines.LOGGER_PREFIX
                    + id + "; log:set DEBUG " + PluginLogLines.LOGGER_PREFIX + id + " shows its debug lines).");
            return;
        }
        for (PluginLogLines.Event e : lines) {
            out.println(PluginLogLines.format(e));
        }
    }

    /**
     * {@code plugin-update <id>}: reloads the plugin's bundle from its location (the mvn:
     * artifact or file it was installed from); the host then logs its "updated" line and syncs.
     */
    void update(BundleUpdater updater, String id) throws CommandException {
        call(a -> a.plugin(id)).orElseThrow(() -> notFound(id));
        String[] done;
        try {
            done = updater.update(id);
        } catch (Exception e) {
            // Felix says only "Update of bundle x failed."; the cause names the file or the problem
            Throwable cause = e.getCause();
            throw ErrorLine.of("plugin " + id + " was not updated: " + e.getMessage()
                    + (cause == null || cause.getMessage() == null ? "" : " " + cause.getMessage()));
        }
        if (done == null) {
            throw ErrorLine.of("plugin " + id + " has no installed bundle to update");
        }
        out.println("Plugin " + id + " updated from " + PluginText.clean(done[0]) + ": " + done[1] + " -> " + done[2]
                + "; the host logs what it publishes and syncs its data sources (devrig:plugin-log " + id + ").");
    }

    private static void save(WatchList list, List<String> watched) throws CommandException {
        try {
            list.setWatched(watched);
        } catch (java.io.IOException e) {
            throw ErrorLine.of("the watch list could not be saved: " + e.getMessage());
        }
    }

    private static String firstLine(String text) {
        if (text == null) {
            return null;
        }
        int end = text.indexOf('\n');
        return end < 0 ? text : text.substring(0, end).stripTrailing() + " (more in the log)";
    }

    /** {@code plugin-grant <id>}: grants what it asks for and says where that leaves it. */
    void grant(String id) throws CommandException {
        printState(call(a -> a.grant(id)));
    }

    /** {@code plugin-enable <id>}. */
    void enable(String id) throws CommandException {
        printState(call(a -> a.enable(id)));
    }

    /** {@code plugin-disable <id>}. */
    void disable(String id) throws CommandException {
        printState(call(a -> a.disable(id)));
    }

    /** {@code plugin-purge <id>}: deletes an uninstalled plugin's data. */
    void purge(String id) throws CommandException {
        call(a -> {
            a.purge(id);
            return null;
        });
        out.println("Plugin " + PluginText.clean(id) + " and its data were deleted.");
    }

    /**
     * {@code plugin-config <id> [json] [--stdin]}: without JSON prints the settings,
     * otherwise validates and saves the JSON given as the argument or read from {@code in}.
     *
     * @param json the argument, null when not given
     * @param fromStdin the {@code --stdin} option
     * @param in the command's standard input
     */
    void config(String id, String json, boolean fromStdin, InputStream in) throws CommandException {
        if (fromStdin && json != null) {
            throw ErrorLine.of("give the settings as an argument or with --stdin, not both");
        }
        PluginAdmin host = admin();
        if (!fromStdin && json == null) {
            out.println(Json.pretty(call(a -> a.settings(id))));
            return;
        }
        String settings = fromStdin ? StdinText.read(in, "settings") : json;
        if (settings.isBlank()) {
            throw ErrorLine.of("no settings given; plugin " + id + " not configured");
        }
        String syntax = Json.syntaxError(settings);
        if (syntax != null) {
            // the usual cause at the console: Gogo strips the double quotes of unquoted {"a": "b"}
            throw ErrorLine.of("the settings are not valid JSON (" + syntax + "); plugin " + id + " not configured"
                    + (fromStdin ? "" : ". Put them in single quotes: '{\"key\": \"value\"}'"));
        }
        PluginInfo p;
        try {
            p = host.configure(id, settings);
        } catch (DevRigException e) {
            throw settingsError(e);
        }
        out.println("Settings of plugin " + id + " saved; it " + PluginText.statePhrase(p) + ".");
    }

    /** {@code Plugin <id> is active (granted: network, secrets:read).} */
    private void printState(PluginInfo p) {
        out.println("Plugin " + orDash(p.id()) + " " + PluginText.statePhrase(p)
                + " (granted: " + PluginText.joined(p.grantedPermissions(), ", ") + ").");
    }

    private PluginAdmin admin() throws CommandException {
        if (admin == null) {
            throw ErrorLine.of(NOT_RUNNING);
        }
        return admin;
    }

    private <T> T call(Function<PluginAdmin, T> work) throws CommandException {
        PluginAdmin host = admin();
        try {
            return work.apply(host);
        } catch (DevRigException e) {
            throw ErrorLine.of(e);
        }
    }

    /** The host's own wording for an unknown id. */
    static CommandException notFound(String id) {
        return ErrorLine.of("no plugin with id '" + id + "'");
    }

    /**
     * A refused configuration: the message and every problem the host listed under the
     * {@code errors} detail, joined with {@code "; "} into the one line (problems the
     * message already names are not repeated).
     */
    static CommandException settingsError(DevRigException e) {
        String message = e.error() != null ? e.error().message() : e.getMessage();
        if (e.error() == null || !ErrorCodes.INVALID_INPUT.equals(e.code())) {
            return ErrorLine.of(message);
        }
        List<String> problems = problems(e.error().details().get("errors"));
        String base = message == null ? "" : message.strip();
        List<String> missing = problems.stream().filter(problem -> !base.contains(problem)).toList();
        if (missing.isEmpty()) {
            return ErrorLine.of(base);
        }
        String joined = String.join("; ", missing);
        if (base.isEmpty()) {
            return ErrorLine.of(joined);
        }
        // "invalid settings." + ": ..." would read badly
        String head = base.endsWith(".") || base.endsWith(":") ? base.substring(0, base.length() - 1) : base;
        return ErrorLine.of(head + ": " + joined);
    }

    private static List<String> problems(Object errors) {
        List<String> problems = new ArrayList<>();
        if (errors instanceof Collection<?> list) {
            for (Object problem : list) {
                if (problem != null && !problem.toString().isBlank()) {
                    problems.add(problem.toString().strip());
                }
            }
        } else if (errors != null && !errors.toString().isBlank()) {
            problems.add(errors.toString().strip());
        }
        return problems;
    }

    /** {@code Label:} columns with the values aligned; a multi-line value continues under the first. */
    private static final class Fields {
        private static final int WIDTH = "Capabilities: ".length();
        private final StringBuilder text = new StringBuilder();

        void add(String label, String value) {
            line(label + ":", orDash(value));
        }

        private void line(String head, String value) {
            text.append(String.format("%-" + WIDTH + "s%s%n", head, value));
        }

        void addLines(String label, List<String> values) {
            List<String> lines = values == null ? List.of()
                    : values.stream().map(PluginText::clean).filter(s -> !s.isEmpty()).toList();
            if (lines.isEmpty()) {
                add(label, "none");
                return;
            }
            add(label, lines.get(0));
            for (String line : lines.subList(1, lines.size())) {
                line("", line);
            }
        }

        void print(PrintStream out) {
            out.print(text);
        }
    }
}
