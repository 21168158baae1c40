package io.devrig.shell.internal;

import java.util.List;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Completion;

/** An inbox command whose arguments are item ids, completed from the newest items. */
abstract class InboxIdsAction extends InboxAction {

    @Argument(index = 0, name = "ids", required = true, multiValued = true,
            description = "The items' ids, one or more (see devrig:inbox)")
    @Completion(InboxItemIdCompleter.class)
    List<String> ids;
}
