package io.devrig.shell.internal;

import io.devrig.api.plugin.PluginAdmin;
import io.devrig.api.plugin.PluginCatalog;
import java.io.PrintStream;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** {@code devrig:catalog-install}: installs a plugin from the catalog and says whether it waits for approval. */
@Command(scope = "devrig", name = "catalog-install", description = "Installs and starts a plugin from the catalog;"
        + " prints whether it is active or waits for approval of its permissions.")
@Service
public class CatalogInstallCommand implements Action {

    // optional: the commands stay registered while the catalog or the plugin host is down
    @Reference(optional = true)
    PluginCatalog catalog;

    @Reference(optional = true)
    PluginAdmin admin;

    @Argument(index = 0, name = "name", required = true, description = "The plugin's name in the catalog")
    @Completion(CatalogNameCompleter.class)
    String name;

    PrintStream out = System.out;

    @Override
    public Object execute() throws Exception {
        new CatalogCommands(catalog, admin, out).install(name);
        return null;
    }
}
