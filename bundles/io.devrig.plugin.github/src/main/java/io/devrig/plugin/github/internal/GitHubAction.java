package io.devrig.plugin.github.internal;

import io.devrig.api.action.ActionContext;
import io.devrig.api.action.ActionDescriptor;
import io.devrig.api.action.ActionExecutor;
import io.devrig.api.plugin.sdk.PluginHttp;
import io.devrig.api.plugin.sdk.PluginLog;
import io.devrig.api.plugin.sdk.PluginSecrets;
import java.time.Clock;
import java.util.Map;

/**
 * What the three action components share. The API URL is the property {@code apiUrl} of
 * configuration PID {@code io.devrig.plugin.github} (default {@code https://api.github.com});
 * a bad value fails each call with {@code INVALID_INPUT} rather than hiding the action.
 */
abstract class GitHubAction implements ActionExecutor {

    static final String PID = "io.devrig.plugin.github";

    private final String type;
    private final ActionDescriptor descriptor;
    private final GitHubClient client;
    private final Object apiUrl;

    GitHubAction(String type, String name, String description, String schemaFile, PluginHttp http,
            PluginSecrets secrets, PluginLog log, Map<String, Object> properties, Clock clock) {
        this.type = type;
        this.descriptor = new ActionDescriptor(type, name, description, "github", GitHubActions.schema(schemaFile),
                null, true, 1);
        this.client = new GitHubClient(http, secrets, log, clock);
        this.apiUrl = properties == null ? null : properties.get("apiUrl");
    }

    private GitHubActions actions() {
        return new GitHubActions(client, ApiBase.parse(apiUrl, "configuration " + PID + " apiUrl"));
    }

    @Override
    public ActionDescriptor descriptor() {
        return descriptor;
    }

    @Override
    public Object execute(Object input, ActionContext context) {
        return actions().execute(type, input);
    }

    @Override
    public Object preview(Object input, ActionContext context) {
        return actions().preview(type, input);
    }
}
