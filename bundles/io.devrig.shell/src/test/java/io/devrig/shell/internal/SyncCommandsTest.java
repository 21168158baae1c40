package io.devrig.shell.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.devrig.api.error.DevRigException;
import io.devrig.api.error.ErrorCategory;
import io.devrig.api.error.ErrorCodes;
import io.devrig.api.sync.QuietHours;
import io.devrig.api.sync.SyncScheduler;
import io.devrig.api.sync.SyncSettings;
import io.devrig.api.sync.SyncState;
import io.devrig.api.sync.SyncStatus;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.karaf.shell.support.CommandException;
import org.junit.jupiter.api.Test;

class SyncCommandsTest {

    /** A scheduler over a map that behaves as the SyncScheduler Javadoc says. */
    static final class FakeScheduler implements SyncScheduler {
        final Map<String, SyncStatus> sources = new LinkedHashMap<>();
        final List<String> started = new ArrayList<>();

        void add(SyncStatus s) {
            sources.put(s.pluginId() + "/" + s.dataSourceId(), s);
        }

        private SyncStatus find(String plugin, String ds) {
            SyncStatus s = sources.get(plugin + "/" + ds);
            if (s == null) {
                throw new DevRigException(ErrorCodes.NOT_FOUND, ErrorCategory.PERMANENT,
                        "no data source '" + ds + "' of plugin '" + plugin + "'");
            }
            return s;
        }

        @Override public List<SyncStatus> status() {
            return List.copyOf(sources.values());
        }

        @Override public Optional<SyncStatus> status(String plugin, String ds) {
            return Optional.ofNullable(sources.get(plugin + "/" + ds));
        }

        @Override public void syncNow(String plugin, String ds) {
            SyncStatus s = find(plugin, ds);
            if (!s.enabled()) {
                throw new DevRigException(ErrorCodes.CONFLICT, ErrorCategory.PERMANENT, "data source '" + ds + "' is disabled");
            }
            started.add(plugin + "/" + ds);
        }

        @Override public SyncStatus configure(String plugin, String ds, SyncSettings settings) {
            SyncStatus s = find(plugin, ds);
            if (settings.intervalMs() != null && settings.intervalMs() < 30_000) {
                throw new DevRigException(ErrorCodes.INVALID_INPUT, ErrorCategory.PERMANENT,
                        "intervalMs must be at least 30000, got " + settings.intervalMs());
            }
            SyncStatus n = new SyncStatus(plugin, ds, s.state(), s.lastSyncAt(), "2026-11-23T10:10:00.000Z", s.error(),
                    s.consecutiveFailures(), s.itemsSynced(),
                    settings.intervalMs() == null ? s.intervalMs() : settings.intervalMs(),
                    settings.enabled() == null ? s.enabled() : settings.enabled(),
                    settings.quietHours() == null ? s.quietHours()
                            : settings.quietHours().equals(SyncSettings.NO_QUIET_HOURS) ? null : settings.quietHours(),
                    s.available());
            add(n);
            return n;
        }
    }

    final FakeScheduler scheduler = new FakeScheduler();
    final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    final SyncCommands commands = new SyncCommands(scheduler, new PrintStream(bytes, true, StandardCharsets.UTF_8));

    String out() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    static SyncStatus source(String plugin, String ds, boolean enabled, String error) {
        return new SyncStatus(plugin, ds, error == null ? SyncState.IDLE : SyncState.ERROR, "2026-11-23T09:00:00.000Z",
                "2026-11-23T09:05:00.000Z", error, error == null ? 0 : 2, 42, 300_000, enabled, null, true);
    }

    @Test
    void statusListsEverySourceWithItsStateTimesAndError() throws Exception {
        scheduler.add(source("io.devrig.plugin.git", "git.repositories", true, null));
        scheduler.add(source("io.devrig.plugin.github", "github.notifications", true, "HTTP 401: bad credentials"));
        commands.status();
        assertThat(out()).contains("PLUGIN", "DATA SOURCE", "STATE", "NEXT SYNC", "FAILURES", "ITEMS")
                .contains("git.repositories", "idle", "2026-11-23 09:05:00Z", "42")
                .contains("github.notifications", "error", "HTTP 401: bad credentials");
    }

    @Test
    void anEmptySchedulerSaysSo() throws Exception {
        commands.status();
        assertThat(out()).isEqualTo("No data sources." + System.lineSeparator());
    }

    @Test
    void syncNowStartsOrSaysWhyNot() throws Exception {
        scheduler.add(source("p", "ds", true, null));
        scheduler.add(source("p", "off", false, null));
        commands.syncNow("p", "ds");
        assertThat(out()).contains("Sync of p ds started.");
        assertThat(scheduler.started).containsExactly("p/ds");
        assertThatThrownBy(() -> commands.syncNow("p", "off")).isInstanceOf(CommandException.class)
                .hasMessage("data source 'off' is disabled");
        assertThatThrownBy(() -> commands.syncNow("p", "nope")).hasMessageContaining("no data source 'nope'");
    }

    @Test
    void configParsesTheSettingsAndReportsTheResult() throws Exception {
        scheduler.add(source("p", "ds", true, null));
        commands.configure("p", "ds", "{\"intervalMs\": 600000, \"enabled\": false, "
                + "\"quietHours\": {\"start\": \"22:00\", \"end\": \"07:00\", \"zone\": \"Europe/Berlin\"}}");
        assertThat(out()).contains("Configured p ds: every 600 s, disabled, quiet 22:00-07:00 Europe/Berlin");
        SyncStatus now = scheduler.status("p", "ds").orElseThrow();
        assertThat(now.quietHours()).isEqualTo(new QuietHours("22:00", "07:00", "Europe/Berlin"));

        commands.configure("p", "ds", "{\"quietHours\": null}");
        assertThat(scheduler.status("p", "ds").orElseThrow().quietHours()).as("null removes them").isNull();
        commands.configure("p", "ds", "{\"intervalMs\": 600000}");
        assertThat(SyncCommands.settings("{\"intervalMs\": 600000}").quietHours()).as("absent leaves them").isNull();
    }

    @Test
    void badSettingsAreOneClearLineAndChangeNothing() {
        scheduler.add(source("p", "ds", true, null));
        assertThatThrownBy(() -> commands.configure("p", "ds", "{\"every\": 5}"))
                .hasMessage("unknown setting 'every' (known: config, enabled, intervalMs, quietHours)");
        assertThatThrownBy(() -> commands.configure("p", "ds", "{\"intervalMs\": 1.5}"))
                .hasMessageContaining("whole number");
        assertThatThrownBy(() -> commands.configure("p", "ds", "{\"enabled\": \"yes\"}"))
                .hasMessageContaining("true or false");
        assertThatThrownBy(() -> commands.configure("p", "ds", "{\"quietHours\": {\"start\": \"22:00\"}}"))
                .hasMessageContaining("quietHours must be");
        assertThatThrownBy(() -> commands.configure("p", "ds", "{\"config\": [1]}"))
                .hasMessageContaining("config must be a JSON object");
        assertThatThrownBy(() -> commands.configure("p", "ds", "not json")).hasMessageContaining("not a JSON object");
        assertThatThrownBy(() -> commands.configure("p", "ds", "{\"intervalMs\": 1000}"))
                .hasMessage("intervalMs must be at least 30000, got 1000");
        assertThat(scheduler.status("p", "ds").orElseThrow().intervalMs()).isEqualTo(300_000);
    }

    @Test
    void withoutTheSchedulerEveryCommandSaysItIsNotRunning() {
        SyncCommands none = new SyncCommands(null, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        assertThatThrownBy(none::status).hasMessage("the sync scheduler is not running");
        assertThatThrownBy(() -> none.syncNow("p", "ds")).hasMessage("the sync scheduler is not running");
        assertThatThrownBy(() -> none.configure("p", "ds", "{}")).hasMessage("the sync scheduler is not running");
    }
}
