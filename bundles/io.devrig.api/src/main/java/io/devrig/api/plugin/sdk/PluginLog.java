package io.devrig.api.plugin.sdk;

import org.osgi.annotation.versioning.ProviderType;

/**
 * A log named after the calling plugin ({@code devrig.plugin.<pluginId>}), so an admin
 * can tell plugins apart and tune them one by one. No permission needed. Messages use
 * SLF4J's {@code {}} placeholders; never log secret values.
 */
@ProviderType
public interface PluginLog {

    void debug(String message, Object... arguments);

    void info(String message, Object... arguments);

    void warn(String message, Object... arguments);

    void error(String message, Object... arguments);
}
