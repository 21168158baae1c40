package io.devrig.api.plugin;

import org.osgi.annotation.versioning.ConsumerType;

/** A call into plugin code, run by the {@link PluginInvoker} on one of the plugin's own threads. */
@ConsumerType
@FunctionalInterface
public interface PluginCall<T> {

    T call() throws Exception;
}
