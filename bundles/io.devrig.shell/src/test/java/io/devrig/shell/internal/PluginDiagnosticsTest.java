package io.devrig.shell.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.devrig.api.plugin.PluginInfo;
import io.devrig.api.plugin.PluginState;
import io.devrig.shell.internal.PluginRuntime.Component;
import io.devrig.shell.internal.PluginRuntime.Config;
import io.devrig.shell.internal.PluginRuntime.Service;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.karaf.shell.support.CommandException;
import org.junit.jupiter.api.Test;

/** devrig:plugin's declared versus published, devrig:plugin-watch and devrig:plugin-log. */
class PluginDiagnosticsTest {

    private static final String NL = System.lineSeparator();
    private static final String ACME = "acme.tracker";
    private static final String EXECUTOR = "io.devrig.api.action.ActionExecutor";
    private static final String SOURCE = "io.devrig.api.sync.DataSource";

    private final FakePluginAdmin admin = new FakePluginAdmin();
    private final Leaks.Out out = new Leaks.Out();
    private final FakeRuntime runtime = new FakeRuntime();
    private final PluginCommands commands = new PluginCommands(admin, out.stream, runtime);

    /** The framework as devrig:plugin reads it, and the watch list. */
    static final class FakeRuntime implements PluginRuntime, PluginCommands.WatchList {
        final Map<String, String> bundles = new HashMap<>();
        final List<Component> components = new ArrayList<>();
        final List<Service> services = new ArrayList<>();
        List<String> watched = new ArrayList<>();
        boolean scr = true;
        boolean configAdmin = true;
        int saves;

        @Override public Optional<String> bundleState(String id) { return Optional.ofNullable(bundles.get(id)); }
        @Override public List<Component> components(String id) { return scr ? components : null; }
        @Override public List<Service> services(String id) { return services; }
        @Override public List<String> watched() { return List.copyOf(watched); }
        @Override public boolean available() { return configAdmin; }
        @Override public void setWatched(List<String> ids) throws IOException {
            if (ids.contains("full.disk")) {
                throw new IOException("No space left on device");
            }
            watched = new ArrayList<>(ids);
            saves++;
        }
    }

    private void plugin(PluginState state, String error, String... capabilities) {
        admin.add(new PluginInfo(ACME, "1.1.0", "Acme", "Tickets", "issues", state, Set.of("inbox:write"),
                Set.of("inbox:write"), List.of(capabilities), error, FakePluginAdmin.stats(ACME, 0, 0), List.of()));
        runtime.bundles.put(ACME, "active");
    }

    private static Component component(String name, String capability, String type, Config... configs) {
        return new Component(name, true, capability, type == null ? List.of() : List.of(type), List.of(configs));
    }

    private static Config active() {
        return new Config("active", null, List.of());
    }

    /** The Capabilities block of devrig:plugin, one entry per line, without the label. */
    private List<String> capabilities() throws CommandException {
        commands.show(ACME);
        List<String> lines = new ArrayList<>();
        boolean in = false;
        for (String line : out.text().split("\\R")) {
            if (line.startsWith("Capabilities:")) {
                in = true;
            } else if (!line.startsWith(" ")) {
                in = false;
            }
            if (in) {
                lines.add(line.substring("Capabilities: ".length()).strip());
            }
        }
        return lines;
    }

    @Test
    void aPublishedCapabilityShowsItsServiceAndAMissingOneTheUnsatisfiedReference() throws Exception {
        plugin(PluginState.ACTIVE, null, "action:acme.close", "dataSource:acme.tickets");
        runtime.components.add(component("com.acme.Close", "action:acme.close", EXECUTOR, active()));
        runtime.services.add(new Service(123, List.of(EXECUTOR), "action:acme.close"));
        runtime.components.add(component("com.acme.Tickets", "dataSource:acme.tickets", SOURCE,
                new Config("unsatisfied-reference", null, List.of("'vault' (io.devrig.api.secrets.SecretVault)"))));

        assertThat(capabilities()).containsExactly(
                "action:acme.close        declared, published (service 123)",
                "dataSource:acme.tickets  declared, not published: component com.acme.Tickets is unsatisfied: missing"
                        + " reference 'vault' (io.devrig.api.secrets.SecretVault); a plugin sees only its own services"
                        + " and the plugin SDK (io.devrig.api.plugin.sdk)");
    }

    @Test
    void aFailedActivationShowsTheFirstLineOfTheException() throws Exception {
        plugin(PluginState.ACTIVE, null, "action:acme.close");
        runtime.components.add(component("com.acme.Close", "action:acme.close", EXECUTOR,
                new Config("failed-activation", "java.lang.IllegalStateException: no apiUrl\n\tat com.acme.Close.<init>",
                        List.of())));

        assertThat(capabilities()).containsExactly("action:acme.close  declared, not published: component"
                + " com.acme.Close failed to activate: java.lang.IllegalStateException: no apiUrl");
    }

    @Test
    void anExecutorWithoutThePropertyIsNamedOnTheCapabilityAndOnItsOwnLine() throws Exception {
        plugin(PluginState.ACTIVE, null, "action:acme.close");
        runtime.components.add(component("com.acme.Close", null, EXECUTOR, active()));
        runtime.components.add(component("com.acme.Helper", null, null, active())); // no service: fine

        assertThat(capabilities()).containsExactly(
                "action:acme.close  declared, not published: no component has the property"
                        + " devrig.capability=action:acme.close; com.acme.Close publishes without it",
                "component com.acme.Close publishes io.devrig.api.action.ActionExecutor without"
                        + " devrig.capability=<kind>:<id>: no registry ever sees it; add the property naming the"
                        + " descriptor entry it implements");
    }

    @Test
    void aWrongIdIsPublishedButNotDeclaredAndRefused() throws Exception {
        plugin(PluginState.ACTIVE, null, "action:acme.close");
        runtime.components.add(component("com.acme.Close", "action:acme.clos", EXECUTOR, active()));
        runtime.services.add(new Service(7, List.of(EXECUTOR), "action:acme.clos"));

        assertThat(capabilities()).containsExactly(
                "action:acme.close  declared, not published: no component has the property"
                        + " devrig.capability=action:acme.close (a missing property or a different id)",
                "action:acme.clos   published, not declared: refused by the host (the descriptor does not declare it;"
                        + " other bundles never see it)");
    }

    @Test
    void aStoppedBundleAPluginInErrorADisabledComponentAndNoScrAreNamed() throws Exception {
        plugin(PluginState.ACTIVE, null, "action:acme.close");
        runtime.bundles.put(ACME, "resolved");
        assertThat(capabilities()).containsExactly(
                "action:acme.close  declared, not published: its bundle is resolved (bundle:start acme.tracker)");

        out.reset();
        runtime.bundles.put(ACME, "active");
        runtime.components.add(new Component("com.acme.Close", false, "action:acme.close", List.of(EXECUTOR), List.of()));
        assertThat(capabilities()).containsExactly(
                "action:acme.close  declared, not published: component com.acme.Close is disabled");

        out.reset();
        runtime.scr = false;
        assertThat(capabilities()).containsExactly("action:acme.close  declared, not published: Service Component"
                + " Runtime (SCR) is not running, so no component of the plugin runs");

        out.reset();
        plugin(PluginState.ERROR, "component com.acme.Close failed to activate: boom", "action:acme.close");
        assertThat(capabilities()).containsExactly("action:acme.close  declared, not published: the plugin is in"
                + " error (see Error)");

        out.reset();
        plugin(PluginState.AWAITING_APPROVAL, null, "action:acme.close");
        assertThat(capabilities()).containsExactly("action:acme.close  declared, not published: the plugin waits for"
                + " approval of: none");
    }

    @Test
    void servicesTheHostRefusedAreNamedFromItsErrorOnceTheBundleIsStopped() throws Exception {
        // the host's wording (PluginLifecycle.capabilityRegistered); the refused plugin's bundle is stopped
        plugin(PluginState.ERROR, "registered the capability 'action:acme.wipe' (service 262"
                + " [java.util.function.Function]) that its descriptor does not declare (declared: action:acme.close);"
                + " the service is not used", "action:acme.close");
        runtime.bundles.put(ACME, "resolved");
        assertThat(capabilities()).containsExactly(
                "action:acme.close  declared, not published: the plugin is in error (see Error)",
                "action:acme.wipe   published, not declared: refused by the host (the descriptor does not declare it;"
                        + " other bundles never see it)");

        out.reset();
        plugin(PluginState.ERROR, "published service 260 [io.devrig.api.action.ActionExecutor] without the service"
                + " property devrig.capability=<kind>:<id> naming the descriptor entry it implements (declared:"
                + " action:acme.close); the service is not used", "action:acme.close");
        assertThat(capabilities()).containsExactly(
                "action:acme.close  declared, not published: the plugin is in error (see Error)",
                "service 260 [io.devrig.api.action.ActionExecutor] was published without devrig.capability=<kind>:<id>:"
                        + " refused by the host; add the property naming the descriptor entry it implements");
    }

    @Test
    void withoutTheFrameworkTheCapabilitiesAreTheDeclaredOnes() throws Exception {
        plugin(PluginState.ACTIVE, null, "action:acme.close");
        new PluginCommands(admin, out.stream).show(ACME);
        assertThat(out.text()).contains("Capabilities: action:acme.close" + NL).doesNotContain("Watched:");
    }

    @Test
    void theListSaysHowManyDeclaredCapabilitiesAreUnavailable() throws Exception {
        admin.add(new PluginInfo(ACME, "1.1.0", "Acme", "Tickets", "issues", PluginState.ACTIVE, Set.of(), Set.of(),
                List.of("action:acme.close", "dataSource:acme.tickets"), null, null, List.of("action:acme.close")));
        commands.list();
        assertThat(out.text()).contains("| active (1 unavailable) |");
    }

    // ---- plugin-watch

    @Test
    void aWatchIsSavedListedShownOnThePluginAndTurnedOff() throws Exception {
        plugin(PluginState.ACTIVE, null, "action:acme.close");

        commands.watch(runtime, ACME, false);
        commands.watch(runtime, ACME, false); // twice: listed once
        assertThat(runtime.watched).containsExactly(ACME);
        assertThat(runtime.saves).isEqualTo(1);
        assertThat(out.text()).startsWith("Plugin acme.tracker is watched: its bundle is updated when its jar");

        out.reset();
        commands.watch(runtime, null, false);
        assertThat(out.text()).isEqualTo("Watched: acme.tracker" + NL);
        out.reset();
        commands.show(ACME);
        assertThat(out.text()).contains("Watched:      yes: its bundle is updated when its jar changes"
                + " (devrig:plugin-watch --off acme.tracker)");

        out.reset();
        commands.watch(runtime, ACME, true);
        assertThat(out.text()).isEqualTo("Plugin acme.tracker is no longer watched." + NL);
        assertThat(runtime.watched).isEmpty();
        out.reset();
        commands.watch(runtime, ACME, true);
        assertThat(out.text()).isEqualTo("Plugin acme.tracker was not watched." + NL);
        out.reset();
        commands.watch(runtime, null, false);
        assertThat(out.text()).isEqualTo("No plugin is watched." + NL);
    }

    @Test
    void watchRefusesAnUnknownIdAMissingConfigAdminAndSaysWhenSavingFails() {
        assertThat(errorLine(() -> commands.watch(runtime, "no.such", false)))
                .isEqualTo("Error: no plugin with id 'no.such'");
        assertThat(runtime.saves).isZero();
        assertThat(errorLine(() -> commands.watch(runtime, null, true)))
                .isEqualTo("Error: name the plugin to stop watching: devrig:plugin-watch --off <id>");
        admin.add("full.disk", PluginState.ACTIVE, Set.of(), Set.of());
        assertThat(errorLine(() -> commands.watch(runtime, "full.disk", false)))
                .isEqualTo("Error: the watch list could not be saved: No space left on device");
        runtime.configAdmin = false;
        assertThat(errorLine(() -> commands.watch(runtime, ACME, false)))
                .isEqualTo("Error: Config Admin is not running, so the watch list cannot be read or changed");
    }

    // ---- plugin-update

    @Test
    void pluginUpdateReloadsFromTheLocationAndSaysWhyNot() throws Exception {
        plugin(PluginState.ACTIVE, null, "action:acme.close");
        List<String> updated = new ArrayList<>();
        commands.update(id -> {
            updated.add(id);
            return new String[] {"mvn:com.acme/acme.tracker/1.1.0-SNAPSHOT", "1.1.0.SNAPSHOT", "1.1.0.SNAPSHOT"};
        }, ACME);
        assertThat(updated).containsExactly(ACME);
        assertThat(out.text()).isEqualTo("Plugin acme.tracker updated from mvn:com.acme/acme.tracker/1.1.0-SNAPSHOT:"
                + " 1.1.0.SNAPSHOT -> 1.1.0.SNAPSHOT; the host logs what it publishes and syncs its data sources"
                + " (devrig:plugin-log acme.tracker)." + NL);

        assertThat(errorLine(() -> commands.update(id -> {
            throw new org.osgi.framework.BundleException("/src/acme/target/acme.jar (No such file or directory)");
        }, ACME))).isEqualTo("Error: plugin acme.tracker was not updated: /src/acme/target/acme.jar (No such file or"
                + " directory)");
        assertThat(errorLine(() -> commands.update(id -> {
            throw new org.osgi.framework.BundleException("Update of bundle acme.tracker [154] failed.",
                    new java.io.FileNotFoundException("/src/acme.jar (No such file or directory)"));
        }, ACME))).isEqualTo("Error: plugin acme.tracker was not updated: Update of bundle acme.tracker [154] failed."
                + " /src/acme.jar (No such file or directory)");
        assertThat(errorLine(() -> commands.update(id -> null, ACME)))
                .isEqualTo("Error: plugin acme.tracker has no installed bundle to update");
        updated.clear();
        assertThat(errorLine(() -> commands.update(id -> {
            updated.add(id);
            return null;
        }, "no.such"))).isEqualTo("Error: no plugin with id 'no.such'");
        assertThat(updated).as("an unknown id is refused before anything is updated").isEmpty();
    }

    // ---- plugin-log

    private static PluginLogLines.Event event(long time, String level, int syslog, String logger, String bundle,
            String message) {
        return new PluginLogLines.Event(time, syslog, level, logger, "devrig-plugin-acme.tracker-1", bundle, message,
                List.of());
    }

    private final List<PluginLogLines.Event> buffer = List.of(
            event(1_000, "INFO", 6, "devrig.plugin.acme.tracker", "io.devrig.plugin", "synced 3 tickets"),
            event(2_000, "DEBUG", 7, "com.acme.internal.Client", ACME, "GET /tickets"),
            event(3_000, "INFO", 6, "io.devrig.plugin.internal.host.PluginLifecycle", "io.devrig.plugin",
                    "plugin acme.tracker updated: 1.0.0 -> 1.1.0, capabilities: action:acme.close"),
            event(4_000, "INFO", 6, "io.devrig.plugin.internal.host.PluginLifecycle", "io.devrig.plugin",
                    "plugin acme.tracker.v2 updated: 1.0.0 -> 1.1.0"), // another plugin
            event(5_000, "INFO", 6, "devrig.plugin.other", "io.devrig.plugin", "acme.tracker is mentioned by a plugin"),
            new PluginLogLines.Event(6_000, 3, "ERROR", "devrig.plugin.acme.tracker", "devrig-plugin-acme.tracker-2",
                    "io.devrig.plugin", "close failed\u001b[2J", List.of("java.io.IOException: reset", "\tat x.Y")));

    @Test
    void pluginLogPrintsThePluginsOwnLinesAndDevRigsLinesAboutIt() throws Exception {
        plugin(PluginState.ACTIVE, null);
        commands.log(buffer, ACME, 50, "ALL", false);
        assertThat(out.text()).isEqualTo(String.join(NL,
                "1970-01-01 00:00:01.000Z INFO  [devrig-plugin-acme.tracker-1] devrig.plugin.acme.tracker: synced 3 tickets",
                "1970-01-01 00:00:02.000Z DEBUG [devrig-plugin-acme.tracker-1] com.acme.internal.Client: GET /tickets",
                "1970-01-01 00:00:03.000Z INFO  [devrig-plugin-acme.tracker-1] io.devrig.plugin.internal.host.PluginLifecycle:"
                        + " plugin acme.tracker updated: 1.0.0 -> 1.1.0, capabilities: action:acme.close",
                "1970-01-01 00:00:06.000Z ERROR [devrig-plugin-acme.tracker-2] devrig.plugin.acme.tracker: close failed [2J",
                "    java.io.IOException: reset",
                "    at x.Y", ""));
    }

    @Test
    void pluginLogTakesTheLastLinesALevelAndOnlyTheOwnLines() throws Exception {
        plugin(PluginState.ACTIVE, null);
        commands.log(buffer, ACME, 1, "info", true);
        assertThat(out.text()).startsWith("1970-01-01 00:00:06.000Z ERROR").hasLineCount(3);

        out.reset();
        commands.log(buffer, ACME, 50, "INFO", true);
        assertThat(out.text()).contains("synced 3 tickets", "close failed").doesNotContain("GET /tickets", "updated");

        out.reset();
        commands.log(buffer.subList(1, 2), ACME, 50, "warn", true);
        assertThat(out.text()).startsWith("No log lines of plugin acme.tracker at WARN or above of its own in the buffer");

        out.reset();
        commands.log(List.of(), ACME, 50, "ALL", false);
        assertThat(out.text()).isEqualTo("No log lines of plugin acme.tracker in the buffer (its PluginLog logs as"
                + " devrig.plugin.acme.tracker; log:set DEBUG devrig.plugin.acme.tracker shows its debug lines)." + NL);
    }

    @Test
    void pluginLogRefusesAnUnknownIdABadLevelAndAMissingLogService() {
        plugin(PluginState.ACTIVE, null);
        assertThat(errorLine(() -> commands.log(buffer, "no.such", 50, "ALL", false)))
                .isEqualTo("Error: no plugin with id 'no.such'");
        assertThat(errorLine(() -> commands.log(buffer, ACME, 50, "LOUD", false)))
                .isEqualTo("Error: unknown level 'LOUD'; use ERROR, WARN, INFO or DEBUG");
        assertThat(errorLine(() -> commands.log(buffer, ACME, 0, "ALL", false)))
                .isEqualTo("Error: -n must be at least 1");
        assertThat(errorLine(() -> commands.log(null, ACME, 50, "ALL", false)))
                .isEqualTo("Error: Karaf's log service is not running, so there are no log lines to read");
        assertThat(errorLine(() -> new PluginCommands(null, out.stream).log(buffer, ACME, 50, "ALL", false)))
                .isEqualTo("Error: " + PluginCommands.NOT_RUNNING);
    }

    private static String errorLine(PluginCommandsTest.ThrowingRunnable run) {
        CommandException e = catchThrowableOfType(CommandException.class, run::run);
        assertThat(e).as("a CommandException").isNotNull();
        assertThat(Leaks.shownByKaraf(e)).isEqualTo(e.getNiceHelp() + NL);
        return e.getNiceHelp();
    }
}
