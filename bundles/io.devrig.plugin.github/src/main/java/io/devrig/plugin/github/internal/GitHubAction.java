package io.devrig.plugin.github.internal;

import io.devrig.api.action.ActionContext;
import io.devrig.api.action.ActionExecutor;
import io.devrig.api.plugin.sdk.PluginHttp;
import io.devrig.api.plugin.sdk.PluginLog;
import io.devrig.api.plugin.sdk.PluginSecrets;
import io.devrig.api.plugin.sdk.PluginSettings;
import java.time.Clock;

/**
 * What the three action components share: behaviour only. What each action is (name,
 * description, input schema, side effects) is declared once, in {@code plugin.json}; the
 * service carries the one property {@code devrig.capability=action:<id>}. The API URL is the
 * plugin setting {@code apiUrl} (default {@code https://api.github.com}), read on every call,
 * so a change applies at once; a bad value fails each call with {@code INVALID_INPUT} rather
 * than hiding the action.
 */
abstract class GitHubAction implements ActionExecutor {

    private final String type;
    private final GitHubClient client;
    private final PluginSettings settings;

    GitHubAction(String type, PluginHttp http, PluginSecrets secrets, PluginLog log, PluginSettings settings,
            Clock clock, RateLimits limits) {
        this.type = type;
        this.client = new GitHubClient(http, secrets, log, clock, limits);
        this.settings = settings;
    }

    private GitHubActions actions() {
        return new GitHubActions(client, ApiBase.parse(settings.get().get("apiUrl"), ApiBase.SETTING));
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
