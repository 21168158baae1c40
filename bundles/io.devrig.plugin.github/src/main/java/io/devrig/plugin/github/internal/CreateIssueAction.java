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

/** Action {@code github.create_issue}: Opens an issue with title, body, labels and assignees. */
@Component(service = ActionExecutor.class, configurationPid = GitHubAction.PID, property = {
        ActionExecutor.TYPE_PROPERTY + "=github.create_issue", "devrig.capability=action:github.create_issue"})
public class CreateIssueAction extends GitHubAction {

    @Activate
    public CreateIssueAction(@Reference PluginHttp http, @Reference PluginSecrets secrets, @Reference PluginLog log,
            Map<String, Object> properties) {
        this(http, secrets, log, properties, Clock.systemUTC());
    }

    CreateIssueAction(PluginHttp http, PluginSecrets secrets, PluginLog log, Map<String, Object> properties, Clock clock) {
        super("github.create_issue", "Create GitHub issue", "Opens an issue with title, body, labels and assignees.", "github-create-issue-input.schema.json", http, secrets, log, properties, clock);
    }
}
