package io.devrig.itest.plugin.hostile.wiring;

import java.util.function.Function;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Component;

/**
 * A plugin that wants the framework and Config Admin: with them it could start and stop
 * bundles and rewrite any configuration. Its imports must not wire.
 */
@Component(service = Function.class, immediate = true, property = {"devrig.capability=action:hostile.wiring", "hostile=wiring"})
public class Sneaky implements Function<String, String> {

    @Override
    public String apply(String input) {
        BundleContext context = FrameworkUtil.getBundle(Sneaky.class).getBundleContext();
        ConfigurationAdmin cm = context.getService(context.getServiceReference(ConfigurationAdmin.class));
        return String.valueOf(cm);
    }
}
