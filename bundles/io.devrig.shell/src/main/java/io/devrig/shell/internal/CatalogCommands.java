package io.devrig.shell.internal;

import static io.devrig.shell.internal.PluginText.orDash;

import io.devrig.api.error.DevRigException;
import io.devrig.api.plugin.CatalogEntry;
import io.devrig.api.plugin.PluginAdmin;
import io.devrig.api.plugin.PluginCatalog;
import io.devrig.api.plugin.PluginInfo;
import io.devrig.api.plugin.PluginState;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.apache.karaf.shell.support.CommandException;
import org.apache.karaf.shell.support.table.ShellTable;

/**
 * What the {@code devrig:catalog*} commands do, without the shell. The catalog may be null
 * (not running): every command then fails with one {@code Error: ...} line. The plugin
 * host's {@link PluginAdmin} is optional: {@code catalog-install} uses it only to say
 * whether the new plugin is active or waits for approval.
 */
final class CatalogCommands {

    static final String NOT_RUNNING = "the plugin catalog is not running";

    private final PluginCatalog catalog;
    private final PluginAdmin admin;
    private final PrintStream out;

    /**
     * @param catalog the catalog, null when it is not running
     * @param admin the plugin host, null when it is not running
     * @param out where the results go
     */
    CatalogCommands(PluginCatalog catalog, PluginAdmin admin, PrintStream out) {
        this.catalog = catalog;
        this.admin = admin;
        this.out = Objects.requireNonNull(out, "out");
    }

    /** {@code catalog [--tag t] [--category c] [text]}: the matching entries, by name. */
    void search(String text, String tag, String category) throws CommandException {
        PluginCatalog c = catalog();
        List<CatalogEntry> entries;
        try {
            entries = new ArrayList<>(c.search(blankToNull(text), blankToNull(tag), blankToNull(category)));
        } catch (DevRigException e) {
            throw ErrorLine.of(e);
        }
        if (entries.isEmpty()) {
            out.println("No plugins match.");
            return;
        }
        entries.sort(Comparator.comparing(CatalogEntry::name, Comparator.nullsLast(Comparator.naturalOrder())));
        ShellTable table = new ShellTable();
        table.column("NAME");
        table.column("VERSION");
        table.column("CATEGORY");
        table.column("TAGS");
        table.column("PERMISSIONS");
        table.column("INSTALLED");
        for (CatalogEntry e : entries) {
            // tags in the catalog's order: it may list the most telling first
            List<String> tags = e.tags() == null ? List.of() : e.tags().stream().filter(Objects::nonNull)
                    .map(PluginText::clean).filter(t -> !t.isEmpty()).toList();
            Set<String> permissions = PluginText.sorted(e.permissions());
            table.addRow().addContent(orDash(e.name()), orDash(e.version()), orDash(e.category()),
                    tags.isEmpty() ? "-" : String.join(",", tags),
                    permissions.isEmpty() ? "-" : String.join(",", permissions),
                    e.installed() ? "yes" : "no");
        }
        table.print(out);
    }

    /**
     * {@code catalog-install <name>}: installs the plugin's bundle, then asks the plugin host
     * (when it runs) where that left the plugin.
     */
    void install(String name) throws CommandException {
        PluginCatalog c = catalog();
        CatalogEntry entry;
        try {
            entry = c.install(name);
        } catch (DevRigException e) {
            throw ErrorLine.of(e);
        }
        String id = entry == null || entry.name() == null ? name : entry.name();
        String installed = "Installed " + orDash(id) + (entry == null ? "" : " " + orDash(entry.version()));
        out.println(installed + outcome(id) + ".");
    }

    /** {@code ; it is active}, {@code ; it waits for approval of: network (...)}, or nothing when unknown. */
    private String outcome(String id) {
        if (admin == null) {
            return "";
        }
        Optional<PluginInfo> plugin;
        try {
            plugin = admin.plugin(id);
        } catch (DevRigException e) {
            // the install itself worked: do not turn it into a failure
            return "";
        }
        if (plugin.isEmpty() || plugin.get().state() == null || plugin.get().state() == PluginState.INSTALLED) {
            // the host checks new bundles on its own thread and has not come to this one yet
            return "; the plugin host has not checked it yet (see devrig:plugin " + id + ")";
        }
        PluginInfo p = plugin.get();
        String outcome = "; it " + PluginText.statePhrase(p);
        if (p.state() == PluginState.AWAITING_APPROVAL) {
            outcome += " (grant with devrig:plugin-grant " + id + ")";
        }
        return outcome;
    }

    private PluginCatalog catalog() throws CommandException {
        if (catalog == null) {
            throw ErrorLine.of(NOT_RUNNING);
        }
        return catalog;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
