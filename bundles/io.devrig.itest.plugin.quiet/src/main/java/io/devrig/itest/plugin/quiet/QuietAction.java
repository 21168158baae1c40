package io.devrig.itest.plugin.quiet;

import io.devrig.api.action.ActionContext;
import io.devrig.api.action.ActionExecutor;
import org.osgi.service.component.annotations.Component;

/**
 * Publishes an action executor without {@code devrig.capability}: the mistake that used to
 * make an action vanish with only a warning. The host must refuse the plugin and say why.
 */
@Component(service = ActionExecutor.class)
public class QuietAction implements ActionExecutor {
    @Override
    public Object execute(Object input, ActionContext context) {
        return "should never be called";
    }
}
