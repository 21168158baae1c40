package io.devrig.shell.internal;

import static io.devrig.shell.internal.PluginCommandsTest.cells;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.devrig.api.error.DevRigException;
import io.devrig.api.error.ErrorCategory;
import io.devrig.api.error.ErrorCodes;
import io.devrig.api.plugin.PluginState;
import java.util.List;
import java.util.Set;
import org.apache.karaf.shell.support.CommandException;
import org.junit.jupiter.api.Test;

class CatalogCommandsTest {

    private static final String NL = System.lineSeparator();
    private static final String GITHUB = "io.devrig.plugin.github";

    private final FakePluginAdmin admin = new FakePluginAdmin();
    private final FakePluginCatalog catalog = new FakePluginCatalog(admin);
    private final Leaks.Out out = new Leaks.Out();
    private final CatalogCommands commands = new CatalogCommands(catalog, admin, out.stream);

    private FakePluginCatalog offerThree() {
        return catalog
                .offer(GITHUB, "1.2.0", "scm", List.of("git", "pull-requests"), Set.of("secrets:read", "network"), false)
                .offer("io.devrig.plugin.clock", "0.3.0", "tools", List.of(), Set.of(), true)
                .offer("io.devrig.plugin.jira", "2.0.1", "tracker", List.of("issues"), Set.of("network"), false);
    }

    private static String errorLine(PluginCommandsTest.ThrowingRunnable run) {
        CommandException e = catchThrowableOfType(CommandException.class, run::run);
        assertThat(e).as("a CommandException").isNotNull();
        assertThat(Leaks.shownByKaraf(e)).isEqualTo(e.getNiceHelp() + NL);
        return e.getNiceHelp();
    }

    // ---- catalog

    @Test
    void anEmptyResultSaysNoPluginsMatch() throws Exception {
        commands.search(null, null, null);
        offerThree();
        commands.search("nothing-like-this", null, null);

        assertThat(out.text()).isEqualTo("No plugins match." + NL + "No plugins match." + NL);
    }

    @Test
    void theTableShowsEveryEntrySortedByName() throws Exception {
        offerThree();

        commands.search(null, null, null);

        String[] lines = out.text().split("\\R");
        assertThat(lines).hasSize(5);
        assertThat(lines[0]).containsSubsequence("NAME", "VERSION", "CATEGORY", "TAGS", "PERMISSIONS", "INSTALLED");
        assertThat(lines[1]).matches("[-─+┼]+");
        assertThat(cells(lines[2])).containsExactly("io.devrig.plugin.clock", "0.3.0", "tools", "-", "-", "yes");
        assertThat(cells(lines[3])).containsExactly(GITHUB, "1.2.0", "scm", "git,pull-requests", "network,secrets:read", "no");
        assertThat(cells(lines[4])).containsExactly("io.devrig.plugin.jira", "2.0.1", "tracker", "issues", "network", "no");
        assertThat(lines[3].indexOf("1.2.0")).isEqualTo(lines[0].indexOf("VERSION"));
    }

    @Test
    void theFiltersGoToTheCatalogAndBlankMeansNone() throws Exception {
        offerThree();

        commands.search(" pull ", null, "scm");
        commands.search("", "issues", " ");

        assertThat(catalog.searches).containsExactly("pull|null|scm", "null|issues|null");
        String[] lines = out.text().split("\\R");
        assertThat(lines).hasSize(6);
        assertThat(cells(lines[2]).get(0)).isEqualTo(GITHUB);
        assertThat(cells(lines[5]).get(0)).isEqualTo("io.devrig.plugin.jira");
    }

    @Test
    void aCatalogFailureIsOneErrorLine() {
        catalog.failWith(new DevRigException(ErrorCodes.INVALID_INPUT, ErrorCategory.PERMANENT,
                "the catalog index is not valid JSON"));

        assertThat(errorLine(() -> commands.search(null, null, null))).isEqualTo("Error: the catalog index is not valid JSON");
        assertThat(errorLine(() -> commands.install("x"))).isEqualTo("Error: the catalog index is not valid JSON");
        assertThat(out.text()).isEmpty();
    }

    // ---- catalog-install

    @Test
    void installingAPluginThatAsksForPermissionsSaysWhatItWaitsFor() throws Exception {
        offerThree();

        commands.install(GITHUB);

        assertThat(catalog.installed(GITHUB)).isTrue();
        assertThat(out.text()).isEqualTo("Installed " + GITHUB + " 1.2.0; it waits for approval of: network, secrets:read"
                + " (grant with devrig:plugin-grant " + GITHUB + ")." + NL);
    }

    @Test
    void installingAPluginThatAsksForNothingSaysItIsActive() throws Exception {
        catalog.offer("io.devrig.plugin.dice", "1.0.0", "fun", List.of(), Set.of(), false);

        commands.install("io.devrig.plugin.dice");

        assertThat(out.text()).isEqualTo("Installed io.devrig.plugin.dice 1.0.0; it is active." + NL);
    }

    @Test
    void aPluginTheHostRefusedIsReportedWithTheReason() throws Exception {
        FakePluginAdmin refusing = new FakePluginAdmin();
        FakePluginCatalog c = new FakePluginCatalog(null).offer("bad", "1.0.0", "x", List.of(), Set.of(), false);
        refusing.add(FakePluginAdmin.info("bad", PluginState.ERROR, Set.of(), Set.of(), List.of(),
                "requires engine 2.0", null));

        new CatalogCommands(c, refusing, out.stream).install("bad");

        assertThat(out.text()).isEqualTo("Installed bad 1.0.0; it is in error: requires engine 2.0." + NL);
    }

    @Test
    void withoutThePluginHostItOnlySaysInstalled() throws Exception {
        offerThree();

        new CatalogCommands(catalog, null, out.stream).install(GITHUB);

        assertThat(out.text()).isEqualTo("Installed " + GITHUB + " 1.2.0." + NL);
    }

    @Test
    void aHostThatHasNotCheckedThePluginYetIsSaidSo() throws Exception {
        // the host checks new bundles on its own thread: it may not know the plugin yet,
        // or still show the state its record had before the bundle came back
        FakePluginCatalog notTellingTheHost = new FakePluginCatalog(null)
                .offer("n", "1.0.0", "x", List.of(), Set.of(), false)
                .offer("old", "2.0.0", "x", List.of(), Set.of(), false);
        admin.add("old", PluginState.INSTALLED, Set.of(), Set.of());
        CatalogCommands lagging = new CatalogCommands(notTellingTheHost, admin, out.stream);

        lagging.install("n");
        lagging.install("old");

        assertThat(out.text()).isEqualTo("Installed n 1.0.0; the plugin host has not checked it yet (see devrig:plugin n)."
                + NL + "Installed old 2.0.0; the plugin host has not checked it yet (see devrig:plugin old)." + NL);
    }

    @Test
    void aFailingHostDoesNotTurnTheInstallIntoAFailure() throws Exception {
        offerThree();
        admin.failWith(new DevRigException(ErrorCodes.TIMEOUT, ErrorCategory.TIMEOUT, "no answer"));

        commands.install(GITHUB);

        assertThat(catalog.installed(GITHUB)).isTrue();
        assertThat(out.text()).isEqualTo("Installed " + GITHUB + " 1.2.0." + NL);
    }

    @Test
    void installingAnUnknownOrInstalledPluginIsOneErrorLine() {
        offerThree();

        assertThat(errorLine(() -> commands.install("nope"))).isEqualTo("Error: no plugin named 'nope' in the catalog");
        assertThat(errorLine(() -> commands.install("io.devrig.plugin.clock")))
                .isEqualTo("Error: plugin io.devrig.plugin.clock is already installed");
        assertThat(out.text()).isEmpty();
    }

    @Test
    void aFailedDownloadIsOneErrorLine() {
        catalog.failWith(new DevRigException(ErrorCodes.PLUGIN_INSTALL_FAILED, ErrorCategory.TRANSIENT,
                "cannot fetch mvn:io.devrig/x/1.0: connection refused"));

        assertThat(errorLine(() -> commands.install("x")))
                .isEqualTo("Error: cannot fetch mvn:io.devrig/x/1.0: connection refused");
    }

    @Test
    void withoutTheCatalogEveryCommandSaysItIsNotRunning() {
        CatalogCommands noCatalog = new CatalogCommands(null, admin, out.stream);

        assertThat(errorLine(() -> noCatalog.search("x", null, null))).isEqualTo("Error: the plugin catalog is not running");
        assertThat(errorLine(() -> noCatalog.install("x"))).isEqualTo("Error: the plugin catalog is not running");
        assertThat(out.text()).isEmpty();
    }
}
