package io.devrig.plugin.git.internal;

import io.devrig.api.action.ActionExecutor;
import io.devrig.api.plugin.sdk.PluginSettings;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** Behaviour of the Action {@code git.fetch} (side effects: the network and the remote-tracking refs) declared in plugin.json; allowed repositories as {@link GitAction} says. */
@Component(service = ActionExecutor.class, property = "devrig.capability=action:git.fetch")
public class GitFetchAction extends GitAction {

    @Activate
    public GitFetchAction(@Reference PluginSettings settings) {
        super(settings, (actions, input, context) -> actions.fetch(input));
    }
}
