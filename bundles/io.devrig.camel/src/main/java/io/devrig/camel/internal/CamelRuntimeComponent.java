package io.devrig.camel.internal;

import io.devrig.camel.CamelRuntime;
import io.devrig.camel.CamelSetup;
import io.devrig.api.routes.ContextInfo;
import io.devrig.api.routes.Routes;
import io.devrig.camel.OwnedCamelContext;
import java.util.List;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;

/**
 * Publishes the runtime. Adapters hold a mandatory reference to it, so DS deactivates them
 * (and they close their contexts) before this goes; whatever is still running then is stopped
 * here, because its classes come from this bundle.
 *
 * <p>Immediate: one registry for the bundle's life. A delayed component would be deactivated
 * whenever no bundle holds the service (say, between two shell commands) and come back empty.
 */
@Component(service = {CamelRuntime.class, Routes.class}, immediate = true)
public class CamelRuntimeComponent implements CamelRuntime {

    private final ContextRegistry registry = new ContextRegistry();

    @Override
    public OwnedCamelContext start(String name, CamelSetup setup) throws Exception {
        return registry.start(name, setup);
    }

    @Override
    public List<ContextInfo> contexts() {
        return registry.contexts();
    }

    @Deactivate
    void deactivate() {
        registry.closeAll();
    }
}
