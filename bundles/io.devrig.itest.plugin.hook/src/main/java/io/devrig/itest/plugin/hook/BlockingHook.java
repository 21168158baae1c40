package io.devrig.itest.plugin.hook;

import io.devrig.api.action.ActionContext;
import io.devrig.api.action.ActionDescriptor;
import io.devrig.api.action.ActionHook;
import java.util.Map;
import org.osgi.service.component.annotations.Component;

/** A declared hook that blocks (until interrupted) before actions whose source carries itest.block. */
@Component(service = ActionHook.class, property = "devrig.capability=hook:itest.block")
public class BlockingHook implements ActionHook {

    @Override
    public void before(ActionDescriptor action, Object input, ActionContext context) {
        if (input instanceof Map<?, ?> m && m.get("source") instanceof Map<?, ?> source && source.containsKey("itest.block")) {
            try {
                Thread.sleep(Long.MAX_VALUE);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
