package io.devrig.shell.internal;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Completion;

/** A trigger command whose argument is a trigger id, completed from the manager's triggers. */
abstract class TriggerIdAction extends TriggerAction {

    @Argument(index = 0, name = "triggerId", required = true, description = "The trigger's id (see devrig:triggers)")
    @Completion(TriggerIdCompleter.class)
    String triggerId;
}
