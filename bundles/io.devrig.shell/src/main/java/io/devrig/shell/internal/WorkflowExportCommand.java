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

/** {@code devrig:workflow-export}. */
@Command(scope = "devrig", name = "workflow-export",
        description = "Prints a workflow definition as JSON: the latest version, the version given, or the draft (--draft)."
                + " With -o it writes the file instead (an existing file only with --force); a relative path is"
                + " relative to the shell's current directory, where Karaf was started unless cd moved it.")
@Service
public class WorkflowExportCommand extends WorkflowIdAction {

    @Reference
    Session session;

    @Argument(index = 1, name = "version", required = false, description = "The published version (default: the latest)")
    String version;

    @Option(name = "--draft", description = "Export the draft instead of a published version")
    boolean draft;

    @Option(name = "--output", aliases = "-o", description = "Write to this file instead of printing")
    @Completion(FileCompleter.class)
    String output;

    @Option(name = "--force", aliases = "-f", description = "Overwrite the --output file when it exists")
    boolean force;

    @Override
    void run(WorkflowCommands commands) throws CommandException {
        commands.export(id, version, draft,
                output == null ? null : FlowFiles.resolve(session == null ? null : session.currentDir(), output), force);
    }
}
