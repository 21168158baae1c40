package io.devrig.shell.internal;

import io.devrig.api.plugin.PluginAdmin;
import java.io.InputStream;
import java.io.PrintStream;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** {@code devrig:plugin-config}: prints a plugin's settings, or validates and saves new ones. */
@Command(scope = "devrig", name = "plugin-config", description = "Prints a plugin's settings (JSON), or, given JSON"
        + " as an argument or on standard input with --stdin, validates it against the plugin's settings schema and saves"
        + " it as the plugin's whole settings object; every action and data source of the plugin reads it, and is told"
        + " of the change at once (e.g. the git plugin's roots, the GitHub plugin's apiUrl and repositories).")
@Service
public class PluginConfigCommand implements Action {

    // optional: the commands stay registered while the plugin host is down, and say so
    @Reference(optional = true)
    PluginAdmin admin;

    @Argument(index = 0, name = "id", required = true, description = "The plugin's id (its bundle symbolic name)")
    @Completion(PluginIdCompleter.class)
    String id;

    @Argument(index = 1, name = "json", required = false,
            description = "The new settings, one JSON object in single quotes: '{\"org\": \"acme\"}'")
    String json;

    @Option(name = "--stdin", description = "Read the new settings from standard input (to its end)")
    boolean stdin;

    // the session's streams in a Karaf command (Gogo's ThreadIO); tests replace them
    InputStream in = System.in;
    PrintStream out = System.out;

    @Override
    public Object execute() throws Exception {
        // Karaf reads options only before the first argument, so "plugin-config <id> --stdin"
        // arrives as the JSON argument "--stdin"; no JSON text is that, so it means the option
        boolean trailingOption = "--stdin".equals(json);
        new PluginCommands(admin, out).config(id, trailingOption ? null : json, stdin || trailingOption, in);
        return null;
    }
}
