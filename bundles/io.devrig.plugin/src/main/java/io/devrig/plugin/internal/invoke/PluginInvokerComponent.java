package io.devrig.plugin.internal.invoke;

import io.devrig.api.plugin.PluginCall;
import io.devrig.api.plugin.PluginCallStats;
import io.devrig.api.plugin.PluginInvoker;
import io.devrig.api.time.DevRigClock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.Designate;

/** Publishes the {@link Invoker}; a configuration change replaces it (DS reactivation). */
@Component(service = PluginInvoker.class, configurationPid = "io.devrig.plugin.invoker")
@Designate(ocd = InvokerConfig.class)
public final class PluginInvokerComponent implements PluginInvoker {

    private final Invoker invoker;

    @Activate
    public PluginInvokerComponent(InvokerConfig config) {
        this.invoker = new Invoker(settings(config), DevRigClock.system());
    }

    static InvokerSettings settings(InvokerConfig config) {
        Map<String, Duration> timeouts = new LinkedHashMap<>();
        for (String entry : config.timeouts()) {
            int eq = entry.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("per-plugin time limit must look like 'pluginId=ms': " + entry);
            }
            try {
                timeouts.put(entry.substring(0, eq).trim(), Duration.ofMillis(Long.parseLong(entry.substring(eq + 1).trim())));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("per-plugin time limit is not a number of milliseconds: " + entry);
            }
        }
        return new InvokerSettings(Duration.ofMillis(config.defaultTimeoutMs()), timeouts, config.threadsPerPlugin(),
                new BreakerSettings(config.failureThreshold(), Duration.ofMillis(config.resetTimeoutMs()),
                        config.halfOpenTrials()));
    }

    @Deactivate
    void deactivate() {
        invoker.close();
    }

    @Override
    public <T> T invoke(String pluginId, String operation, PluginCall<T> call) {
        return invoker.invoke(pluginId, operation, call);
    }

    @Override
    public <T> T invoke(String pluginId, String operation, Duration timeout, PluginCall<T> call) {
        return invoker.invoke(pluginId, operation, timeout, call);
    }

    @Override
    public PluginCallStats stats(String pluginId) {
        return invoker.stats(pluginId);
    }

    @Override
    public void cancelCalls(String pluginId) {
        invoker.cancelCalls(pluginId);
    }
}
