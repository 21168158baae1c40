package io.devrig.shell.internal;

import io.devrig.api.error.DevRigException;
import io.devrig.api.plugin.CatalogEntry;
import io.devrig.api.plugin.PluginCatalog;
import java.util.List;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;

/** Tab completion of the catalog's plugin names. */
@Service
public class CatalogNameCompleter implements Completer {

    // optional, as in the commands: a mandatory reference would hold back every command of this bundle
    @Reference(optional = true)
    PluginCatalog catalog;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        if (catalog == null) {
            return -1;
        }
        StringsCompleter names = new StringsCompleter();
        try {
            for (CatalogEntry e : catalog.search(null, null, null)) {
                if (e.name() != null) {
                    names.getStrings().add(e.name());
                }
            }
        } catch (DevRigException e) {
            // offer nothing rather than print an error mid-line
            return -1;
        }
        return names.complete(session, commandLine, candidates);
    }
}
