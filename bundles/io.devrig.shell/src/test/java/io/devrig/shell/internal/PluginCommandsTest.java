package io.devrig.shell.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.devrig.api.error.DevRigError;
import io.devrig.api.error.DevRigException;
import io.devrig.api.error.ErrorCategory;
import io.devrig.api.error.ErrorCodes;
import io.devrig.api.plugin.PluginCallStats;
import io.devrig.api.plugin.PluginCallStats.BreakerState;
import io.devrig.api.plugin.PluginInfo;
import io.devrig.api.plugin.PluginState;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.karaf.shell.support.CommandException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PluginCommandsTest {

    private static final String NL = System.lineSeparator();
    private static final String GITHUB = "io.devrig.plugin.github";

    private final FakePluginAdmin admin = new FakePluginAdmin();
    private final Leaks.Out out = new Leaks.Out();
    private final PluginCommands commands = new PluginCommands(admin, out.stream);

    private static InputStream stdin(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }

    private static String errorLine(ThrowingRunnable run) {
        CommandException e = catchThrowableOfType(CommandException.class, run::run);
        assertThat(e).as("a CommandException").isNotNull();
        assertThat(e.getCause()).isNull();
        // what the console shows: the one line, no "Error executing command", no stack trace
        assertThat(Leaks.shownByKaraf(e)).isEqualTo(e.getNiceHelp() + NL);
        return e.getNiceHelp();
    }

    @FunctionalInterface
    interface ThrowingRunnable {
        void run() throws Exception;
    }

    // ---- plugins

    @Test
    void noPluginsListsAsNoPlugins() throws Exception {
        commands.list();

        assertThat(out.text()).isEqualTo("No plugins." + NL);
    }

    @Test
    void listShowsOneRowPerPluginSortedById() throws Exception {
        admin.add(FakePluginAdmin.info(GITHUB, PluginState.AWAITING_APPROVAL, Set.of("secrets:read", "network"),
                Set.of("network"), List.of(), null, FakePluginAdmin.stats(GITHUB, 12, 1)));
        admin.add(FakePluginAdmin.info("io.devrig.plugin.jira", PluginState.ACTIVE, Set.of("network"), Set.of("network"),
                List.of(), null, new PluginCallStats("io.devrig.plugin.jira", 40, 7, null, "PLUGIN_TIMEOUT: slow",
                        BreakerState.OPEN, 25_000)));
        admin.add(FakePluginAdmin.info("a.quiet", PluginState.DISABLED, Set.of(), Set.of(), List.of(), null, null));
        admin.add(FakePluginAdmin.info("z.broken", PluginState.ERROR, Set.of("network"), Set.of(), List.of(),
                "bad descriptor", new PluginCallStats("z.broken", 3, 2, null, null, BreakerState.HALF_OPEN, 0)));

        commands.list();

        String[] lines = out.text().split("\\R");
        assertThat(lines).hasSize(6);
        assertThat(lines[0]).containsSubsequence("ID", "VERSION", "STATE", "PERMISSIONS", "BREAKER", "CALLS");
        assertThat(lines[1]).matches("[-─+┼]+");
        assertThat(cells(lines[2])).containsExactly("a.quiet", "1.0.0", "disabled", "-", "-", "-");
        assertThat(cells(lines[3])).containsExactly(GITHUB, "1.0.0", "awaiting-approval",
                "network,secrets:read (granted: network)", "closed", "12/1");
        assertThat(cells(lines[4])).containsExactly("io.devrig.plugin.jira", "1.0.0", "active",
                "network (granted: network)", "open", "40/7");
        assertThat(cells(lines[5])).containsExactly("z.broken", "1.0.0", "error", "network (granted: none)",
                "half-open", "3/2");
        // the columns line up
        assertThat(lines[2].indexOf("1.0.0")).isEqualTo(lines[0].indexOf("VERSION"));
        assertThat(lines[5].indexOf("3/2")).isEqualTo(lines[0].indexOf("CALLS"));
    }

    @Test
    void controlCharactersFromAPluginNeverReachTheTerminal() throws Exception {
        admin.add(new PluginInfo("evil", "1.0\u001b[2J", "Evil\nName", "line one\r\nline two\u0007", "x",
                PluginState.ERROR, Set.of("net\u001b[31mwork"), Set.of(), List.of("action:a\nb"), "boom\n\tat x",
                null));

        commands.list();
        commands.show("evil");

        assertThat(out.text()).doesNotContain("\u001b").doesNotContain("\u0007").doesNotContain("\r");
        assertThat(out.text()).contains("1.0 [2J").contains("Evil Name").contains("line one line two")
                .contains("boom (more in the log)").contains("action:a b");
    }

    // ---- plugin <id>

    @Test
    void showPrintsEveryField() throws Exception {
        admin.add(new PluginInfo(GITHUB, "1.2.0", "GitHub", "Pull requests and issues", "scm",
                PluginState.AWAITING_APPROVAL, Set.of("secrets:read", "network"), Set.of("network"),
                List.of("dataSource:github.pulls", "action:github.merge_pr"), null,
                new PluginCallStats(GITHUB, 12, 3, Instant.parse("2025-03-04T05:06:07.890Z"),
                        "PLUGIN_TIMEOUT: no answer within 30 s", BreakerState.OPEN, 24_001),
                List.of("action:github.merge_pr"), List.of("after its bundle stopped, thread 'poller' (non-daemon) is"
                        + " still running its code at com.acme.Poller.run(Poller.java:12)",
                        "refused by the sandbox: System.exit at com.acme.Foo.run(Foo.java:42)")));

        commands.show(GITHUB);

        assertThat(out.text()).isEqualTo(String.join(NL,
                "Plugin:       " + GITHUB,
                "Name:         GitHub",
                "Version:      1.2.0",
                "Description:  Pull requests and issues",
                "Category:     scm",
                "State:        awaiting-approval",
                "Requested:    network, secrets:read",
                "Granted:      network",
                "Pending:      secrets:read",
                "Capabilities: dataSource:github.pulls",
                "              action:github.merge_pr",
                "Unavailable:  action:github.merge_pr",
                "Error:        -",
                "Notices:      after its bundle stopped, thread 'poller' (non-daemon) is still running its code at"
                        + " com.acme.Poller.run(Poller.java:12)",
                "              refused by the sandbox: System.exit at com.acme.Foo.run(Foo.java:42)",
                "Calls:        12",
                "Failures:     3",
                "Last call:    2025-03-04 05:06:07Z",
                "Last error:   PLUGIN_TIMEOUT: no answer within 30 s",
                "Breaker:      open (retry after 25 s)") + NL);
    }

    @Test
    void showOfAPluginInErrorWithoutFigures() throws Exception {
        admin.add(new PluginInfo("broken", "0.1.0", null, "", null, PluginState.ERROR, Set.of(), Set.of(), List.of(),
                "descriptor OSGI-INF/devrig/plugin.json: missing field 'version'\n  at line 3", null));

        commands.show("broken");

        assertThat(out.text()).isEqualTo(String.join(NL,
                "Plugin:       broken",
                "Name:         -",
                "Version:      0.1.0",
                "Description:  -",
                "Category:     -",
                "State:        error",
                "Requested:    none",
                "Granted:      none",
                "Pending:      none",
                "Capabilities: none",
                "Unavailable:  none",
                "Error:        descriptor OSGI-INF/devrig/plugin.json: missing field 'version' (more in the log)",
                "Notices:      none",
                "Calls:        -",
                "Failures:     -",
                "Last call:    -",
                "Last error:   -",
                "Breaker:      -") + NL);
    }

    @Test
    void aClosedOrHalfOpenBreakerHasNoRetryTime() throws Exception {
        admin.add(FakePluginAdmin.info("a", PluginState.ACTIVE, Set.of(), Set.of(), List.of(), null,
                new PluginCallStats("a", 5, 0, null, null, BreakerState.HALF_OPEN, 9_000)));

        commands.show("a");

        assertThat(out.text()).contains("Breaker:      half-open" + NL).doesNotContain("retry");
    }

    @Test
    void showOfAnUnknownIdIsOneErrorLine() {
        assertThat(errorLine(() -> commands.show("nope"))).isEqualTo("Error: no plugin with id 'nope'");
        assertThat(out.text()).isEmpty();
    }

    // ---- plugin-grant / -enable / -disable

    @Test
    void grantPrintsTheNewState() throws Exception {
        admin.add(GITHUB, PluginState.AWAITING_APPROVAL, Set.of("secrets:read", "network"), Set.of("network"));

        commands.grant(GITHUB);

        assertThat(out.text()).isEqualTo("Plugin " + GITHUB + " is active (granted: network, secrets:read)." + NL);
        assertThat(admin.calls).containsExactly("grant " + GITHUB);
    }

    @Test
    void grantingAPluginInErrorIsTheHostsConflictOnOneLine() {
        admin.add(FakePluginAdmin.info("broken", PluginState.ERROR, Set.of("network"), Set.of(), List.of(),
                "unresolvable bundle", null));

        assertThat(errorLine(() -> commands.grant("broken")))
                .isEqualTo("Error: plugin broken is in error and cannot be granted: unresolvable bundle");
        assertThat(out.text()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"grant", "enable", "disable", "show", "settings", "configure"})
    void anUnknownIdIsOneErrorLine(String command) {
        assertThat(errorLine(() -> run(command, "nope"))).isEqualTo("Error: no plugin with id 'nope'");
        assertThat(out.text()).isEmpty();
    }

    @Test
    void enablingAPluginThatNeedsMorePermissionsSaysWhatItWaitsFor() throws Exception {
        admin.add("p", PluginState.DISABLED, Set.of("network", "secrets:read", "ai"), Set.of("network"));

        commands.enable("p");

        assertThat(out.text()).isEqualTo("Plugin p waits for approval of: ai, secrets:read (granted: network)." + NL);
    }

    @Test
    void enablingAPluginWithEverythingGrantedMakesItActive() throws Exception {
        admin.add("p", PluginState.DISABLED, Set.of(), Set.of());

        commands.enable("p");

        assertThat(out.text()).isEqualTo("Plugin p is active (granted: none)." + NL);
    }

    @Test
    void disablePrintsTheNewStateAndKeepsTheGrants() throws Exception {
        admin.add("p", PluginState.ACTIVE, Set.of("network"), Set.of("network"));

        commands.disable("p");

        assertThat(out.text()).isEqualTo("Plugin p is disabled (granted: network)." + NL);
    }

    @Test
    void aPluginLeftInErrorSaysWhy() throws Exception {
        admin.add(FakePluginAdmin.info("p", PluginState.ERROR, Set.of(), Set.of(), List.of(),
                "capability action:x was not declared.", null));

        commands.disable("p");
        admin.add(FakePluginAdmin.info("q", PluginState.INSTALLED, Set.of(), Set.of(), List.of(), null, null));
        commands.enable("q");

        assertThat(out.text()).isEqualTo("Plugin p is disabled (granted: none)." + NL
                + "Plugin q is known but its bundle is not installed (granted: none)." + NL);
        assertThat(PluginText.statePhrase(FakePluginAdmin.info("p", PluginState.ERROR, Set.of(), Set.of(), List.of(),
                "capability action:x was not declared.", null))).isEqualTo("is in error: capability action:x was not declared");
    }

    // ---- plugin-config

    @Test
    void configWithoutJsonPrintsTheSettingsIndented() throws Exception {
        admin.add("p", PluginState.ACTIVE, Set.of(), Set.of())
                .withSettings("p", "{\"org\":\"acme\",\"repos\":[\"a\",\"b\"],\"limits\":{\"rate\":1.50,\"burst\":10},\"tags\":[]}");

        commands.config("p", null, false, stdin("unused"));

        assertThat(out.text()).isEqualTo(String.join(NL,
                "{",
                "  \"org\": \"acme\",",
                "  \"repos\": [",
                "    \"a\",",
                "    \"b\"",
                "  ],",
                "  \"limits\": {",
                "    \"rate\": 1.50,",
                "    \"burst\": 10",
                "  },",
                "  \"tags\": []",
                "}") + NL);
        assertThat(admin.calls).containsExactly("settings p");
    }

    @Test
    void aPluginWithoutSettingsShowsAnEmptyObject() throws Exception {
        admin.add("p", PluginState.ACTIVE, Set.of(), Set.of());

        commands.config("p", null, false, null);

        assertThat(out.text()).isEqualTo("{}" + NL);
    }

    @Test
    void configWithJsonSavesIt() throws Exception {
        admin.add("p", PluginState.ACTIVE, Set.of("network"), Set.of("network"));

        commands.config("p", "{\"org\": \"acme\"}", false, stdin("unused"));

        assertThat(admin.savedSettings("p")).isEqualTo("{\"org\": \"acme\"}");
        assertThat(out.text()).isEqualTo("Settings of plugin p saved; it is active." + NL);
    }

    @Test
    void configWithStdinReadsTheJsonFromStandardInput() throws Exception {
        admin.add("p", PluginState.AWAITING_APPROVAL, Set.of("network"), Set.of());

        commands.config("p", null, true, stdin("{\n  \"org\": \"ÿ€\"\n}\n"));

        assertThat(admin.savedSettings("p")).isEqualTo("{\n  \"org\": \"ÿ€\"\n}\n");
        assertThat(out.text()).isEqualTo("Settings of plugin p saved; it waits for approval of: network." + NL);
    }

    @Test
    void jsonAndStdinTogetherAreRefused() {
        admin.add("p", PluginState.ACTIVE, Set.of(), Set.of());

        assertThat(errorLine(() -> commands.config("p", "{}", true, stdin("{}"))))
                .isEqualTo("Error: give the settings as an argument or with --stdin, not both");
        assertThat(admin.savedSettings("p")).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "  \n"})
    void emptySettingsAreRefused(String text) {
        admin.add("p", PluginState.ACTIVE, Set.of(), Set.of());

        assertThat(errorLine(() -> commands.config("p", null, true, stdin(text))))
                .isEqualTo("Error: no settings given; plugin p not configured");
        assertThat(errorLine(() -> commands.config("p", text, false, null)))
                .isEqualTo("Error: no settings given; plugin p not configured");
        assertThat(admin.calls).isEmpty();
    }

    @Test
    void settingsThatAreNotJsonAreRefusedBeforeTheyReachTheHost() {
        admin.add("p", PluginState.ACTIVE, Set.of(), Set.of());

        // what Gogo hands over for an unquoted {"org": "acme"}
        assertThat(errorLine(() -> commands.config("p", "{org:acme}", false, null)))
                .isEqualTo("Error: the settings are not valid JSON (line 1, column 2); plugin p not configured."
                        + " Put them in single quotes: '{\"key\": \"value\"}'");
        assertThat(errorLine(() -> commands.config("p", null, true, stdin("{\"a\": 1}\n{\"b\": 2}"))))
                .isEqualTo("Error: the settings are not valid JSON (more than one JSON value (line 2, column 1));"
                        + " plugin p not configured");
        assertThat(admin.calls).isEmpty();
        assertThat(admin.savedSettings("p")).isNull();
    }

    @Test
    void tooLongSettingsOnStandardInputAreRefused() {
        admin.add("p", PluginState.ACTIVE, Set.of(), Set.of());

        assertThat(errorLine(() -> commands.config("p", null, true, stdin("x".repeat(SecretInput.MAX_CHARS + 1)))))
                .isEqualTo("Error: settings longer than 65536 characters; nothing saved");
    }

    @Test
    void validationErrorsAreJoinedIntoTheOneLine() {
        admin.add("p", PluginState.ACTIVE, Set.of(), Set.of())
                .refuseSettings("invalid settings for plugin p.", "$.org: required", "$.limits.rate: must be a number");

        String line = errorLine(() -> commands.config("p", "{\"limits\":{\"rate\":\"x\"}}", false, null));

        assertThat(line).isEqualTo("Error: invalid settings for plugin p: $.org: required; $.limits.rate: must be a number");
        assertThat(admin.savedSettings("p")).isNull();
        assertThat(out.text()).isEmpty();
    }

    @Test
    void problemsTheMessageAlreadyNamesAreNotRepeated() {
        admin.add("p", PluginState.ACTIVE, Set.of(), Set.of())
                .refuseSettings("invalid settings: $.org: required", "$.org: required", "$.port: must be an integer");

        assertThat(errorLine(() -> commands.config("p", "{}", false, null)))
                .isEqualTo("Error: invalid settings: $.org: required: $.port: must be an integer");

        FakePluginAdmin all = new FakePluginAdmin().add("p", PluginState.ACTIVE, Set.of(), Set.of())
                .refuseSettings("invalid settings: $.org: required; $.port: must be an integer",
                        "$.org: required", "$.port: must be an integer");
        assertThat(errorLine(() -> new PluginCommands(all, out.stream).config("p", "{}", false, null)))
                .isEqualTo("Error: invalid settings: $.org: required; $.port: must be an integer");
    }

    @Test
    void controlCharactersInAHostMessageNeverReachTheTerminal() {
        admin.add("p", PluginState.ERROR, Set.of(), Set.of());
        admin.failWith(new DevRigException(ErrorCodes.PLUGIN_ERROR, ErrorCategory.PLUGIN,
                "plugin said \u001b[2J\tboom\u0007"));

        assertThat(errorLine(() -> commands.grant("p"))).isEqualTo("Error: plugin said [2J boom");
    }

    @Test
    void settingsErrorsWithoutAListStillMakeOneLine() {
        DevRigError base = DevRigError.of(ErrorCodes.INVALID_INPUT, ErrorCategory.PERMANENT, "invalid settings");

        assertThat(PluginCommands.settingsError(new DevRigException(base)).getNiceHelp())
                .isEqualTo("Error: invalid settings");
        assertThat(PluginCommands.settingsError(new DevRigException(base.withDetails(Map.of("errors", "$.a: bad"))))
                .getNiceHelp()).isEqualTo("Error: invalid settings: $.a: bad");
        assertThat(PluginCommands.settingsError(new DevRigException(base.withDetails(Map.of("errors",
                List.of("$.a: bad\nreally", " "))))).getNiceHelp()).isEqualTo("Error: invalid settings: $.a: bad really");
        assertThat(PluginCommands.settingsError(new DevRigException(ErrorCodes.DB_BUSY, ErrorCategory.TRANSIENT,
                "the database is busy")).getNiceHelp()).isEqualTo("Error: the database is busy");
    }

    // ---- failures of the host

    @ParameterizedTest
    @ValueSource(strings = {"list", "show", "grant", "enable", "disable", "settings", "configure", "configure-stdin"})
    void withoutThePluginHostEveryCommandSaysItIsNotRunning(String command) {
        PluginCommands noHost = new PluginCommands(null, out.stream);

        assertThat(errorLine(() -> run(noHost, command, "p"))).isEqualTo("Error: the plugin host is not running");
        assertThat(out.text()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"list", "show", "grant", "enable", "disable", "settings", "configure"})
    void aHostFailureIsOneErrorLine(String command) {
        admin.add("p", PluginState.ACTIVE, Set.of(), Set.of());
        admin.failWith(new DevRigException(ErrorCodes.TIMEOUT, ErrorCategory.TIMEOUT,
                "the plugin host did not answer\nwithin 30 s"));

        assertThat(errorLine(() -> run(command, "p"))).isEqualTo("Error: the plugin host did not answer within 30 s");
        assertThat(out.text()).isEmpty();
    }

    private void run(String command, String id) throws Exception {
        run(commands, command, id);
    }

    private static void run(PluginCommands commands, String command, String id) throws Exception {
        switch (command) {
            case "list" -> commands.list();
            case "show" -> commands.show(id);
            case "grant" -> commands.grant(id);
            case "enable" -> commands.enable(id);
            case "disable" -> commands.disable(id);
            case "settings" -> commands.config(id, null, false, null);
            case "configure" -> commands.config(id, "{\"a\":1}", false, null);
            case "configure-stdin" -> commands.config(id, null, true, stdin("{}"));
            default -> throw new IllegalArgumentException(command);
        }
    }

    /** A table row's cells: separated by the column separator (│ or |), stripped. */
    static List<String> cells(String line) {
        return List.of(line.split("\\s*[│|]\\s*")).stream().map(String::strip).toList();
    }

    @Test
    void purgeDeletesAnUninstalledPluginAndRefusesAnInstalledOne() throws Exception {
        FakePluginAdmin admin = new FakePluginAdmin();
        admin.add(new io.devrig.api.plugin.PluginInfo("p.gone", "1.0.0", "Gone", "", "other",
                io.devrig.api.plugin.PluginState.INSTALLED, java.util.Set.of(), java.util.Set.of(), java.util.List.of(), null,
                new io.devrig.api.plugin.PluginCallStats("p.gone", 0, 0, null, null,
                        io.devrig.api.plugin.PluginCallStats.BreakerState.CLOSED, 0)));
        admin.add(new io.devrig.api.plugin.PluginInfo("p.here", "1.0.0", "Here", "", "other",
                io.devrig.api.plugin.PluginState.ACTIVE, java.util.Set.of(), java.util.Set.of(), java.util.List.of(), null,
                new io.devrig.api.plugin.PluginCallStats("p.here", 0, 0, null, null,
                        io.devrig.api.plugin.PluginCallStats.BreakerState.CLOSED, 0)));
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        PluginCommands commands = new PluginCommands(admin, new java.io.PrintStream(bytes, true, java.nio.charset.StandardCharsets.UTF_8));
        commands.purge("p.gone");
        org.assertj.core.api.Assertions.assertThat(bytes.toString(java.nio.charset.StandardCharsets.UTF_8))
                .isEqualTo("Plugin p.gone and its data were deleted." + System.lineSeparator());
        org.apache.karaf.shell.support.CommandException e = org.junit.jupiter.api.Assertions.assertThrows(
                org.apache.karaf.shell.support.CommandException.class, () -> commands.purge("p.here"));
        org.assertj.core.api.Assertions.assertThat(e.getNiceHelp()).startsWith("Error: plugin p.here is still installed");
    }
}
