package io.devrig.shell.internal;

import io.devrig.api.error.DevRigException;
import io.devrig.api.sync.QuietHours;
import io.devrig.api.sync.SyncScheduler;
import io.devrig.api.sync.SyncSettings;
import io.devrig.api.sync.SyncStatus;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.apache.karaf.shell.support.CommandException;
import org.apache.karaf.shell.support.table.ShellTable;

/**
 * What the {@code devrig:sync-*} commands do, without the shell. The scheduler may be null
 * (not running): every command then fails with one {@code Error: ...} line.
 */
final class SyncCommands {

    static final String NOT_RUNNING = "the sync scheduler is not running";
    /** The keys sync-config understands. */
    static final Set<String> CONFIG_KEYS = Set.of("intervalMs", "enabled", "quietHours", "config");

    private final SyncScheduler scheduler;
    private final PrintStream out;

    SyncCommands(SyncScheduler scheduler, PrintStream out) {
        this.scheduler = scheduler;
        this.out = Objects.requireNonNull(out, "out");
    }

    private SyncScheduler scheduler() throws CommandException {
        if (scheduler == null) {
            throw ErrorLine.of(NOT_RUNNING);
        }
        return scheduler;
    }

    /** {@code sync-status}: every data source with its state, times, failures and items. */
    void status() throws CommandException {
        List<SyncStatus> all;
        try {
            all = scheduler().status();
        } catch (DevRigException e) {
            throw ErrorLine.of(e);
        }
        if (all.isEmpty()) {
            out.println("No data sources.");
            return;
        }
        ShellTable table = new ShellTable();
        table.column("PLUGIN");
        table.column("DATA SOURCE");
        table.column("STATE");
        table.column("ENABLED");
        table.column("LAST SYNC");
        table.column("NEXT SYNC");
        table.column("FAILURES");
        table.column("ITEMS");
        table.column("ERROR");
        for (SyncStatus s : all) {
            String state = s.state() == null ? "-" : s.state().json();
            table.addRow().addContent(s.pluginId(), s.dataSourceId(), s.available() ? state : state + " (unavailable)",
                    s.enabled() ? "yes" : "no", FlowText.time(s.lastSyncAt()), FlowText.time(s.nextSyncAt()),
                    s.consecutiveFailures(), s.itemsSynced(), FlowText.truncate(PluginText.orDash(s.error()), 60));
        }
        table.print(out);
    }

    /** {@code sync-now}: starts a cycle. */
    void syncNow(String pluginId, String dataSourceId) throws CommandException {
        try {
            scheduler().syncNow(pluginId, dataSourceId);
        } catch (DevRigException e) {
            throw ErrorLine.of(e);
        }
        out.println("Sync of " + pluginId + " " + dataSourceId + " started.");
    }

    /** {@code sync-config}: changes a source's settings from a JSON object. */
    void configure(String pluginId, String dataSourceId, String json) throws CommandException {
        SyncSettings settings = settings(json);
        SyncStatus status;
        try {
            status = scheduler().configure(pluginId, dataSourceId, settings);
        } catch (DevRigException e) {
            throw ErrorLine.of(e);
        }
        out.println("Configured " + pluginId + " " + dataSourceId + ": every " + status.intervalMs() / 1000 + " s, "
                + (status.enabled() ? "enabled" : "disabled")
                + (status.quietHours() == null ? "" : ", quiet " + status.quietHours().start() + "-"
                        + status.quietHours().end() + " " + status.quietHours().zone())
                + "; next sync " + FlowText.time(status.nextSyncAt()) + ".");
    }

    /**
     * The settings a JSON object names: {@code intervalMs} (integer), {@code enabled}
     * (boolean), {@code quietHours} ({@code {"start":"22:00","end":"07:00","zone":"Europe/Berlin"}}
     * or null to clear), {@code config} (object). Anything else is refused by name.
     */
    static SyncSettings settings(String json) throws CommandException {
        if (json == null || json.isBlank()) {
            throw ErrorLine.of("give the settings as one JSON object in single quotes, e.g. '{\"intervalMs\": 600000}'");
        }
        Map<String, Object> in;
        try {
            in = Json.readObject(json);
        } catch (IllegalArgumentException e) {
            throw ErrorLine.of("the settings are not a JSON object: " + json.strip());
        }
        for (String key : in.keySet()) {
            if (!CONFIG_KEYS.contains(key)) {
                throw ErrorLine.of("unknown setting '" + key + "' (known: config, enabled, intervalMs, quietHours)");
            }
        }
        Long interval = null;
        if (in.get("intervalMs") != null) {
            if (!(in.get("intervalMs") instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue())) {
                throw ErrorLine.of("intervalMs must be a whole number of milliseconds");
            }
            interval = n.longValue();
        }
        Boolean enabled = null;
        if (in.containsKey("enabled")) {
            if (!(in.get("enabled") instanceof Boolean b)) {
                throw ErrorLine.of("enabled must be true or false");
            }
            enabled = b;
        }
        QuietHours quiet = null;
        if (in.containsKey("quietHours") && in.get("quietHours") == null) {
            quiet = SyncSettings.NO_QUIET_HOURS;
        } else if (in.get("quietHours") != null) {
            if (!(in.get("quietHours") instanceof Map<?, ?> q) || !(q.get("start") instanceof String start)
                    || !(q.get("end") instanceof String end) || !(q.get("zone") instanceof String zone)) {
                throw ErrorLine.of("quietHours must be {\"start\": \"HH:mm\", \"end\": \"HH:mm\", \"zone\": \"<time zone>\"}");
            }
            quiet = new QuietHours(start, end, zone);
        }
        Map<String, Object> config = null;
        if (in.get("config") != null) {
            if (!(in.get("config") instanceof Map<?, ?> c)) {
                throw ErrorLine.of("config must be a JSON object");
            }
            config = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : c.entrySet()) {
                config.put(String.valueOf(e.getKey()), e.getValue());
            }
        }
        return new SyncSettings(interval, enabled, quiet, config);
    }
}
