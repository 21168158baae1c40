package io.devrig.shell.internal;

import io.devrig.api.trigger.Webhooks;
import java.io.PrintStream;
import java.util.List;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

/** {@code devrig:hooks}: each live webhook, its URL and how it is signed (secret names, never values). */
@Command(scope = "devrig", name = "hooks",
        description = "Lists the live webhooks: path, URL on the Karaf HTTP port, methods, signature scheme, secret names, workflow.")
@Service
public class HooksCommand implements Action {

    static final String NOT_RUNNING = "the webhook trigger is not running";

    // optional: the command stays registered while the webhook bundle is down, and says so
    @Reference(optional = true)
    Webhooks hooks;

    PrintStream out = System.out;

    @Override
    public Object execute() throws Exception {
        if (hooks == null) {
            throw ErrorLine.of(NOT_RUNNING);
        }
        List<Webhooks.Hook> live = hooks.hooks();
        if (live.isEmpty()) {
            out.println("No live webhooks. A published workflow with a \"webhook\" trigger adds one.");
            return null;
        }
        ShellTable table = new ShellTable();
        table.column("PATH");
        table.column("URL");
        table.column("METHODS");
        table.column("SIGNATURE");
        table.column("SECRETS");
        table.column("WORKFLOW");
        for (Webhooks.Hook h : live) {
            table.addRow().addContent(PluginText.clean(h.path()), PluginText.clean(h.url()), String.join(",", h.methods()),
                    h.signature(), h.secretNames().isEmpty() ? "-" : PluginText.clean(String.join(", ", h.secretNames())),
                    PluginText.clean(h.workflowId()) + " v" + h.workflowVersion());
        }
        table.print(out);
        return null;
    }
}
