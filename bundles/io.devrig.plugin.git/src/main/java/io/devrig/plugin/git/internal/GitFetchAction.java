package io.devrig.plugin.git.internal;

import io.devrig.api.action.ActionDescriptor;
import io.devrig.api.action.ActionExecutor;
import java.util.Map;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

/** Action {@code git.fetch} (side effects: the network and the remote-tracking refs); allowed repositories as {@link GitAction} says. */
@Component(service = ActionExecutor.class, configurationPid = GitAction.PID, property = {
        ActionExecutor.TYPE_PROPERTY + "=git.fetch", "devrig.capability=action:git.fetch"})
public class GitFetchAction extends GitAction {

    private static final ActionDescriptor DESCRIPTOR = new ActionDescriptor("git.fetch", "Git fetch",
            "Runs git fetch --prune (2 minute limit) and reports the new ahead/behind counts.", "git", null, null, true, 1);

    @Activate
    public GitFetchAction(Map<String, Object> properties) {
        super(DESCRIPTOR, properties, GitActions::fetch);
    }
}
