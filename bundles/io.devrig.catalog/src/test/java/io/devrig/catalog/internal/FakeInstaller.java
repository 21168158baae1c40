package io.devrig.catalog.internal;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.jar.Attributes;
import java.util.jar.JarInputStream;
import java.util.jar.Manifest;
import java.util.stream.Collectors;

/**
 * A framework stand-in: "installs" a bundle by reading the manifest of the stream it is
 * given (a real jar), or for {@code mvn:} locations the manifest registered in {@link #maven}.
 */
final class FakeInstaller implements BundleInstaller {

    final Map<Long, FakeBundle> bundles = new LinkedHashMap<>();
    final Map<String, Manifest> maven = new HashMap<>();
    final List<String> installCalls = new ArrayList<>();
    Exception installFailure;
    Exception startFailure;
    Exception uninstallFailure;
    private long nextId = 100;

    /** A bundle that is there before the test (e.g. another install of the plugin). */
    FakeBundle preinstalled(String location, String symbolicName) {
        Manifest manifest = Jars.manifest(symbolicName, "1.0.0", true);
        FakeBundle bundle = new FakeBundle(nextId++, location, manifest.getMainAttributes());
        bundles.put(bundle.id, bundle);
        return bundle;
    }

    @Override
    public Set<String> installedSymbolicNames() {
        return bundles.values().stream().map(FakeBundle::symbolicName).collect(Collectors.toSet());
    }

    @Override
    public Optional<String> bundleAt(String location) {
        return bundles.values().stream().filter(b -> b.location.equals(location)).map(FakeBundle::symbolicName)
                .findFirst();
    }

    @Override
    public InstalledBundle install(String location, InputStream in) throws Exception {
        installCalls.add(location + (in == null ? " (framework opens it)" : " (stream)"));
        if (installFailure != null) {
            throw installFailure;
        }
        Manifest manifest;
        if (in != null) {
            try (JarInputStream jar = new JarInputStream(in)) {
                manifest = jar.getManifest();
            }
        } else {
            manifest = maven.get(location);
            if (manifest == null) {
                throw new Exception("cannot resolve " + location);
            }
        }
        FakeBundle bundle = new FakeBundle(nextId++, location, manifest.getMainAttributes());
        bundles.put(bundle.id, bundle);
        return bundle;
    }

    FakeBundle only() {
        assert bundles.size() == 1 : bundles;
        return bundles.values().iterator().next();
    }

    final class FakeBundle implements InstalledBundle {
        final long id;
        final String location;
        final Attributes headers;
        boolean started;

        FakeBundle(long id, String location, Attributes headers) {
            this.id = id;
            this.location = location;
            this.headers = headers;
        }

        @Override
        public long id() {
            return id;
        }

        @Override
        public String symbolicName() {
            String bsn = headers.getValue("Bundle-SymbolicName");
            return bsn == null ? null : bsn.split(";")[0].trim();
        }

        @Override
        public String version() {
            String version = headers.getValue("Bundle-Version");
            return version == null ? "0.0.0" : version;
        }

        @Override
        public String header(String name) {
            return headers.getValue(name);
        }

        @Override
        public void start() throws Exception {
            if (startFailure != null) {
                throw startFailure;
            }
            started = true;
        }

        @Override
        public void uninstall() throws Exception {
            if (uninstallFailure != null) {
                throw uninstallFailure;
            }
            bundles.remove(id);
        }
    }
}
