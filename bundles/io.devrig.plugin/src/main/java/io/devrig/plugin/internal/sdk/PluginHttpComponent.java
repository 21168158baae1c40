package io.devrig.plugin.internal.sdk;

import io.devrig.api.plugin.PermissionGate;
import io.devrig.api.http.OutboundHttp;
import io.devrig.api.http.OutboundRequest;
import io.devrig.api.http.OutboundResponse;
import io.devrig.api.plugin.sdk.PluginHttp;
import io.devrig.common.plugin.Permissions;
import org.osgi.service.component.ComponentContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ServiceScope;

/** {@link PluginHttp}: the network permission, then DevRig's policed outbound client. */
@Component(service = PluginHttp.class, scope = ServiceScope.BUNDLE)
public final class PluginHttpComponent implements PluginHttp {

    private final String pluginId;
    private final OutboundHttp http;
    private final PermissionGate gate;

    @Activate
    public PluginHttpComponent(ComponentContext context, @Reference OutboundHttp http, @Reference PermissionGate gate) {
        this(context.getUsingBundle().getSymbolicName(), http, gate);
    }

    PluginHttpComponent(String pluginId, OutboundHttp http, PermissionGate gate) {
        this.pluginId = pluginId;
        this.http = http;
        this.gate = gate;
    }

    @Override
    public OutboundResponse send(OutboundRequest request) {
        gate.check(pluginId, Permissions.NETWORK);
        return http.send(request);
    }
}
