package io.devrig.plugin.internal.sdk;

import io.devrig.api.plugin.sdk.PluginLog;
import org.osgi.service.component.ComponentContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ServiceScope;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@link PluginLog}: an SLF4J logger named {@code devrig.plugin.<pluginId>}. */
@Component(service = PluginLog.class, scope = ServiceScope.BUNDLE)
public final class PluginLogComponent implements PluginLog {

    private final Logger log;

    @Activate
    public PluginLogComponent(ComponentContext context) {
        this.log = LoggerFactory.getLogger("devrig.plugin." + context.getUsingBundle().getSymbolicName());
    }

    @Override
    public void debug(String message, Object... arguments) {
        log.debug(message, arguments);
    }

    @Override
    public void info(String message, Object... arguments) {
        log.info(message, arguments);
    }

    @Override
    public void warn(String message, Object... arguments) {
        log.warn(message, arguments);
    }

    @Override
    public void error(String message, Object... arguments) {
        log.error(message, arguments);
    }
}
