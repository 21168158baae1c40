package io.devrig.shell.internal;

import io.devrig.api.error.DevRigException;
import io.devrig.api.trigger.TriggerManager;
import io.devrig.api.trigger.TriggerStatus;
import java.util.List;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;

/** Tab completion of trigger ids. */
@Service
public class TriggerIdCompleter implements Completer {

    @Reference(optional = true)
    TriggerManager manager;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        if (manager == null) {
            return -1;
        }
        StringsCompleter ids = new StringsCompleter();
        try {
            for (TriggerStatus s : manager.triggers()) {
                ids.getStrings().add(s.id());
            }
        } catch (DevRigException e) {
            return -1; // offer nothing rather than print an error mid-line
        }
        return ids.complete(session, commandLine, candidates);
    }
}
