package io.devrig.plugin.git.internal;

import io.devrig.api.action.ActionContext;
import io.devrig.api.action.ActionDescriptor;
import io.devrig.api.action.ActionExecutor;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * What both action components share: their {@link GitActions}, configured from the component
 * properties (PID {@code io.devrig.plugin.git}, property {@code roots}: comma separated or a
 * String[]; by default the data source's default roots), and which of its operations they run.
 */
abstract class GitAction implements ActionExecutor {

    static final String PID = "io.devrig.plugin.git";

    private final ActionDescriptor descriptor;
    private final GitActions actions;
    private final BiFunction<GitActions, Object, Object> operation;

    GitAction(ActionDescriptor descriptor, Map<String, Object> properties,
            BiFunction<GitActions, Object, Object> operation) {
        this.descriptor = descriptor;
        this.actions = GitActions.fromComponentProperties(properties);
        this.operation = operation;
    }

    @Override
    public ActionDescriptor descriptor() {
        return descriptor;
    }

    @Override
    public Object execute(Object input, ActionContext context) {
        return operation.apply(actions, input);
    }
}
