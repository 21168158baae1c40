package io.devrig.shell.internal;

import io.devrig.api.routes.ContextInfo;
import io.devrig.api.routes.RouteInfo;
import io.devrig.api.routes.Routes;
import java.io.PrintStream;
import java.util.List;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.CommandException;
import org.apache.karaf.shell.support.table.ShellTable;

/**
 * {@code devrig:routes}: every Camel context an adapter bundle owns (through
 * {@link Routes}) and its routes. Endpoint URIs come masked from the runtime
 * ({@code password=}, {@code token=}, {@code secret=}, {@code apiKey=} ... values read
 * {@code xxxxxx}); exchanges are those the route's consumer completed, and failed ones.
 */
@Command(scope = "devrig", name = "routes",
        description = "Camel contexts of DevRig's adapters and their routes: endpoint (credentials masked), state, exchanges total/failed, uptime.")
@Service
public class RoutesCommand implements Action {

    static final String NOT_RUNNING = "the Camel runtime is not running (bundle io.devrig.camel)";

    // optional: the command stays registered while the Camel runtime is down, and says so
    @Reference(optional = true)
    Routes runtime;

    PrintStream out = System.out;

    @Override
    public Object execute() throws Exception {
        print(runtime, out);
        return null;
    }

    static void print(Routes runtime, PrintStream out) throws CommandException {
        if (runtime == null) {
            throw ErrorLine.of(NOT_RUNNING);
        }
        List<ContextInfo> contexts = runtime.contexts();
        if (contexts.isEmpty()) {
            out.println("No Camel contexts are running.");
            return;
        }
        ShellTable table = new ShellTable();
        table.column("CONTEXT");
        table.column("ROUTE");
        table.column("ENDPOINT");
        table.column("STATE");
        table.column("EXCHANGES").alignRight();
        table.column("FAILED").alignRight();
        table.column("UPTIME");
        for (ContextInfo c : contexts) {
            // a context that is not started says so beside its name; its routes carry their own state
            String context = PluginText.clean(c.name()) + ("Started".equals(c.state()) ? "" : " (" + c.state() + ")");
            if (c.routes().isEmpty()) {
                table.addRow().addContent(context, "-", "-", "-", "-", "-", QueueCommands.age(c.uptime()));
            }
            for (RouteInfo r : c.routes()) {
                table.addRow().addContent(context, PluginText.orDash(r.id()), PluginText.orDash(r.endpointUri()),
                        r.state(), r.exchangesTotal(), r.exchangesFailed(),
                        "Started".equals(r.state()) ? QueueCommands.age(r.uptime()) : "-");
            }
        }
        table.print(out, true);
    }
}
