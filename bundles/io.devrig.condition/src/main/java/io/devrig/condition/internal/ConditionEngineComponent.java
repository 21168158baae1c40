package io.devrig.condition.internal;

import io.devrig.api.condition.CompiledCondition;
import io.devrig.api.condition.ConditionEngine;
import io.devrig.api.condition.CustomCondition;
import io.devrig.api.plugin.PluginConstants;
import io.devrig.api.plugin.PluginInvoker;
import java.util.List;
import org.osgi.framework.Bundle;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes the condition engine. Plugins' {@link CustomCondition} services are a
 * dynamic whiteboard, keyed by the publishing plugin (bundle symbolic name) and
 * {@code devrig.condition.type}; they are called through the {@link PluginInvoker} under
 * the 500 ms limit of custom conditions (without the plugin host they are not called).
 */
@Component(service = ConditionEngine.class)
public final class ConditionEngineComponent implements ConditionEngine {

    private static final Logger LOG = LoggerFactory.getLogger(ConditionEngineComponent.class);

    private final CustomConditionRegistry registry = new CustomConditionRegistry();
    private final ConditionEngineImpl engine;

    // optional: the engine works without io.devrig.plugin (core-only tests, early startup)
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile PluginInvoker invoker;

    public ConditionEngineComponent() {
        this.engine = new ConditionEngineImpl(Limits.DEFAULTS,
                new PluginConditions(registry, () -> invoker, Limits.DEFAULTS.customTimeLimit()));
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            target = "(" + CustomCondition.TYPE_PROPERTY + "=*)")
    void addCustomCondition(CustomCondition condition, ServiceReference<CustomCondition> ref) {
        Object type = ref.getProperty(CustomCondition.TYPE_PROPERTY);
        Bundle bundle = ref.getBundle();
        String refusal = CustomConditionRegistry.refusal(type, ref.getProperty(PluginConstants.CAPABILITY_PROPERTY));
        if (bundle == null) {
            return; // unregistered meanwhile
        }
        if (refusal != null) {
            LOG.warn("Ignoring custom condition service {} of {}: {}", ref.getProperty(Constants.SERVICE_ID),
                    bundle.getSymbolicName(), refusal);
            return;
        }
        Object ranking = ref.getProperty(Constants.SERVICE_RANKING);
        registry.add(new CustomConditionRegistry.Entry(bundle.getSymbolicName(), (String) type, condition,
                ranking instanceof Integer r ? r : 0, (Long) ref.getProperty(Constants.SERVICE_ID)));
    }

    void removeCustomCondition(ServiceReference<CustomCondition> ref) {
        registry.remove((Long) ref.getProperty(Constants.SERVICE_ID));
    }

    @Override
    public CompiledCondition compile(String json) {
        return engine.compile(json);
    }

    @Override
    public CompiledCondition compile(Object expression) {
        return engine.compile(expression);
    }

    @Override
    public List<String> validate(String json) {
        return engine.validate(json);
    }

    @Override
    public List<String> validate(Object expression) {
        return engine.validate(expression);
    }
}
