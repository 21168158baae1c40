package io.devrig.catalog.internal;

import java.io.InputStream;
import java.util.Optional;
import java.util.Set;

/**
 * The little of the OSGi framework the catalog needs, so that {@link Catalog} is tested
 * without one ({@link OsgiBundleInstaller} is the real one).
 */
interface BundleInstaller {

    /** Symbolic names of the bundles installed now. */
    Set<String> installedSymbolicNames();

    /** The symbolic name of the bundle installed from {@code location}, if one is. */
    Optional<String> bundleAt(String location);

    /**
     * Installs a bundle (not started).
     *
     * @param in the bundle's content, or null to let the framework open {@code location}
     *        (Karaf resolves {@code mvn:} through pax-url)
     * @throws Exception whatever the framework reports; its message and causes are shown
     */
    InstalledBundle install(String location, InputStream in) throws Exception;

    /** A bundle this installer installed. */
    interface InstalledBundle {

        long id();

        /** Bundle-SymbolicName without its directives, or null when the bundle has none. */
        String symbolicName();

        String version();

        /** A manifest header, or null. */
        String header(String name);

        void start() throws Exception;

        void uninstall() throws Exception;
    }
}
