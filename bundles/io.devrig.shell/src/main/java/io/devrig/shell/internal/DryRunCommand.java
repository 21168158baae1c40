package io.devrig.shell.internal;

import java.io.InputStream;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.CommandException;

/** {@code devrig:dry-run}. */
@Command(scope = "devrig", name = "dry-run",
        description = "Dry-runs a workflow (latest version, or the draft with --draft): actions with side effects are"
                + " previewed, not executed. Prints the path taken and each node's status and output; fails unless"
                + " the dry run completed.")
@Service
public class DryRunCommand extends RunAction {

    @Argument(index = 0, name = "id", required = true, description = "The workflow's id (see devrig:workflows)")
    @Completion(WorkflowIdCompleter.class)
    String id;

    @Argument(index = 1, name = "json", required = false,
            description = "The input, one JSON object in single quotes: '{\"branch\": \"main\"}' (default: {})")
    String json;

    @Option(name = "--draft", description = "Dry-run the draft instead of the latest published version")
    boolean draft;

    @Option(name = "--stdin", description = "Read the input from standard input (to its end)")
    boolean stdin;

    // the session's standard input in a Karaf command (Gogo's ThreadIO); tests replace it
    InputStream in = System.in;

    @Override
    void run(RunCommands commands) throws CommandException {
        commands.dryRun(id, draft, RunCommands.input(json, stdin, in));
    }
}
