package io.devrig.plugin.github.internal;

import io.devrig.api.action.ActionExecutor;
import io.devrig.api.plugin.sdk.PluginHttp;
import io.devrig.api.plugin.sdk.PluginLog;
import io.devrig.api.plugin.sdk.PluginSecrets;
import java.time.Clock;
import java.util.Map;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** Action {@code github.merge_pr}: Merges a pull request with the chosen method (merge, squash or rebase), optionally only at a given head sha. */
@Component(service = ActionExecutor.class, configurationPid = GitHubAction.PID, property = {
        ActionExecutor.TYPE_PROPERTY + "=github.merge_pr", "devrig.capability=action:github.merge_pr"})
public class MergePullRequestAction extends GitHubAction {

    @Activate
    public MergePullRequestAction(@Reference PluginHttp http, @Reference PluginSecrets secrets, @Reference PluginLog log,
            Map<String, Object> properties) {
        this(http, secrets, log, properties, Clock.systemUTC());
    }

    MergePullRequestAction(PluginHttp http, PluginSecrets secrets, PluginLog log, Map<String, Object> properties, Clock clock) {
        super("github.merge_pr", "Merge pull request", "Merges a pull request with the chosen method (merge, squash or rebase), optionally only at a given head sha.", "github-merge-pr-input.schema.json", http, secrets, log, properties, clock);
    }
}
