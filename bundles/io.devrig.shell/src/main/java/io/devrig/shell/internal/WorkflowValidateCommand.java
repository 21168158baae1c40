package io.devrig.shell.internal;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.CommandException;
import org.apache.karaf.shell.support.completers.FileCompleter;

/** {@code devrig:workflow-validate}. */
@Command(scope = "devrig", name = "workflow-validate",
        description = "Checks a workflow definition file as publishing would (missing action types are errors) and"
                + " saves nothing. Prints valid, or the problems with their JSON paths; warnings too. A relative"
                + " path is relative to the shell's current directory, where Karaf was started unless cd moved it.")
@Service
public class WorkflowValidateCommand extends WorkflowAction {

    @Reference
    Session session;

    @Argument(index = 0, name = "file", required = true, description = "The definition file (JSON, UTF-8)")
    @Completion(FileCompleter.class)
    String file;

    @Override
    void run(WorkflowCommands commands) throws CommandException {
        commands.validate(FlowFiles.resolve(session == null ? null : session.currentDir(), file));
    }
}
