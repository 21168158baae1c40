package io.devrig.plugin.git.internal;

import io.devrig.api.action.ActionDescriptor;
import io.devrig.api.action.ActionExecutor;
import java.util.Map;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

/** Action {@code git.status} (no side effects); allowed repositories as {@link GitAction} says. */
@Component(service = ActionExecutor.class, configurationPid = GitAction.PID, property = {
        ActionExecutor.TYPE_PROPERTY + "=git.status", "devrig.capability=action:git.status"})
public class GitStatusAction extends GitAction {

    private static final ActionDescriptor DESCRIPTOR = new ActionDescriptor("git.status", "Git status",
            "Branch, upstream, ahead/behind, changed files (first 100) and the diff --stat summary.", "git", null, null, false, 1);

    @Activate
    public GitStatusAction(Map<String, Object> properties) {
        super(DESCRIPTOR, properties, GitActions::status);
    }
}
