package io.devrig.plugin.git.internal;

import io.devrig.api.action.ActionContext;
import io.devrig.api.action.ActionExecutor;
import io.devrig.api.plugin.sdk.PluginSettings;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Behaviour of the Action {@code git.commit} (side effects: index and a new commit) declared in
 * plugin.json, with the run's idempotency key as a commit trailer and a preview for dry-runs;
 * allowed repositories as {@link GitAction} says.
 */
@Component(service = ActionExecutor.class, property = "devrig.capability=action:git.commit")
public class GitCommitAction extends GitAction {

    @Activate
    public GitCommitAction(@Reference PluginSettings settings) {
        super(settings, (actions, input, context) -> actions.commit(input, keyOf(context)),
                (actions, input, context) -> actions.previewCommit(input, keyOf(context)));
    }

    /** The node's key in a run; none for a call without a context. */
    private static String keyOf(ActionContext context) {
        return context == null ? null : context.idempotencyKey();
    }
}
