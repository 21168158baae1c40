package io.devrig.api.plugin.sdk;

import java.util.Map;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Publishes events on the calling plugin's own topics, over OSGi Event Admin:
 * {@code publish("items/stored", ...)} posts {@code devrig/plugin/<plugin>/items/stored}
 * (dots in the plugin id become underscores, as topics allow no dots). Needs the
 * {@code events:publish} permission.
 *
 * <p>Plugins receive events by publishing an {@code org.osgi.service.event.EventHandler}
 * service; DevRig delivers to it only when the plugin holds {@code events:subscribe}
 * (otherwise the handler is hidden from Event Admin).
 */
@ProviderType
public interface PluginEvents {

    /** The topic prefix of the calling plugin, e.g. {@code devrig/plugin/io_devrig_plugin_github}. */
    String topicPrefix();

    /**
     * Posts an event asynchronously.
     *
     * @param topic one or more {@code /}-separated tokens of letters, digits, {@code _} and {@code -}
     * @param properties event properties (JSON-compatible values)
     */
    void publish(String topic, Map<String, ?> properties);
}
