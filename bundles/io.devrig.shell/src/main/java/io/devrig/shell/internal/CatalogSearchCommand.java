package io.devrig.shell.internal;

import io.devrig.api.plugin.PluginCatalog;
import java.io.PrintStream;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** {@code devrig:catalog}: searches the plugins available to install. */
@Command(scope = "devrig", name = "catalog", description = "Lists the catalog's plugins matching every filter given:"
        + " name, version, category, tags, permissions asked for, whether installed.")
@Service
public class CatalogSearchCommand implements Action {

    // optional: the commands stay registered while the catalog is down, and say so
    @Reference(optional = true)
    PluginCatalog catalog;

    @Option(name = "--tag", aliases = "-t", description = "Only entries with this exact tag")
    String tag;

    @Option(name = "--category", aliases = "-c", description = "Only entries in this exact category")
    String category;

    @Argument(index = 0, name = "text", required = false,
            description = "Matched case-insensitively against name, display name, description and tags")
    String text;

    PrintStream out = System.out;

    @Override
    public Object execute() throws Exception {
        new CatalogCommands(catalog, null, out).search(text, tag, category);
        return null;
    }
}
