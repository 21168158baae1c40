package io.devrig.catalog.internal;

import io.devrig.api.error.DevRigError;
import io.devrig.api.error.DevRigException;
import io.devrig.api.error.ErrorCategory;
import io.devrig.api.error.ErrorCodes;
import io.devrig.api.health.HealthResult;
import io.devrig.api.plugin.CatalogEntry;
import io.devrig.api.plugin.PluginConstants;
import io.devrig.catalog.internal.BundleInstaller.InstalledBundle;
import io.devrig.catalog.internal.IndexReader.Listing;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The configured index files merged into one catalog (the first index listing a name wins),
 * with search and install. The files are checked on every call (one stat each) and re-read
 * when one changed, so a catalog dropped in etc/ is seen without a restart; problems are
 * logged once per read, not per call.
 */
final class Catalog {

    /** Larger than any sane index: refuse instead of filling the heap. */
    static final long MAX_INDEX_BYTES = 16L * 1024 * 1024;

    private static final Logger LOG = LoggerFactory.getLogger(Catalog.class);

    /**
     * A configured index.
     *
     * @param configured as written in the configuration, for messages
     * @param file the absolute file, or null when {@code error} says why there is none
     * @param optional whether a missing file is fine (the default index), else it is unreadable
     * @param error why the setting names no usable file, else null
     */
    record Source(String configured, Path file, boolean optional, String error) {

        static Source file(String configured, Path file, boolean optional) {
            return new Source(configured, file.toAbsolutePath().normalize(), optional, null);
        }

        static Source invalid(String configured, String error) {
            return new Source(configured, null, false, error);
        }
    }

    /** One read of every index: what the catalog holds until a file changes. */
    private record Snapshot(List<Object> stamp, Map<String, Listing> byName, List<String> indexes,
            List<String> missing, List<String> problems, List<String> unreadable) {
    }

    private final List<Source> sources;
    private final BundleInstaller installer;
    // installs wait for each other, never for search or health (an mvn: install can take a while)
    private final Object installLock = new Object();
    private Snapshot current;

    Catalog(List<Source> sources, BundleInstaller installer) {
        this.sources = List.copyOf(sources);
        this.installer = Objects.requireNonNull(installer, "installer");
    }

    List<Source> sources() {
        return sources;
    }

    /** Entries matching every non-blank filter, sorted by name; see {@code PluginCatalog#search}. */
    List<CatalogEntry> search(String text, String tag, String category) {
        Snapshot snapshot = refresh();
        String needle = blankToNull(text);
        String wantedTag = blankToNull(tag);
        String wantedCategory = blankToNull(category);
        Set<String> installed = installer.installedSymbolicNames();
        List<CatalogEntry> result = new ArrayList<>();
        for (Listing listing : snapshot.byName().values()) {
            CatalogEntry e = listing.entry();
            if (needle != null && !matchesText(e, needle.toLowerCase(Locale.ROOT))) {
                continue;
            }
            if (wantedTag != null && e.tags().stream().noneMatch(t -> t.equalsIgnoreCase(wantedTag))) {
                continue;
            }
            if (wantedCategory != null && !e.category().equalsIgnoreCase(wantedCategory)) {
                continue;
            }
            result.add(withInstalled(e, installed.contains(e.name())));
        }
        return result;
    }

    private static boolean matchesText(CatalogEntry e, String needle) {
        return contains(e.name(), needle) || contains(e.displayName(), needle) || contains(e.description(), needle)
                || e.tags().stream().anyMatch(t -> contains(t, needle));
    }

    private static boolean contains(String value, String lowerNeedle) {
        return value != null && value.toLowerCase(Locale.ROOT).contains(lowerNeedle);
    }

    /**
     * Installs the plugin's bundle and starts it; see {@code PluginCatalog#install}. One install
     * at a time, so two calls for the same plugin cannot both pass the "not installed" check.
     */
    CatalogEntry install(String name) {
        synchronized (installLock) {
            return installNow(name);
        }
    }

    private CatalogEntry installNow(String name) {
        if (name == null || name.isBlank()) {
            throw new DevRigException(ErrorCodes.INVALID_INPUT, ErrorCategory.PERMANENT, "a plugin name is required");
        }
        String wanted = name.trim();
        Listing listing = refresh().byName().get(wanted);
        if (listing == null) {
            throw new DevRigException(ErrorCodes.NOT_FOUND, ErrorCategory.PERMANENT,
                    "no plugin named '" + wanted + "' in the catalog");
        }
        CatalogEntry entry = listing.entry();
        String location = entry.location();
        if (installer.installedSymbolicNames().contains(wanted)) {
            throw failure(ErrorCodes.CONFLICT, entry, "plugin '" + wanted + "' is already installed", null);
        }
        // the framework would hand back that bundle, and a failed check below would uninstall it
        installer.bundleAt(location).ifPresent(other -> {
            throw failure(ErrorCodes.CONFLICT, entry, "cannot install plugin '" + wanted + "': " + location
                    + " is already installed as bundle '" + other + "'", null);
        });

        InstalledBundle bundle = location.startsWith("file:") ? installFile(entry) : installFromFramework(entry);
        verify(entry, bundle);
        if (!bundle.version().equals(entry.version()) && !bundle.version().startsWith(entry.version() + ".")) {
            LOG.warn("Plugin {}: the catalog offers version {} but {} holds {}", wanted, entry.version(), location,
                    bundle.version());
        }
        try {
            bundle.start();
            LOG.info("Installed and started plugin {} {} from {}", wanted, bundle.version(), location);
        } catch (Exception e) {
            // not an install failure: the bundle stays, and the plugin host reports why it is not running
            LOG.warn("Installed plugin {} from {}, but it did not start: {}", wanted, location, describe(e));
        }
        return withInstalled(entry, true);
    }

    private InstalledBundle installFile(CatalogEntry entry) {
        Path file = Path.of(URI.create(entry.location()));
        if (!Files.isRegularFile(file)) {
            throw failure(ErrorCodes.PLUGIN_INSTALL_FAILED, entry, "cannot install plugin '" + entry.name()
                    + "': file " + file + " does not exist" + (Files.exists(file) ? " as a regular file" : ""), null);
        }
        // the stream is ours, so a missing or unreadable file is reported as such, not as a URL handler error
        try (InputStream in = Files.newInputStream(file)) {
            return installer.install(entry.location(), in);
        } catch (IOException e) {
            throw failure(ErrorCodes.PLUGIN_INSTALL_FAILED, entry, "cannot install plugin '" + entry.name()
                    + "': cannot read " + file + ": " + describe(e), e);
        } catch (Exception e) {
            throw installFailed(entry, e);
        }
    }

    private InstalledBundle installFromFramework(CatalogEntry entry) {
        try {
            return installer.install(entry.location(), null);
        } catch (Exception e) {
            throw installFailed(entry, e);
        }
    }

    /**
     * The bundle must be the plugin the catalog names: otherwise an entry could install any
     * code under a plugin's name. Anything else is uninstalled again.
     */
    private void verify(CatalogEntry entry, InstalledBundle bundle) {
        String problem = null;
        if (!entry.name().equals(bundle.symbolicName())) {
            problem = "its bundle's symbolic name is '" + bundle.symbolicName() + "', not '" + entry.name() + "'";
        } else if (bundle.header(PluginConstants.PLUGIN_HEADER) == null) {
            problem = "its bundle has no " + PluginConstants.PLUGIN_HEADER + " header: it is not a DevRig plugin";
        }
        if (problem == null) {
            return;
        }
        String outcome;
        try {
            bundle.uninstall();
            outcome = "; it was uninstalled again";
        } catch (Exception e) {
            outcome = "; uninstalling it again failed too (" + describe(e) + "): remove bundle " + bundle.id()
                    + " by hand";
        }
        throw failure(ErrorCodes.PLUGIN_INSTALL_FAILED, entry, "refused plugin '" + entry.name() + "' from "
                + entry.location() + ": " + problem + outcome, null);
    }

    private static DevRigException installFailed(CatalogEntry entry, Exception e) {
        return failure(ErrorCodes.PLUGIN_INSTALL_FAILED, entry, "cannot install plugin '" + entry.name() + "' from "
                + entry.location() + ": " + describe(e), e);
    }

    private static DevRigException failure(String code, CatalogEntry entry, String message, Throwable cause) {
        DevRigError error = DevRigError.of(code, ErrorCategory.PERMANENT, message)
                .withDetails(Map.of("plugin", entry.name(), "location", entry.location()));
        return new DevRigException(error, cause);
    }

    /**
     * An exception and its causes in one line: a framework error often says only "could not
     * install" and keeps the reason (artifact not found, bad manifest) in a cause.
     */
    static String describe(Throwable e) {
        StringBuilder text = new StringBuilder();
        String previous = null;
        for (Throwable t = e; t != null && text.length() < 1000; t = t.getCause() == t ? null : t.getCause()) {
            String message = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
            if (previous != null && previous.contains(message)) {
                continue;
            }
            if (text.length() > 0) {
                text.append(": ");
            }
            text.append(message);
            previous = message;
        }
        return text.toString();
    }

    /** UP with the number of plugins (problems in details); DOWN listing each unreadable index. */
    HealthResult health() {
        Snapshot snapshot = refresh();
        int count = snapshot.byName().size();
        String plugins = count(count, "plugin");
        HealthResult result;
        if (!snapshot.unreadable().isEmpty()) {
            result = HealthResult.down("unreadable catalog index: " + String.join("; ", snapshot.unreadable()))
                    .with("unreadable", snapshot.unreadable());
        } else if (!snapshot.problems().isEmpty()) {
            result = HealthResult.up(plugins + "; " + count(snapshot.problems().size(), "problem") + " in the indexes "
                    + "(entries skipped, see problems)");
        } else {
            result = HealthResult.up(plugins);
        }
        result = result.with("plugins", count).with("indexes", snapshot.indexes());
        if (!snapshot.missing().isEmpty()) {
            // the default index is optional: no file yet is an empty catalog, not a fault
            result = result.with("missing", snapshot.missing());
        }
        return snapshot.problems().isEmpty() ? result : result.with("problems", snapshot.problems());
    }

    /** The catalog as of the files now: re-read only when one of them changed. */
    synchronized Snapshot refresh() {
        List<Object> stamp = new ArrayList<>();
        for (Source source : sources) {
            stamp.add(stamp(source));
        }
        if (current != null && current.stamp().equals(stamp)) {
            return current;
        }
        current = load(stamp);
        return current;
    }

    private static Object stamp(Source source) {
        if (source.file() == null) {
            return source.error();
        }
        try {
            BasicFileAttributes attributes = Files.readAttributes(source.file(), BasicFileAttributes.class);
            return List.of(source.file(), attributes.lastModifiedTime(), attributes.size(),
                    String.valueOf(attributes.fileKey()));
        } catch (IOException e) {
            return List.of(source.file(), "absent");
        }
    }

    private Snapshot load(List<Object> stamp) {
        Map<String, Listing> byName = new TreeMap<>();
        List<String> indexes = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        List<String> unreadable = new ArrayList<>();
        for (Source source : sources) {
            if (source.file() == null) {
                unreadable.add(source.configured() + ": " + source.error());
                continue;
            }
            Path file = source.file();
            indexes.add(file.toString());
            if (!Files.exists(file)) {
                if (source.optional()) {
                    missing.add(file.toString());
                } else {
                    unreadable.add(file + ": file does not exist");
                }
                continue;
            }
            try {
                if (!Files.isRegularFile(file)) {
                    throw new IndexReader.UnreadableIndexException(file + ": is not a regular file");
                }
                if (Files.size(file) > MAX_INDEX_BYTES) {
                    throw new IndexReader.UnreadableIndexException(file + ": larger than " + MAX_INDEX_BYTES / 1024 / 1024
                            + " MB");
                }
                IndexReader.Result read = IndexReader.read(file, Files.readAllBytes(file));
                problems.addAll(read.problems());
                for (Listing listing : read.plugins()) {
                    Listing first = byName.putIfAbsent(listing.entry().name(), listing);
                    if (first != null) {
                        problems.add(file + ": " + listing.path() + ".name: '" + listing.entry().name()
                                + "' is already listed by " + first.index() + ", which comes first (entry skipped)");
                    }
                }
            } catch (IndexReader.UnreadableIndexException e) {
                unreadable.add(e.getMessage());
            } catch (IOException e) {
                unreadable.add(file + ": cannot be read: " + e.getClass().getSimpleName() + " " + describe(e));
            }
        }
        problems.forEach(p -> LOG.warn("Plugin catalog: {}", p));
        unreadable.forEach(u -> LOG.warn("Plugin catalog index unreadable: {}", u));
        LOG.info("Plugin catalog: {} plugins from {}", byName.size(), indexes);
        return new Snapshot(List.copyOf(stamp), Collections.unmodifiableMap(byName), List.copyOf(indexes),
                List.copyOf(missing), List.copyOf(problems), List.copyOf(unreadable));
    }

    private static String count(int n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }

    private static CatalogEntry withInstalled(CatalogEntry e, boolean installed) {
        return new CatalogEntry(e.name(), e.version(), e.displayName(), e.description(), e.category(), e.tags(),
                e.permissions(), e.location(), installed);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
