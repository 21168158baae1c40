package io.devrig.shell.internal;

import io.devrig.api.error.DevRigException;
import io.devrig.api.flow.WorkflowSummary;
import io.devrig.api.flow.Workflows;
import java.util.List;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;

/** Tab completion of workflow ids, from the workflow store. */
@Service
public class WorkflowIdCompleter implements Completer {

    // optional, as in the commands: a mandatory reference would hold back every command of this bundle
    @Reference(optional = true)
    Workflows workflows;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        if (workflows == null) {
            return -1;
        }
        StringsCompleter ids = new StringsCompleter();
        try {
            for (WorkflowSummary w : workflows.list()) {
                if (w.id() != null) {
                    ids.getStrings().add(w.id());
                }
            }
        } catch (DevRigException e) {
            // offer nothing rather than print an error mid-line
            return -1;
        }
        return ids.complete(session, commandLine, candidates);
    }
}
