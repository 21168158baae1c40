package io.devrig.itest.plugin.embedded;

import io.devrig.api.action.ActionContext;
import io.devrig.api.action.ActionExecutor;
import org.osgi.service.component.annotations.Component;

/**
 * A correctly declared action executor whose type is the plugin's own copy of
 * {@code io.devrig.api.action.ActionExecutor} (bnd.bnd embeds the package): no registry can
 * use it, so without the host's check the action would vanish while the plugin stays active.
 */
@Component(service = ActionExecutor.class, property = "devrig.capability=action:itest.embedded")
public class EmbeddedAction implements ActionExecutor {
    @Override
    public Object execute(Object input, ActionContext context) {
        return "should never be called";
    }
}
