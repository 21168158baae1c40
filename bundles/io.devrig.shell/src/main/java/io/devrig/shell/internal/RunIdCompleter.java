package io.devrig.shell.internal;

import io.devrig.api.error.DevRigException;
import io.devrig.api.flow.RunQuery;
import io.devrig.api.flow.RunSummary;
import io.devrig.api.flow.WorkflowRuns;
import java.util.List;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;

/** Tab completion of run ids: the newest {@value #RECENT} runs (older ones can still be typed). */
@Service
public class RunIdCompleter implements Completer {

    static final int RECENT = 100;

    // optional, as in the commands: a mandatory reference would hold back every command of this bundle
    @Reference(optional = true)
    WorkflowRuns runs;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        if (runs == null) {
            return -1;
        }
        StringsCompleter ids = new StringsCompleter();
        try {
            for (RunSummary r : runs.runs(new RunQuery(null, null, RECENT))) {
                if (r.id() != null) {
                    ids.getStrings().add(r.id());
                }
            }
        } catch (DevRigException e) {
            // offer nothing rather than print an error mid-line
            return -1;
        }
        return ids.complete(session, commandLine, candidates);
    }
}
