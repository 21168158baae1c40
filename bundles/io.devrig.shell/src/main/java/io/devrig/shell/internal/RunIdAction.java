package io.devrig.shell.internal;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Completion;

/** A run command whose argument is a run id, completed from the newest runs. */
abstract class RunIdAction extends RunAction {

    @Argument(index = 0, name = "runId", required = true, description = "The run's id (see devrig:runs)")
    @Completion(RunIdCompleter.class)
    String runId;
}
