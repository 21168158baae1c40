package __PACKAGE__.internal;

import io.devrig.api.action.ActionContext;
import io.devrig.api.action.ActionExecutor;
import io.devrig.api.plugin.sdk.PluginHttp;
import io.devrig.api.plugin.sdk.PluginSettings;
import java.util.Map;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The action {@code __PREFIX__.close} of plugin.json (name, input schema and appliesTo are
 * there; this class supplies behaviour only). Input {@code {"ticket": "7", "comment": "done"}},
 * valid against {@code __PREFIX__.close.input.schema.json} before it gets here. From the inbox:
 * {@code devrig:inbox-act <item id> __PREFIX__.close '{"ticket":"<the item's externalId>"}'}.
 */
@Component(service = ActionExecutor.class, property = "devrig.capability=action:__PREFIX__.close")
public final class CloseTicket implements ActionExecutor {

    private final TicketService service;
    private final PluginSettings settings;

    @Activate
    public CloseTicket(@Reference PluginHttp http, @Reference PluginSettings settings) {
        this.service = new TicketService(http);
        this.settings = settings;
    }

    @Override
    public Object execute(Object input, ActionContext context) {
        Map<?, ?> in = (Map<?, ?>) input;
        String ticket = (String) in.get("ticket");
        Object comment = in.get("comment");
        service.close(settings.get(), ticket, comment == null ? "Closed from DevRig" : comment.toString());
        context.log(ActionContext.LogLevel.INFO, "closed ticket " + ticket);
        return Map.of("ticket", ticket, "closed", true);
    }
}
