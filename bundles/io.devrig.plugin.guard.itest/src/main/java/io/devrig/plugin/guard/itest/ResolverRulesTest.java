package io.devrig.plugin.guard.itest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.namespace.PackageNamespace;
import org.osgi.framework.wiring.BundleWire;
import org.osgi.framework.wiring.BundleWiring;

/**
 * The resolver rules beyond Import-Package, on bundles made of a manifest only (built here):
 * optional and dynamic imports, Require-Bundle, fragments onto and from plugins.
 */
class ResolverRulesTest extends GuardFixture {

    @AfterEach
    void after() throws Exception {
        cleanUp();
    }

    Bundle manifestOnly(String bsn, Map<String, String> headers) throws Exception {
        Manifest m = new Manifest();
        Attributes a = m.getMainAttributes();
        a.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        a.putValue("Bundle-ManifestVersion", "2");
        a.putValue("Bundle-SymbolicName", bsn);
        a.putValue("Bundle-Version", "0.1.0");
        headers.forEach(a::putValue);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JarOutputStream jar = new JarOutputStream(bytes, m)) {
            jar.flush();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        Bundle b = context.installBundle("guard-itest:" + bsn + ":" + System.nanoTime(), new ByteArrayInputStream(bytes.toByteArray()));
        installed.add(b);
        return b;
    }

    List<String> wiredPackages(Bundle b) {
        return b.adapt(BundleWiring.class).getRequiredWires(PackageNamespace.PACKAGE_NAMESPACE).stream()
                .map(BundleWire::getCapability).map(c -> String.valueOf(c.getAttributes().get(PackageNamespace.PACKAGE_NAMESPACE)))
                .toList();
    }

    @Test
    void optionalImportsPluginsMayNotUseAreNotWired() throws Exception {
        Bundle plugin = manifestOnly("guard.itest.optional", Map.of("DevRig-Plugin", "plugin.json",
                "Import-Package", "org.osgi.framework;resolution:=optional,io.devrig.api.error;resolution:=optional"));
        guard().admit("guard.itest.optional", Set.of());
        assertThat(wiring().resolveBundles(List.of(plugin))).isTrue();
        assertThat(wiredPackages(plugin)).containsExactly("io.devrig.api.error");
        assertThat(guard().wiringProblem(plugin)).as("optional imports are no problem").isNull();
    }

    @Test
    void requireBundleOnlyOfBundlesWhollyAllowed() throws Exception {
        Bundle plugin = manifestOnly("guard.itest.require", Map.of("DevRig-Plugin", "plugin.json",
                "Require-Bundle", "io.devrig.api"));
        guard().admit("guard.itest.require", Set.of());
        assertThat(wiring().resolveBundles(List.of(plugin))).as("io.devrig.api also exports store and queue").isFalse();
        assertThat(guard().wiringProblem(plugin)).startsWith("requires bundle io.devrig.api, which plugins may not use");
    }

    @Test
    void aPluginFragmentDoesNotAttachToACoreBundle() throws Exception {
        Bundle fragment = manifestOnly("guard.itest.fragment", Map.of("DevRig-Plugin", "plugin.json",
                "Fragment-Host", "io.devrig.common"));
        guard().admit("guard.itest.fragment", Set.of());
        assertThat(wiring().resolveBundles(List.of(fragment))).isFalse();
        assertThat(fragment.getState()).isEqualTo(Bundle.INSTALLED);
        assertThat(guard().wiringProblem(fragment)).startsWith("attaches to io.devrig.common, which plugins may not use");
    }

    @Test
    void noOtherFragmentAttachesToAPlugin() throws Exception {
        Bundle plugin = install(CALLS);
        Bundle fragment = manifestOnly("guard.itest.parasite", Map.of("Fragment-Host", CALLS));
        guard().admit(CALLS, Set.of());
        assertThat(wiring().resolveBundles(List.of(plugin, fragment))).isFalse();
        assertThat(plugin.getState()).as("the plugin itself resolves").isEqualTo(Bundle.RESOLVED);
        assertThat(fragment.getState()).as("the foreign fragment stays out").isEqualTo(Bundle.INSTALLED);
        assertThat(plugin.adapt(BundleWiring.class).getProvidedWires("osgi.wiring.host")).isEmpty();
    }

    @Test
    void anUnadmittedPluginGetsNothingThroughADynamicImportEither() throws Exception {
        Bundle plugin = manifestOnly("guard.itest.dynamic", Map.of("DevRig-Plugin", "plugin.json",
                "DynamicImport-Package", "*"));
        // no mandatory requirement, so nothing keeps it from resolving (its own classes would not
        // load: the weaving hook refuses them); but no package is wired to it while unadmitted
        wiring().resolveBundles(List.of(plugin));
        assertThat(loads(plugin, "io.devrig.api.error.DevRigException")).isFalse();
        guard().admit("guard.itest.dynamic", Set.of());
        assertThat(wiring().resolveBundles(List.of(plugin))).isTrue();
        // a dynamic import is wired on first use: the framework's own packages stay out of reach
        assertThat(plugin.adapt(BundleWiring.class).getClassLoader().loadClass("java.lang.String")).isEqualTo(String.class);
        assertThat(loads(plugin, "org.osgi.framework.Bundle")).isFalse();
        assertThat(loads(plugin, "io.devrig.api.error.DevRigException")).isTrue();
        assertThat(wiredPackages(plugin)).contains("io.devrig.api.error").doesNotContain("org.osgi.framework");
    }

    static boolean loads(Bundle b, String className) {
        try {
            b.adapt(BundleWiring.class).getClassLoader().loadClass(className);
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }
}
