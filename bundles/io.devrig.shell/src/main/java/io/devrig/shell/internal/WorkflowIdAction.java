package io.devrig.shell.internal;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Completion;

/** A {@code devrig:workflow*} command whose first argument is a workflow id, completed from the store. */
abstract class WorkflowIdAction extends WorkflowAction {

    @Argument(index = 0, name = "id", required = true, description = "The workflow's id (see devrig:workflows)")
    @Completion(WorkflowIdCompleter.class)
    String id;
}
