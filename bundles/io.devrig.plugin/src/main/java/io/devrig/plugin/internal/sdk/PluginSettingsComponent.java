package io.devrig.plugin.internal.sdk;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.devrig.api.error.DevRigException;
import io.devrig.api.error.ErrorCategory;
import io.devrig.api.error.ErrorCodes;
import io.devrig.api.plugin.PermissionGate;
import io.devrig.api.plugin.PluginInvoker;
import io.devrig.api.plugin.sdk.PluginSettings;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.osgi.service.component.ComponentContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ServiceScope;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link PluginSettings} of one plugin: reads the settings the host validated and stored,
 * and tells the plugin's listeners of changes, each through the plugin invoker (the
 * plugin's own threads, its time limit and breaker). The listeners of an instance go with it
 * when the plugin's bundle releases the service (stop, update, uninstall).
 */
@Component(service = PluginSettings.class, scope = ServiceScope.BUNDLE)
public final class PluginSettingsComponent implements PluginSettings {

    private static final Logger LOG = LoggerFactory.getLogger(PluginSettingsComponent.class);
    private static final ObjectMapper JSON = io.devrig.common.json.Json.MAPPER; // the one strict mapper

    private final String pluginId;
    private final SettingsChannel channel;
    private final PermissionGate gate;
    private final PluginInvoker invoker;
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    private final Consumer<String> subscriber = this::changed;

    @Activate
    public PluginSettingsComponent(ComponentContext context, @Reference SettingsChannel channel,
            @Reference PermissionGate gate, @Reference PluginInvoker invoker) {
        this(context.getUsingBundle().getSymbolicName(), channel, gate, invoker);
    }

    PluginSettingsComponent(String pluginId, SettingsChannel channel, PermissionGate gate, PluginInvoker invoker) {
        this.pluginId = pluginId;
        this.channel = channel;
        this.gate = gate;
        this.invoker = invoker;
        channel.subscribe(pluginId, subscriber);
    }

    @Deactivate
    void deactivate() {
        channel.unsubscribe(pluginId, subscriber);
        listeners.clear();
    }

    @Override
    public Map<String, Object> get() {
        gate.check(pluginId, null);
        return parse(channel.settings(pluginId));
    }

    @Override
    public void addListener(Listener listener) {
        gate.check(pluginId, null);
        listeners.add(java.util.Objects.requireNonNull(listener, "listener"));
    }

    @Override
    public void removeListener(Listener listener) {
        listeners.remove(listener);
    }

    private void changed(String json) {
        Map<String, Object> settings = parse(json);
        for (Listener listener : listeners) {
            try {
                invoker.invoke(pluginId, "settings-changed", () -> {
                    listener.settingsChanged(settings);
                    return null;
                });
            } catch (RuntimeException e) {
                LOG.warn("A settings listener of plugin {} failed; the new settings are saved: {}", pluginId,
                        e.getMessage());
            }
        }
    }

    private Map<String, Object> parse(String json) {
        try {
            Map<String, Object> map = JSON.readValue(json, new TypeReference<Map<String, Object>>() { });
            return Collections.unmodifiableMap(map);
        } catch (java.io.IOException | RuntimeException e) {
            throw new DevRigException(ErrorCodes.INTERNAL_ERROR, ErrorCategory.PERMANENT,
                    "stored settings of plugin " + pluginId + " are not a JSON object");
        }
    }
}
