package io.devrig.shell.internal;

import java.io.InputStream;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.CommandException;

/** {@code devrig:run}. */
@Command(scope = "devrig", name = "run",
        description = "Starts a run of a workflow's latest published version with an optional JSON input and prints"
                + " its run id, version and correlation id. With --wait it waits for the end and fails unless the"
                + " run completed. A start that an entry condition skips prints why.")
@Service
public class RunStartCommand extends RunAction {

    @Argument(index = 0, name = "id", required = true, description = "The workflow's id (see devrig:workflows)")
    @Completion(WorkflowIdCompleter.class)
    String id;

    @Argument(index = 1, name = "json", required = false,
            description = "The input, one JSON object in single quotes: '{\"branch\": \"main\"}' (default: {})")
    String json;

    @Option(name = "--wait", aliases = "-w", description = "Wait for the run to end and print its final status")
    boolean wait;

    @Option(name = "--timeout", aliases = "-t",
            description = "With --wait: the longest wait in seconds, 1 to 86400 (default 60); implies --wait")
    String timeout;

    @Option(name = "--stdin", description = "Read the input from standard input (to its end)")
    boolean stdin;

    // the session's standard input in a Karaf command (Gogo's ThreadIO); tests replace it
    InputStream in = System.in;

    @Override
    void run(RunCommands commands) throws CommandException {
        int seconds = FlowText.wholeNumber(timeout, "--timeout", 1, 86_400, RunCommands.DEFAULT_WAIT_SECONDS);
        commands.start(id, RunCommands.input(json, stdin, in), wait || timeout != null, seconds);
    }
}
