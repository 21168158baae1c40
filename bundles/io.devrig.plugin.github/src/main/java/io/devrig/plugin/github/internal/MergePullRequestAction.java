package io.devrig.plugin.github.internal;

import io.devrig.api.action.ActionExecutor;
import io.devrig.api.plugin.sdk.PluginHttp;
import io.devrig.api.plugin.sdk.PluginLog;
import io.devrig.api.plugin.sdk.PluginSecrets;
import io.devrig.api.plugin.sdk.PluginSettings;
import java.time.Clock;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** Behaviour of the action {@code github.merge_pr} declared in plugin.json. */
@Component(service = ActionExecutor.class, property = "devrig.capability=action:" + GitHubActions.MERGE)
public class MergePullRequestAction extends GitHubAction {

    @Activate
    public MergePullRequestAction(@Reference PluginHttp http, @Reference PluginSecrets secrets, @Reference PluginLog log,
            @Reference PluginSettings settings) {
        this(http, secrets, log, settings, Clock.systemUTC(), RateLimits.SHARED);
    }

    MergePullRequestAction(PluginHttp http, PluginSecrets secrets, PluginLog log, PluginSettings settings, Clock clock,
            RateLimits limits) {
        super(GitHubActions.MERGE, http, secrets, log, settings, clock, limits);
    }
}
