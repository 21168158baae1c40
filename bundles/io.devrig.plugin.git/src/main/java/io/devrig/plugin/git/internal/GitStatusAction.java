package io.devrig.plugin.git.internal;

import io.devrig.api.action.ActionContext;
import io.devrig.api.action.ActionDescriptor;
import io.devrig.api.action.ActionExecutor;
import java.util.Map;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

/**
 * Action {@code git.status}. Allowed repositories are those under the roots of component
 * property {@code roots} (configuration PID {@code io.devrig.plugin.git}; comma separated
 * or a String[]), by default the same default roots as the data source.
 */
@Component(service = ActionExecutor.class, configurationPid = "io.devrig.plugin.git", property = {
        ActionExecutor.TYPE_PROPERTY + "=git.status", "devrig.capability=action:git.status"})
public class GitStatusAction implements ActionExecutor {

    private static final ActionDescriptor DESCRIPTOR = new ActionDescriptor("git.status", "Git status",
            "Branch, upstream, ahead/behind, changed files (first 100) and the diff --stat summary.", "git", null, null, false, 1);

    private final GitActions actions;

    @Activate
    public GitStatusAction(Map<String, Object> properties) {
        this.actions = GitActions.fromComponentProperties(properties);
    }

    @Override
    public ActionDescriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public Object execute(Object input, ActionContext context) {
        return actions.status(input);
    }
}
