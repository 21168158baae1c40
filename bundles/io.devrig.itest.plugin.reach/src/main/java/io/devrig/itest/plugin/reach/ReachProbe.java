package io.devrig.itest.plugin.reach;

import io.devrig.api.http.OutboundHttp;
import io.devrig.api.plugin.sdk.PluginStorage;
import io.devrig.api.secrets.SecretVault;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.function.Supplier;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.event.EventAdmin;

/**
 * Reaches for core services a plugin must not get (only types it may import: the guard refuses
 * the others at wiring) with optional dynamic references, and reports what DS handed it.
 */
@Component(service = Function.class, property = "devrig.capability=action:itest.reach")
public class ReachProbe implements Function<String, String> {

    private final PluginStorage storage;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile SecretVault vault;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile OutboundHttp http;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile EventAdmin events;

    // the test bundle (core, not the SDK) and other plugins publish suppliers and functions
    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    private final List<Supplier<?>> suppliers = new CopyOnWriteArrayList<>();

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC, target = "(!(devrig.capability=action:itest.reach))")
    private final List<Function<?, ?>> functions = new CopyOnWriteArrayList<>();

    @Activate
    public ReachProbe(@Reference PluginStorage storage) {
        this.storage = storage;
    }

    @Override
    public String apply(String input) {
        return "vault=" + (vault != null) + ",http=" + (http != null) + ",events=" + (events != null)
                + ",suppliers=" + suppliers.size() + ",functions=" + functions.size() + ",storage=" + (storage != null);
    }
}
