package io.devrig.plugin.git.internal;

import io.devrig.api.action.ActionContext;
import io.devrig.api.action.ActionExecutor;
import io.devrig.api.plugin.sdk.PluginSettings;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the action components share: behaviour only (what each action is, is declared once in
 * {@code plugin.json}), and the allowed repositories: those inside the plugin setting
 * {@code roots}, the same roots the data source scans (the default roots when none are set),
 * read on every call so a {@code devrig:plugin-config} change applies at once. Each git run of
 * a call ends by the call's deadline.
 */
abstract class GitAction implements ActionExecutor {

    /** One action's behaviour on the actions of the current settings. */
    interface Operation {
        Object apply(GitActions actions, Object input, ActionContext context);
    }

    private final PluginSettings settings;
    private final Operation operation;
    private final Operation preview;

    GitAction(PluginSettings settings, Operation operation) {
        this(settings, operation, null);
    }

    /** An action with side effects and its own dry-run preview. */
    GitAction(PluginSettings settings, Operation operation, Operation preview) {
        this.settings = settings;
        this.operation = operation;
        this.preview = preview;
    }

    @Override
    public Object execute(Object input, ActionContext context) {
        if (preview != null && context != null && context.dryRun()) {
            return preview(input, context); // the registry previews a dry-run already; never act in one
        }
        return operation.apply(actions(context), onItem(input, context), context);
    }

    @Override
    public Object preview(Object input, ActionContext context) {
        return preview == null ? ActionExecutor.super.preview(input, context)
                : preview.apply(actions(context), onItem(input, context), context);
    }

    /**
     * Run on an inbox item ({@code devrig:inbox-act <id> git.status}) with no repository in the
     * input: the item's {@code metadata.path}, as if given as {@code path}. The input wins; the
     * path is checked against the roots like any other.
     */
    static Object onItem(Object input, ActionContext context) {
        if (context == null || !(input instanceof Map<?, ?> map) || map.get("path") != null
                || map.get("repository") != null || map.get("item") != null) {
            return input;
        }
        Object path = context.item().map(i -> i.metadata().get("path")).orElse(null);
        if (path == null) {
            return input;
        }
        Map<Object, Object> filled = new LinkedHashMap<>(map);
        filled.put("path", path);
        return filled;
    }

    private GitActions actions(ActionContext context) {
        return GitActions.fromSettings(settings.get()).within(context == null ? null : context.deadline());
    }
}
