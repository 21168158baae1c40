package io.devrig.sdk.testkit;

import io.devrig.api.plugin.sdk.PluginSettings;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * {@link PluginSettings} in memory. {@link #set(Map)} plays {@code devrig:plugin-config}: it
 * replaces the settings and calls every listener before it returns (a failing listener
 * fails the call here, so a test sees it; DevRig logs it and keeps the settings).
 * Settings are not checked against the settings schema here; {@code PluginJsonCheckTest}
 * checks that the schema file parses.
 */
public final class FakePluginSettings implements PluginSettings {

    private volatile Map<String, Object> settings = Map.of();
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();

    /** Replaces the settings and tells the listeners. */
    public void set(Map<String, Object> value) throws Exception {
        settings = Map.copyOf(value);
        for (Listener listener : listeners) {
            listener.settingsChanged(settings);
        }
    }

    @Override
    public Map<String, Object> get() {
        return settings;
    }

    @Override
    public void addListener(Listener listener) {
        listeners.add(listener);
    }

    @Override
    public void removeListener(Listener listener) {
        listeners.remove(listener);
    }

    /**
     * The listeners registered now, in the order added: a component that adds one in its
     * {@code @Activate} should have removed it after its {@code @Deactivate}, and one that reads
     * its settings on every call should have none.
     */
    public List<Listener> listeners() {
        return List.copyOf(listeners);
    }
}
