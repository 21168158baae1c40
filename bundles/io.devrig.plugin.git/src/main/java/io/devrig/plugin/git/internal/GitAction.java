package io.devrig.plugin.git.internal;

import io.devrig.api.action.ActionContext;
import io.devrig.api.action.ActionExecutor;
import io.devrig.api.plugin.sdk.PluginSettings;
import java.util.function.BiFunction;

/**
 * What both action components share: behaviour only (what each action is, is declared once in
 * {@code plugin.json}), and the allowed repositories: those inside the plugin setting
 * {@code roots}, the same roots the data source scans (the default roots when none are set),
 * read on every call so a {@code devrig:plugin-config} change applies at once.
 */
abstract class GitAction implements ActionExecutor {

    private final PluginSettings settings;
    private final BiFunction<GitActions, Object, Object> operation;

    GitAction(PluginSettings settings, BiFunction<GitActions, Object, Object> operation) {
        this.settings = settings;
        this.operation = operation;
    }

    @Override
    public Object execute(Object input, ActionContext context) {
        return operation.apply(GitActions.fromSettings(settings.get()), input);
    }
}
