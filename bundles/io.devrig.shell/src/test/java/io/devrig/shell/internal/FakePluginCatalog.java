package io.devrig.shell.internal;

import io.devrig.api.error.DevRigException;
import io.devrig.api.error.ErrorCategory;
import io.devrig.api.error.ErrorCodes;
import io.devrig.api.plugin.CatalogEntry;
import io.devrig.api.plugin.PluginCatalog;
import io.devrig.api.plugin.PluginState;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeMap;

/**
 * A catalog in memory, filtering as the real one promises. Installing hands the plugin to
 * a {@link FakePluginAdmin}, when given one, as the plugin host would: active when it asks
 * for nothing, otherwise awaiting approval.
 */
final class FakePluginCatalog implements PluginCatalog {

    private final TreeMap<String, CatalogEntry> entries = new TreeMap<>();
    private final FakePluginAdmin host;
    private DevRigException failure;
    final List<String> searches = new ArrayList<>();

    FakePluginCatalog(FakePluginAdmin host) {
        this.host = host;
    }

    FakePluginCatalog offer(String name, String version, String category, List<String> tags, Set<String> permissions,
            boolean installed) {
        entries.put(name, new CatalogEntry(name, version, "Plugin " + name, "What " + name + " does", category, tags,
                permissions, "mvn:io.devrig/" + name + "/" + version, installed));
        return this;
    }

    FakePluginCatalog failWith(DevRigException e) {
        this.failure = e;
        return this;
    }

    boolean installed(String name) {
        return entries.get(name).installed();
    }

    @Override
    public List<CatalogEntry> search(String text, String tag, String category) {
        searches.add(text + "|" + tag + "|" + category);
        check();
        List<CatalogEntry> found = new ArrayList<>();
        // reverse order on purpose: the command sorts, whatever the catalog returns
        for (CatalogEntry e : entries.descendingMap().values()) {
            if ((tag == null || e.tags().contains(tag)) && (category == null || category.equals(e.category()))
                    && (text == null || matches(e, text.toLowerCase(Locale.ROOT)))) {
                found.add(e);
            }
        }
        return found;
    }

    private static boolean matches(CatalogEntry e, String text) {
        return e.name().toLowerCase(Locale.ROOT).contains(text) || e.displayName().toLowerCase(Locale.ROOT).contains(text)
                || e.description().toLowerCase(Locale.ROOT).contains(text)
                || e.tags().stream().anyMatch(t -> t.toLowerCase(Locale.ROOT).contains(text));
    }

    @Override
    public CatalogEntry install(String name) {
        check();
        CatalogEntry e = entries.get(name);
        if (e == null) {
            throw new DevRigException(ErrorCodes.NOT_FOUND, ErrorCategory.PERMANENT, "no plugin named '" + name + "' in the catalog");
        }
        if (e.installed()) {
            throw new DevRigException(ErrorCodes.CONFLICT, ErrorCategory.PERMANENT, "plugin " + name + " is already installed");
        }
        CatalogEntry now = new CatalogEntry(e.name(), e.version(), e.displayName(), e.description(), e.category(), e.tags(),
                e.permissions(), e.location(), true);
        entries.put(name, now);
        if (host != null) {
            host.add(name, e.permissions().isEmpty() ? PluginState.ACTIVE : PluginState.AWAITING_APPROVAL,
                    e.permissions(), Set.of());
        }
        return now;
    }

    private void check() {
        if (failure != null) {
            throw failure;
        }
    }
}
