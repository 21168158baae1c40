package io.devrig.shell.internal;

import java.io.InputStream;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.CommandException;

/** {@code devrig:inbox-act}. */
@Command(scope = "devrig", name = "inbox-act",
        description = "Runs a plugin action on an inbox item (an action type whose plugin applies to the item's source)"
                + " with an optional JSON input, and prints the action's output as indented JSON.")
@Service
public class InboxActCommand extends InboxAction {

    @Argument(index = 0, name = "id", required = true, description = "The item's id (see devrig:inbox)")
    @Completion(InboxItemIdCompleter.class)
    String id;

    @Argument(index = 1, name = "actionType", required = true, description = "The action type, e.g. github.merge_pr")
    String actionType;

    @Argument(index = 2, name = "json", required = false,
            description = "The input, one JSON object in single quotes: '{\"body\": \"LGTM\"}' (default: none); required"
                    + " fields you leave out are taken from the item's metadata entry of the same name")
    String json;

    @Option(name = "--stdin", description = "Read the input from standard input (to its end)")
    boolean stdin;

    // the session's standard input in a Karaf command (Gogo's ThreadIO); tests replace it
    InputStream in = System.in;

    @Override
    void run(InboxCommands commands) throws CommandException {
        commands.act(id, actionType, RunCommands.input(json, stdin, in));
    }
}
