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

/** Action {@code github.comment}: Posts a comment on an issue or pull request. */
@Component(service = ActionExecutor.class, configurationPid = GitHubAction.PID, property = {
        ActionExecutor.TYPE_PROPERTY + "=github.comment", "devrig.capability=action:github.comment"})
public class CommentAction extends GitHubAction {

    @Activate
    public CommentAction(@Reference PluginHttp http, @Reference PluginSecrets secrets, @Reference PluginLog log,
            Map<String, Object> properties) {
        this(http, secrets, log, properties, Clock.systemUTC());
    }

    CommentAction(PluginHttp http, PluginSecrets secrets, PluginLog log, Map<String, Object> properties, Clock clock) {
        super("github.comment", "Comment on GitHub", "Posts a comment on an issue or pull request.", "github-comment-input.schema.json", http, secrets, log, properties, clock);
    }
}
