package io.devrig.shell.internal;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.CommandException;
import org.apache.karaf.shell.support.completers.FileCompleter;

/** {@code devrig:workflow-import}. */
@Command(scope = "devrig", name = "workflow-import",
        description = "Saves a workflow definition file (JSON) as the workflow's draft, creating the workflow when its id"
                + " is new; with --publish it publishes it too. An invalid file saves nothing. A relative path is"
                + " relative to the shell's current directory, where Karaf was started unless cd moved it.")
@Service
public class WorkflowImportCommand extends WorkflowAction {

    @Reference
    Session session;

    @Argument(index = 0, name = "file", required = true, description = "The definition file (JSON, UTF-8)")
    @Completion(FileCompleter.class)
    String file;

    @Option(name = "--publish", description = "Publish the draft as the next version once it is saved")
    boolean publish;

    @Option(name = "--message", aliases = "-m", description = "With --publish: what changed, kept with the version")
    String message;

    @Override
    void run(WorkflowCommands commands) throws CommandException {
        commands.importFile(FlowFiles.resolve(session == null ? null : session.currentDir(), file), publish, message);
    }
}
