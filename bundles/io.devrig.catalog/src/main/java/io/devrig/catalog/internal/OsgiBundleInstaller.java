package io.devrig.catalog.internal;

import java.io.InputStream;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;

/** {@link BundleInstaller} over the framework, through the catalog bundle's context. */
final class OsgiBundleInstaller implements BundleInstaller {

    private final BundleContext context;

    OsgiBundleInstaller(BundleContext context) {
        this.context = context;
    }

    @Override
    public Set<String> installedSymbolicNames() {
        Set<String> names = new HashSet<>();
        for (Bundle bundle : context.getBundles()) {
            if (bundle.getSymbolicName() != null && bundle.getState() != Bundle.UNINSTALLED) {
                names.add(bundle.getSymbolicName());
            }
        }
        return names;
    }

    @Override
    public Optional<String> bundleAt(String location) {
        Bundle bundle = context.getBundle(location);
        return bundle == null ? Optional.empty() : Optional.of(String.valueOf(bundle.getSymbolicName()));
    }

    @Override
    public InstalledBundle install(String location, InputStream in) throws BundleException {
        Bundle bundle = in == null ? context.installBundle(location) : context.installBundle(location, in);
        return new Installed(bundle);
    }

    private record Installed(Bundle bundle) implements InstalledBundle {

        @Override
        public long id() {
            return bundle.getBundleId();
        }

        @Override
        public String symbolicName() {
            // getSymbolicName() is already without directives such as ;singleton:=true
            return bundle.getSymbolicName();
        }

        @Override
        public String version() {
            return bundle.getVersion().toString();
        }

        @Override
        public String header(String name) {
            // raw (unlocalized) headers: a localized value could differ from the manifest
            return bundle.getHeaders("").get(name);
        }

        @Override
        public void start() throws BundleException {
            bundle.start();
        }

        @Override
        public void uninstall() throws BundleException {
            bundle.uninstall();
        }
    }
}
