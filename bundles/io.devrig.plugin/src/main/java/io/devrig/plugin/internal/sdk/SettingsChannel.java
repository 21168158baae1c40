package io.devrig.plugin.internal.sdk;

import java.util.function.Consumer;

/**
 * Where the settings SDK gets a plugin's settings and hears of changes: the plugin host,
 * which validates and stores them ({@code PluginAdmin.configure}). Internal to this bundle.
 */
public interface SettingsChannel {

    /** The plugin's settings as a JSON object text ({@code {}} when none). */
    String settings(String pluginId);

    /** {@code subscriber} gets the new settings (JSON text) after each change of the plugin's settings. */
    void subscribe(String pluginId, Consumer<String> subscriber);

    void unsubscribe(String pluginId, Consumer<String> subscriber);
}
