package io.devrig.shell.internal;

import static io.devrig.shell.internal.CommandTesting.cursorAt;
import static io.devrig.shell.internal.CommandTesting.field;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.devrig.api.error.DevRigException;
import io.devrig.api.error.ErrorCategory;
import io.devrig.api.error.ErrorCodes;
import io.devrig.api.plugin.PluginAdmin;
import io.devrig.api.plugin.PluginCatalog;
import io.devrig.api.plugin.PluginState;
import java.io.ByteArrayInputStream;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.impl.action.command.DefaultActionPreparator;
import org.apache.karaf.shell.support.CommandException;
import org.junit.jupiter.api.Test;

/** The plugin and catalog actions and completers: what Karaf reads, and the wiring. */
class PluginActionsTest {

    private static final String NL = System.lineSeparator();
    private static final String GITHUB = "io.devrig.plugin.github";

    private final FakePluginAdmin admin = new FakePluginAdmin();
    private final FakePluginCatalog catalog = new FakePluginCatalog(admin);
    private final Leaks.Out out = new Leaks.Out();

    /** Every class of the bundle's command package, as Karaf's extender scans it. */
    private static List<Class<?>> bundleClasses() throws Exception {
        Path root = Path.of(PluginCommands.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Path dir = root.resolve(PluginCommands.class.getPackageName().replace('.', '/'));
        List<Class<?>> classes = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".class")).sorted().toList()) {
                String name = f.getFileName().toString().replace(".class", "");
                classes.add(Class.forName(PluginCommands.class.getPackageName() + "." + name));
            }
        }
        return classes;
    }

    @Test
    void theBundleHasEveryCommandInScopeDevrig() throws Exception {
        List<String> names = new ArrayList<>();
        for (Class<?> c : bundleClasses()) {
            Command command = c.getAnnotation(Command.class);
            if (command != null) {
                assertThat(c).hasAnnotation(Service.class);
                assertThat(Action.class).isAssignableFrom(c);
                assertThat(command.scope()).isEqualTo("devrig");
                assertThat(command.description()).isNotBlank();
                names.add(command.name());
            }
        }
        assertThat(names).containsExactlyInAnyOrder("secret-set", "secret-list", "secret-delete", "secret-rotate-key",
                "plugins", "plugin", "plugin-grant", "plugin-enable", "plugin-disable", "plugin-purge", "plugin-config",
                "plugin-log", "plugin-watch", "plugin-update",
                "catalog", "catalog-install", "dlq", "dlq-retry", "dlq-discard", "queue-stats",
                "workflows", "workflow", "workflow-import", "workflow-export", "workflow-publish", "workflow-validate",
                "run", "dry-run", "runs", "run-show", "run-cancel",
                "inbox", "inbox-search", "inbox-show", "inbox-read", "inbox-archive", "inbox-snooze", "inbox-unsnooze",
                "inbox-act", "inbox-stats", "sync-status", "sync-now", "sync-config",
                "triggers", "trigger", "trigger-pause", "trigger-resume", "trigger-events", "hooks", "routes");
    }

    @Test
    void thePluginHostAndTheCatalogAreOptionalReferencesEverywhere() throws Exception {
        // Karaf registers a bundle's commands only once every mandatory reference of every
        // @Service class is satisfied: one mandatory PluginAdmin would hide the secret commands too
        int references = 0;
        for (Class<?> c : bundleClasses()) {
            for (Field f : c.getDeclaredFields()) {
                Reference ref = f.getAnnotation(Reference.class);
                if (ref != null && (f.getType() == PluginAdmin.class || f.getType() == PluginCatalog.class)) {
                    assertThat(ref.optional()).as("%s.%s is optional", c.getSimpleName(), f.getName()).isTrue();
                    references++;
                }
            }
        }
        // the shared PluginIdAction, plugins, plugin-config, plugin-log and plugin-watch, two catalog commands
        // (one with both), two completers
        assertThat(references).isEqualTo(10);
    }

    @Test
    void theIdAndNameArgumentsComplete() throws Exception {
        for (Class<?> c : List.of(PluginInfoCommand.class, PluginGrantCommand.class, PluginEnableCommand.class,
                PluginDisableCommand.class, PluginPurgeCommand.class, PluginConfigCommand.class, PluginLogCommand.class,
                PluginUpdateCommand.class)) {
            Field id = field(c, "id"); // Karaf injects and parses superclass fields too
            assertThat(id.getAnnotation(Argument.class).required()).isTrue();
            assertThat(id.getAnnotation(Completion.class).value()).isEqualTo(PluginIdCompleter.class);
        }
        assertThat(CatalogInstallCommand.class.getDeclaredField("name").getAnnotation(Completion.class).value())
                .isEqualTo(CatalogNameCompleter.class);
        assertThat(PluginIdCompleter.class).hasAnnotation(Service.class);
        assertThat(CatalogNameCompleter.class).hasAnnotation(Service.class);
    }

    @Test
    void theOptionsAreTheDocumentedOnes() throws Exception {
        assertThat(optionsOf(PluginConfigCommand.class)).containsExactly("--stdin");
        assertThat(optionsOf(CatalogSearchCommand.class)).containsExactlyInAnyOrder("--tag", "--category");
        assertThat(optionsOf(PluginLogCommand.class)).containsExactlyInAnyOrder("-n", "-l", "--own");
        assertThat(optionsOf(PluginWatchCommand.class)).containsExactly("--off");
        assertThat(PluginWatchCommand.class.getDeclaredField("id").getAnnotation(Completion.class).value())
                .isEqualTo(PluginIdCompleter.class);
        assertThat(PluginConfigCommand.class.getDeclaredFields()).filteredOn(f -> f.isAnnotationPresent(Argument.class))
                .extracting(f -> f.getAnnotation(Argument.class).name() + "/" + f.getAnnotation(Argument.class).required())
                .containsExactly("id/true", "json/false");
    }

    private static List<String> optionsOf(Class<?> c) {
        List<String> options = new ArrayList<>();
        for (Field f : c.getDeclaredFields()) {
            if (f.isAnnotationPresent(Option.class)) {
                options.add(f.getAnnotation(Option.class).name());
            }
        }
        return options;
    }

    @Test
    void theActionsRunTheirCommands() throws Exception {
        admin.add(GITHUB, PluginState.AWAITING_APPROVAL, Set.of("network", "secrets:read"), Set.of("network"));
        catalog.offer("io.devrig.plugin.jira", "2.0.1", "tracker", List.of("issues"), Set.of(), false);

        PluginListCommand plugins = new PluginListCommand();
        plugins.admin = admin;
        plugins.out = out.stream;
        plugins.execute();
        assertThat(out.text()).contains(GITHUB).contains("network,secrets:read (granted: network)");

        Leaks.Out shown = new Leaks.Out();
        PluginInfoCommand plugin = new PluginInfoCommand();
        plugin.admin = admin;
        plugin.out = shown.stream;
        plugin.id = GITHUB;
        plugin.execute();
        assertThat(shown.text()).contains("Pending:      secrets:read" + NL);

        assertThat(runOnId(new PluginGrantCommand(), GITHUB))
                .isEqualTo("Plugin " + GITHUB + " is active (granted: network, secrets:read)." + NL);
        assertThat(runOnId(new PluginDisableCommand(), GITHUB))
                .isEqualTo("Plugin " + GITHUB + " is disabled (granted: network, secrets:read)." + NL);
        assertThat(runOnId(new PluginEnableCommand(), GITHUB))
                .isEqualTo("Plugin " + GITHUB + " is active (granted: network, secrets:read)." + NL);

        Leaks.Out found = new Leaks.Out();
        CatalogSearchCommand search = new CatalogSearchCommand();
        search.catalog = catalog;
        search.out = found.stream;
        search.tag = "issues";
        search.category = "tracker";
        search.text = "jira";
        search.execute();
        assertThat(catalog.searches).containsExactly("jira|issues|tracker");
        assertThat(found.text()).contains("io.devrig.plugin.jira");

        Leaks.Out installed = new Leaks.Out();
        CatalogInstallCommand install = new CatalogInstallCommand();
        install.catalog = catalog;
        install.admin = admin;
        install.out = installed.stream;
        install.name = "io.devrig.plugin.jira";
        install.execute();
        assertThat(installed.text()).isEqualTo("Installed io.devrig.plugin.jira 2.0.1; it is active." + NL);
    }

    @Test
    void pluginLogAndPluginWatchSayWhatIsMissingAndTakeATrailingOff() {
        admin.add(GITHUB, PluginState.ACTIVE, Set.of(), Set.of());
        PluginLogCommand log = new PluginLogCommand();
        log.admin = admin;
        log.out = out.stream;
        log.id = GITHUB;
        assertThat(catchThrowableOfType(CommandException.class, log::execute).getNiceHelp())
                .isEqualTo("Error: Karaf's log service is not running, so there are no log lines to read");

        PluginWatchCommand watch = new PluginWatchCommand();
        watch.admin = admin;
        watch.out = out.stream;
        watch.id = GITHUB;
        watch.trailing = "--of";
        assertThat(catchThrowableOfType(CommandException.class, watch::execute).getNiceHelp())
                .isEqualTo("Error: unexpected argument '--of'; use devrig:plugin-watch [--off] <id>");
        watch.trailing = "--off";
        assertThat(catchThrowableOfType(CommandException.class, watch::execute).getNiceHelp())
                .isEqualTo("Error: Config Admin is not running, so the watch list cannot be read or changed");
    }

    private String runOnId(Action action, String id) throws Exception {
        Leaks.Out o = new Leaks.Out();
        if (action instanceof PluginGrantCommand c) {
            c.admin = admin;
            c.out = o.stream;
            c.id = id;
        } else if (action instanceof PluginEnableCommand c) {
            c.admin = admin;
            c.out = o.stream;
            c.id = id;
        } else if (action instanceof PluginDisableCommand c) {
            c.admin = admin;
            c.out = o.stream;
            c.id = id;
        }
        action.execute();
        return o.text();
    }

    @Test
    void pluginConfigPrintsSavesOrReadsStandardInput() throws Exception {
        admin.add("p", PluginState.ACTIVE, Set.of(), Set.of()).withSettings("p", "{\"org\":\"acme\"}");

        assertThat(config("p", null, false, "")).isEqualTo("{" + NL + "  \"org\": \"acme\"" + NL + "}" + NL);

        assertThat(config("p", "{\"org\":\"other\"}", false, "must not be read"))
                .isEqualTo("Settings of plugin p saved; it is active." + NL);
        assertThat(admin.savedSettings("p")).isEqualTo("{\"org\":\"other\"}");

        assertThat(config("p", null, true, "{\"org\":\"piped\"}\n")).isEqualTo("Settings of plugin p saved; it is active." + NL);
        assertThat(admin.savedSettings("p")).isEqualTo("{\"org\":\"piped\"}\n");
    }

    private String config(String id, String json, boolean stdin, String input) throws Exception {
        Leaks.Out o = new Leaks.Out();
        PluginConfigCommand config = new PluginConfigCommand();
        config.admin = admin;
        config.id = id;
        config.json = json;
        config.stdin = stdin;
        config.in = new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8));
        config.out = o.stream;
        config.execute();
        return o.text();
    }

    @Test
    void karafParsesThePluginConfigCommandLine() throws Exception {
        // Karaf's own parser: options count only before the first argument
        assertThat(parsed(new PluginConfigCommand(), "p")).isEqualTo("id=p json=null stdin=false");
        assertThat(parsed(new PluginConfigCommand(), "p", "{\"a\": 1}")).isEqualTo("id=p json={\"a\": 1} stdin=false");
        assertThat(parsed(new PluginConfigCommand(), "--stdin", "p")).isEqualTo("id=p json=null stdin=true");
        assertThat(parsed(new PluginConfigCommand(), "p", "--stdin")).isEqualTo("id=p json=--stdin stdin=false");
    }

    @Test
    void aTrailingStdinOptionStillReadsStandardInput() throws Exception {
        admin.add("p", PluginState.ACTIVE, Set.of(), Set.of());

        // what Karaf hands over for "devrig:plugin-config p --stdin"
        assertThat(config("p", "--stdin", false, "{\"org\":\"piped\"}"))
                .isEqualTo("Settings of plugin p saved; it is active." + NL);
        assertThat(admin.savedSettings("p")).isEqualTo("{\"org\":\"piped\"}");
    }

    @Test
    void karafParsesTheCatalogCommandLine() throws Exception {
        CatalogSearchCommand search = new CatalogSearchCommand();
        new DefaultActionPreparator().prepare(search, FakeSession.console(""),
                List.of("--tag", "git", "-c", "scm", "pull requests"));

        assertThat(List.of(search.tag, search.category, search.text)).containsExactly("git", "scm", "pull requests");
    }

    private static String parsed(PluginConfigCommand config, Object... args) throws Exception {
        assertThat(new DefaultActionPreparator().prepare(config, FakeSession.console(""), List.of(args))).isTrue();
        return "id=" + config.id + " json=" + config.json + " stdin=" + config.stdin;
    }

    @Test
    void withoutTheServicesTheActionsSayWhatIsNotRunning() {
        // what Karaf injects for an optional reference without a service: null
        PluginListCommand plugins = new PluginListCommand();
        plugins.out = out.stream;
        CommandException e = catchThrowableOfType(CommandException.class, plugins::execute);
        assertThat(Leaks.shownByKaraf(e)).isEqualTo("Error: the plugin host is not running" + NL);

        PluginConfigCommand config = new PluginConfigCommand();
        config.id = "p";
        config.out = out.stream;
        e = catchThrowableOfType(CommandException.class, config::execute);
        assertThat(e.getNiceHelp()).isEqualTo("Error: the plugin host is not running");

        CatalogSearchCommand search = new CatalogSearchCommand();
        search.out = out.stream;
        e = catchThrowableOfType(CommandException.class, search::execute);
        assertThat(Leaks.shownByKaraf(e)).isEqualTo("Error: the plugin catalog is not running" + NL);

        CatalogInstallCommand install = new CatalogInstallCommand();
        install.admin = admin;
        install.name = "x";
        install.out = out.stream;
        e = catchThrowableOfType(CommandException.class, install::execute);
        assertThat(e.getNiceHelp()).isEqualTo("Error: the plugin catalog is not running");

        assertThat(out.text()).isEmpty();
    }

    @Test
    void anUnknownIdFailsTheActionWithOneLine() {
        PluginGrantCommand grant = new PluginGrantCommand();
        grant.admin = admin;
        grant.id = "nope";
        grant.out = out.stream;

        CommandException e = catchThrowableOfType(CommandException.class, grant::execute);

        assertThat(Leaks.shownByKaraf(e)).isEqualTo("Error: no plugin with id 'nope'" + NL);
    }

    // ---- completers

    @Test
    void thePluginIdCompleterOffersThePluginsIds() {
        admin.add(GITHUB, PluginState.ACTIVE, Set.of(), Set.of());
        admin.add("io.devrig.plugin.gitlab", PluginState.ACTIVE, Set.of(), Set.of());
        admin.add("org.other.plugin", PluginState.ACTIVE, Set.of(), Set.of());
        PluginIdCompleter completer = new PluginIdCompleter();
        completer.admin = admin;
        List<String> candidates = new ArrayList<>();

        completer.complete(FakeSession.console(""), cursorAt("devrig:plugin-grant", "io.devrig.plugin.git"), candidates);

        // Karaf's StringsCompleter ends a complete word with a space
        assertThat(candidates).extracting(String::strip).containsExactlyInAnyOrder(GITHUB, "io.devrig.plugin.gitlab");
    }

    @Test
    void theCatalogNameCompleterOffersEveryCatalogName() {
        catalog.offer(GITHUB, "1.2.0", "scm", List.of(), Set.of(), false)
                .offer("io.devrig.plugin.jira", "2.0.1", "tracker", List.of(), Set.of(), true)
                .offer("org.other.plugin", "1.0.0", "x", List.of(), Set.of(), false);
        CatalogNameCompleter completer = new CatalogNameCompleter();
        completer.catalog = catalog;
        List<String> candidates = new ArrayList<>();

        completer.complete(FakeSession.console(""), cursorAt("devrig:catalog-install", "io."), candidates);

        assertThat(candidates).extracting(String::strip).containsExactlyInAnyOrder(GITHUB, "io.devrig.plugin.jira");
        assertThat(catalog.searches).containsExactly("null|null|null");
    }

    @Test
    void theCompletersOfferNothingWithoutTheirServiceOrWhenItFails() {
        List<String> candidates = new ArrayList<>();
        Completer noHost = new PluginIdCompleter();
        Completer noCatalog = new CatalogNameCompleter();
        PluginIdCompleter failingHost = new PluginIdCompleter();
        failingHost.admin = admin.failWith(new DevRigException(ErrorCodes.TIMEOUT, ErrorCategory.TIMEOUT, "slow"));
        CatalogNameCompleter failingCatalog = new CatalogNameCompleter();
        failingCatalog.catalog = catalog.failWith(new DevRigException(ErrorCodes.INVALID_INPUT, ErrorCategory.PERMANENT,
                "bad index"));

        for (Completer c : List.of(noHost, noCatalog, failingHost, failingCatalog)) {
            assertThat(c.complete(FakeSession.console(""), cursorAt("devrig:plugin", "i"), candidates)).isEqualTo(-1);
        }
        assertThat(candidates).isEmpty();
    }
}
