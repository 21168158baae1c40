package io.devrig.plugin.git.internal;

import io.devrig.api.action.ActionExecutor;
import io.devrig.api.plugin.sdk.PluginSettings;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** Behaviour of the Action {@code git.status} (no side effects) declared in plugin.json; allowed repositories as {@link GitAction} says. */
@Component(service = ActionExecutor.class, property = "devrig.capability=action:git.status")
public class GitStatusAction extends GitAction {

    @Activate
    public GitStatusAction(@Reference PluginSettings settings) {
        super(settings, (actions, input, context) -> actions.status(input));
    }
}
