package io.devrig.catalog.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.devrig.api.health.HealthStatus;
import java.io.ByteArrayInputStream;
import java.io.File;
import java.io.InputStream;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Version;

/** The DS shell and the OSGi installer, with stand-in framework objects (no framework). */
class PluginCatalogComponentTest {

    @TempDir
    Path dir;

    static BundleContext context(Map<String, String> properties, Path dataArea, Bundle... bundles) {
        List<Object[]> installs = new ArrayList<>();
        return context(properties, dataArea, installs, bundles);
    }

    static BundleContext context(Map<String, String> properties, Path dataArea, List<Object[]> installs,
            Bundle... bundles) {
        return (BundleContext) Proxy.newProxyInstance(BundleContext.class.getClassLoader(),
                new Class<?>[] {BundleContext.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "getProperty" -> properties.get((String) args[0]);
                    case "getDataFile" -> dataArea == null ? null : dataArea.resolve((String) args[0]).toFile();
                    case "getBundles" -> bundles;
                    case "getBundle" -> args != null && args.length == 1 && args[0] instanceof String location
                            ? java.util.Arrays.stream(bundles).filter(b -> b.getLocation().equals(location)).findFirst()
                                    .orElse(null)
                            : null;
                    case "installBundle" -> {
                        installs.add(args);
                        yield bundles[0];
                    }
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    static Bundle bundle(String symbolicName, String location, int state, Map<String, String> headers) {
        Dictionary<String, String> dictionary = new Hashtable<>(headers);
        return (Bundle) Proxy.newProxyInstance(Bundle.class.getClassLoader(), new Class<?>[] {Bundle.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getSymbolicName" -> symbolicName;
                    case "getLocation" -> location;
                    case "getState" -> state;
                    case "getBundleId" -> 42L;
                    case "getVersion" -> Version.parseVersion("1.2.3");
                    case "getHeaders" -> args != null && "".equals(args[0]) ? dictionary : null;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    static CatalogConfig config(String... indexes) {
        return (CatalogConfig) Proxy.newProxyInstance(CatalogConfig.class.getClassLoader(),
                new Class<?>[] {CatalogConfig.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "indexes" -> indexes;
                    case "annotationType" -> CatalogConfig.class;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    static List<Catalog.Source> sources(Map<String, String> properties, Path data, String... configured) {
        return PluginCatalogComponent.sources(configured, properties::get,
                name -> data == null ? null : data.resolve(name).toFile());
    }

    @Test
    void theDefaultIndexIsInKarafEtcElseInTheDataAreaAndMayBeMissing() {
        Path etc = dir.resolve("etc");
        Path data = dir.resolve("data");

        assertThat(sources(Map.of("karaf.etc", etc.toString()), data))
                .containsExactly(Catalog.Source.file("${karaf.etc}/devrig-catalog.json", etc.resolve("devrig-catalog.json"), true));
        assertThat(sources(Map.of(), data, " ", null)).containsExactly(
                Catalog.Source.file("devrig-catalog.json", new File(data.toFile(), "devrig-catalog.json").toPath(), true));
        assertThat(sources(Map.of(), null)).singleElement().satisfies(s -> {
            assertThat(s.file()).isNull();
            assertThat(s.error()).contains("set indexes in io.devrig.catalog");
        });
    }

    @Test
    void configuredIndexesArePathsOrFileUrlsInOrder() {
        Path etc = dir.resolve("etc").toAbsolutePath();
        Map<String, String> properties = Map.of("karaf.etc", etc.toString(), "karaf.base", "/opt/karaf");

        List<Catalog.Source> sources = sources(properties, null, "team.json, ${karaf.etc}/devrig-catalog.json",
                "file:/srv/catalogs/../shared.json", "file:relative/c.json", "/abs/d.json", "${karaf.base}/e.json",
                "team.json");

        assertThat(sources).extracting(Catalog.Source::file).containsExactly(etc.resolve("team.json"),
                etc.resolve("devrig-catalog.json"), Path.of("/srv/shared.json"), etc.resolve("relative/c.json"),
                Path.of("/abs/d.json"), Path.of("/opt/karaf/e.json"));
        assertThat(sources).noneMatch(Catalog.Source::optional);
        assertThat(sources.get(0).configured()).isEqualTo("team.json");
    }

    @Test
    void anythingButALocalFileIsAnUnreadableIndex() {
        List<Catalog.Source> sources = sources(Map.of(), null, "https://catalog.example.com/index.json",
                "file://server/share/index.json", "${nope}/index.json");

        assertThat(sources).extracting(Catalog.Source::file).containsOnlyNulls();
        assertThat(sources).extracting(Catalog.Source::error).containsExactly(
                "only local files are read, and 'https://catalog.example.com/index.json' is not a file path or file: URL; "
                        + "copy a remote catalog into a file (for example in etc/) and list that file",
                "names a host: only local files are read",
                "unknown property ${nope}");
    }

    @Test
    void publishesTheCatalogAndItsHealth() throws Exception {
        Path etc = dir.resolve("etc");
        PluginCatalogComponent component = new PluginCatalogComponent(context(Map.of("karaf.etc", etc.toString()), null),
                config());

        assertThat(component.name()).isEqualTo("catalog");
        assertThat(component.check().status()).isEqualTo(HealthStatus.UP);
        assertThat(component.check().message()).isEqualTo("0 plugins");
        assertThat(component.search(null, null, null)).isEmpty();

        Files.createDirectories(etc);
        Files.writeString(etc.resolve("devrig-catalog.json"), """
                {"catalogVersion": 1, "plugins": [
                  {"name": "acme.x", "version": "1.0.0", "displayName": "X", "location": "mvn:com.acme/x/1.0.0"}]}""");
        assertThat(component.check().message()).isEqualTo("1 plugin");
        assertThat(component.search("x", null, null)).singleElement().satisfies(e -> assertThat(e.installed()).isFalse());
        assertThat(component.toString()).contains(etc.resolve("devrig-catalog.json").toAbsolutePath().toString());
    }

    @Test
    void aRemoteIndexSettingIsDown() {
        PluginCatalogComponent component = new PluginCatalogComponent(context(Map.of(), dir),
                config("http://catalog.example.com/index.json"));

        assertThat(component.check().status()).isEqualTo(HealthStatus.DOWN);
        assertThat(component.check().message()).startsWith("unreadable catalog index: http://catalog.example.com/index.json: "
                + "only local files are read");
    }

    @Test
    void theOsgiInstallerReadsTheFrameworksBundles() throws Exception {
        Bundle plugin = bundle("acme.x", "file:/p/x.jar", Bundle.RESOLVED, Map.of("DevRig-Plugin", "OSGI-INF/devrig/plugin.json"));
        Bundle fragmentWithoutName = bundle(null, "file:/p/legacy.jar", Bundle.INSTALLED, Map.of());
        List<Object[]> installs = new ArrayList<>();
        OsgiBundleInstaller installer = new OsgiBundleInstaller(context(Map.of(), null, installs, plugin,
                fragmentWithoutName));

        assertThat(installer.installedSymbolicNames()).containsExactly("acme.x");
        assertThat(installer.bundleAt("file:/p/x.jar")).contains("acme.x");
        assertThat(installer.bundleAt("file:/p/other.jar")).isEmpty();

        InputStream content = new ByteArrayInputStream(new byte[] {1});
        BundleInstaller.InstalledBundle installed = installer.install("file:/p/x.jar", content);
        assertThat(installs.get(0)).containsExactly("file:/p/x.jar", content);
        assertThat(installed.symbolicName()).isEqualTo("acme.x");
        assertThat(installed.version()).isEqualTo("1.2.3");
        assertThat(installed.id()).isEqualTo(42L);
        assertThat(installed.header("DevRig-Plugin")).isEqualTo("OSGI-INF/devrig/plugin.json");

        installer.install("mvn:com.acme/x/1.2.3", null);
        assertThat(installs.get(1)).containsExactly("mvn:com.acme/x/1.2.3");
    }
}
