package io.devrig.plugin.internal.sdk;

import io.devrig.api.plugin.PermissionGate;
import io.devrig.api.error.DevRigException;
import io.devrig.api.error.ErrorCategory;
import io.devrig.api.error.ErrorCodes;
import io.devrig.api.plugin.sdk.PluginEvents;
import io.devrig.common.plugin.Permissions;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Pattern;
import org.osgi.service.component.ComponentContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ServiceScope;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;

/** {@link PluginEvents}: the events:publish permission, then Event Admin, on the plugin's own topics only. */
@Component(service = PluginEvents.class, scope = ServiceScope.BUNDLE)
public final class PluginEventsComponent implements PluginEvents {

    static final Pattern TOPIC = Pattern.compile("[A-Za-z0-9_-]+(/[A-Za-z0-9_-]+){0,15}");

    private final String pluginId;
    private final EventAdmin events;
    private final PermissionGate gate;

    @Activate
    public PluginEventsComponent(ComponentContext context, @Reference EventAdmin events, @Reference PermissionGate gate) {
        this(context.getUsingBundle().getSymbolicName(), events, gate);
    }

    PluginEventsComponent(String pluginId, EventAdmin events, PermissionGate gate) {
        this.pluginId = pluginId;
        this.events = events;
        this.gate = gate;
    }

    @Override
    public String topicPrefix() {
        return "devrig/plugin/" + pluginId.replace('.', '_');
    }

    @Override
    public void publish(String topic, Map<String, ?> properties) {
        gate.check(pluginId, Permissions.EVENTS_PUBLISH);
        if (topic == null || !TOPIC.matcher(topic).matches()) {
            throw new DevRigException(ErrorCodes.INVALID_INPUT, ErrorCategory.PERMANENT, "plugin " + pluginId
                    + ": an event topic is '/'-separated tokens of letters, digits, '_' and '-'");
        }
        Map<String, Object> copy = new HashMap<>(properties == null ? Map.of() : properties);
        copy.put("devrig.plugin", pluginId); // receivers can trust who sent it
        events.postEvent(new Event(topicPrefix() + "/" + topic, copy));
    }
}
