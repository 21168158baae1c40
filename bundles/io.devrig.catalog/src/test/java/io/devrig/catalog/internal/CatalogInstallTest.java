package io.devrig.catalog.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.devrig.api.error.DevRigException;
import io.devrig.api.error.ErrorCodes;
import io.devrig.api.plugin.CatalogEntry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Install rules, with real jars and a framework stand-in. */
class CatalogInstallTest {

    @TempDir
    Path dir;
    FakeInstaller installer = new FakeInstaller();
    Path index;
    Catalog catalog;

    @BeforeEach
    void setUp() throws IOException {
        index = dir.resolve("etc/devrig-catalog.json").toAbsolutePath();
        Files.createDirectories(index.getParent());
        Files.writeString(index, """
                {"catalogVersion": 1, "plugins": [
                  {"name": "acme.local", "version": "1.0.0", "displayName": "Local", "permissions": ["network"],
                   "location": "file:plugins/acme.local-1.0.0.jar"},
                  {"name": "acme.remote", "version": "2.0.0", "displayName": "Remote", "location": "mvn:com.acme/remote/2.0.0"},
                  {"name": "acme.impostor", "version": "1.0.0", "displayName": "Impostor", "location": "file:plugins/impostor.jar"},
                  {"name": "acme.plain", "version": "1.0.0", "displayName": "Plain", "location": "file:plugins/plain.jar"}
                ]}""");
        catalog = new Catalog(List.of(Catalog.Source.file("index", index, false)), installer);
    }

    Path plugins(String file) {
        return index.getParent().resolve("plugins").resolve(file);
    }

    DevRigException failure(String name) {
        return catchThrowableOfType(DevRigException.class, () -> catalog.install(name));
    }

    @Test
    void installsAFileRelativeToTheIndexFolderAndStartsIt() throws IOException {
        Path jar = Jars.plugin(plugins("acme.local-1.0.0.jar"), "acme.local", "1.0.0", true);

        CatalogEntry entry = catalog.install("acme.local");

        assertThat(entry.installed()).isTrue();
        assertThat(entry.permissions()).containsExactly("network");
        assertThat(installer.installCalls).containsExactly(jar.toUri() + " (stream)");
        assertThat(installer.only().started).isTrue();
        assertThat(installer.only().location).isEqualTo(jar.toUri().toString());
        assertThat(catalog.search("local", null, null)).singleElement().extracting(CatalogEntry::installed)
                .isEqualTo(true);
    }

    @Test
    void mavenLocationsGoToTheFramework() {
        installer.maven.put("mvn:com.acme/remote/2.0.0", Jars.manifest("acme.remote", "2.0.0", true));

        assertThat(catalog.install(" acme.remote ").installed()).isTrue();
        assertThat(installer.installCalls).containsExactly("mvn:com.acme/remote/2.0.0 (framework opens it)");
        assertThat(installer.only().started).isTrue();
    }

    @Test
    void anUnknownNameIsNotFound() {
        DevRigException e = failure("acme.nothing");

        assertThat(e.code()).isEqualTo(ErrorCodes.NOT_FOUND);
        assertThat(e.error().message()).isEqualTo("no plugin named 'acme.nothing' in the catalog");
        assertThat(failure(" ").code()).isEqualTo(ErrorCodes.INVALID_INPUT);
        assertThat(failure(null).code()).isEqualTo(ErrorCodes.INVALID_INPUT);
        assertThat(installer.installCalls).isEmpty();
    }

    @Test
    void anInstalledPluginIsAConflict() throws IOException {
        Jars.plugin(plugins("acme.local-1.0.0.jar"), "acme.local", "1.0.0", true);
        installer.preinstalled("file:/somewhere/else.jar", "acme.local");

        DevRigException e = failure("acme.local");

        assertThat(e.code()).isEqualTo(ErrorCodes.CONFLICT);
        assertThat(e.error().message()).isEqualTo("plugin 'acme.local' is already installed");
        assertThat(installer.installCalls).isEmpty();
    }

    @Test
    void aLocationInstalledUnderAnotherNameIsAConflictAndThatBundleIsLeftAlone() throws IOException {
        Path jar = Jars.plugin(plugins("acme.local-1.0.0.jar"), "acme.local", "1.0.0", true);
        FakeInstaller.FakeBundle other = installer.preinstalled(jar.toUri().toString(), "someone.else");

        DevRigException e = failure("acme.local");

        assertThat(e.code()).isEqualTo(ErrorCodes.CONFLICT);
        assertThat(e.error().message()).isEqualTo("cannot install plugin 'acme.local': " + jar.toUri()
                + " is already installed as bundle 'someone.else'");
        assertThat(installer.bundles).containsValue(other);
        assertThat(installer.installCalls).isEmpty();
    }

    @Test
    void aMissingFileFailsNamingThePath() {
        DevRigException e = failure("acme.local");

        assertThat(e.code()).isEqualTo(ErrorCodes.PLUGIN_INSTALL_FAILED);
        assertThat(e.error().message()).isEqualTo("cannot install plugin 'acme.local': file "
                + plugins("acme.local-1.0.0.jar") + " does not exist");
        assertThat(e.error().details()).containsEntry("plugin", "acme.local")
                .containsEntry("location", plugins("acme.local-1.0.0.jar").toUri().toString());
        assertThat(installer.installCalls).isEmpty();
    }

    @Test
    void aBundleWithAnotherSymbolicNameIsUninstalledAgain() throws IOException {
        Path jar = Jars.plugin(plugins("impostor.jar"), "acme.github", "1.0.0", true);

        DevRigException e = failure("acme.impostor");

        assertThat(e.code()).isEqualTo(ErrorCodes.PLUGIN_INSTALL_FAILED);
        assertThat(e.error().message()).isEqualTo("refused plugin 'acme.impostor' from " + jar.toUri()
                + ": its bundle's symbolic name is 'acme.github', not 'acme.impostor'; it was uninstalled again");
        assertThat(installer.installCalls).hasSize(1);
        assertThat(installer.bundles).isEmpty();
    }

    @Test
    void aBundleThatIsNotAPluginIsUninstalledAgain() throws IOException {
        Path jar = Jars.plugin(plugins("plain.jar"), "acme.plain", "1.0.0", false);

        DevRigException e = failure("acme.plain");

        assertThat(e.code()).isEqualTo(ErrorCodes.PLUGIN_INSTALL_FAILED);
        assertThat(e.error().message()).isEqualTo("refused plugin 'acme.plain' from " + jar.toUri()
                + ": its bundle has no DevRig-Plugin header: it is not a DevRig plugin; it was uninstalled again");
        assertThat(installer.installCalls).hasSize(1);
        assertThat(installer.bundles).isEmpty();
    }

    @Test
    void aRefusedBundleThatCannotBeUninstalledIsNamedForRemovalByHand() throws IOException {
        Jars.plugin(plugins("plain.jar"), "acme.plain", "1.0.0", false);
        installer.uninstallFailure = new IllegalStateException("framework is stopping");

        DevRigException e = failure("acme.plain");

        assertThat(e.error().message()).endsWith("it is not a DevRig plugin; uninstalling it again failed too "
                + "(framework is stopping): remove bundle 100 by hand");
    }

    @Test
    void aStartFailureStillLeavesThePluginInstalled() throws IOException {
        Jars.plugin(plugins("acme.local-1.0.0.jar"), "acme.local", "1.0.0", true);
        installer.startFailure = new Exception("Unable to resolve acme.local [100](R 100.0): missing requirement "
                + "osgi.wiring.package=com.acme.missing");

        CatalogEntry entry = catalog.install("acme.local");

        assertThat(entry.installed()).isTrue();
        assertThat(installer.only().started).isFalse();
        assertThat(installer.installedSymbolicNames()).containsExactly("acme.local");
    }

    @Test
    void aFrameworkFailureNamesTheLocationAndTheCause() {
        installer.installFailure = new Exception("Could not install bundle mvn:com.acme/remote/2.0.0",
                new java.io.IOException("Error resolving artifact com.acme:remote:jar:2.0.0: not found in repositories"));

        DevRigException e = failure("acme.remote");

        assertThat(e.code()).isEqualTo(ErrorCodes.PLUGIN_INSTALL_FAILED);
        assertThat(e.error().message()).isEqualTo("cannot install plugin 'acme.remote' from mvn:com.acme/remote/2.0.0: "
                + "Could not install bundle mvn:com.acme/remote/2.0.0: Error resolving artifact com.acme:remote:jar:2.0.0: "
                + "not found in repositories");
        assertThat(e.getCause()).isSameAs(installer.installFailure);
        assertThat(installer.bundles).isEmpty();
    }

    @Test
    void anUnresolvableMavenArtifactFails() {
        DevRigException e = failure("acme.remote");

        assertThat(e.code()).isEqualTo(ErrorCodes.PLUGIN_INSTALL_FAILED);
        assertThat(e.error().message()).isEqualTo("cannot install plugin 'acme.remote' from mvn:com.acme/remote/2.0.0: "
                + "cannot resolve mvn:com.acme/remote/2.0.0");
    }

    @Test
    void describeKeepsEveryCauseOnce() {
        Exception e = new Exception("outer: inner detail", new IllegalStateException("inner detail",
                new NullPointerException()));

        assertThat(Catalog.describe(e)).isEqualTo("outer: inner detail: NullPointerException");
    }
}
