package io.devrig.itest.plugin.inbox;

import io.devrig.api.action.ActionContext;
import io.devrig.api.action.ActionExecutor;
import io.devrig.api.inbox.InboxItem;
import java.util.LinkedHashMap;
import java.util.Map;
import org.osgi.service.component.annotations.Component;

/**
 * The action {@code itest.reply} of plugin.json (behaviour only): returns its input and the
 * external id of the item it runs on, so a test sees what the registry filled from the item.
 */
@Component(service = ActionExecutor.class, property = "devrig.capability=action:itest.reply")
public class ReplyAction implements ActionExecutor {

    @Override
    public Object execute(Object input, ActionContext context) {
        Map<String, Object> out = new LinkedHashMap<>(castMap(input));
        out.put("item", context.item().map(InboxItem::externalId).orElse(null));
        return out;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> castMap(Object input) {
        return (Map<String, Object>) input;
    }
}
