package io.devrig.shell.internal;

import io.devrig.api.plugin.PluginAdmin;
import java.io.PrintStream;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** {@code devrig:plugins}: one row per plugin. */
@Command(scope = "devrig", name = "plugins",
        description = "Lists the plugins: id, version, state, permissions asked for and granted, breaker, calls/failures.")
@Service
public class PluginListCommand implements Action {

    // optional: the commands stay registered while the plugin host is down, and say so
    @Reference(optional = true)
    PluginAdmin admin;

    PrintStream out = System.out;

    @Override
    public Object execute() throws Exception {
        new PluginCommands(admin, out).list();
        return null;
    }
}
