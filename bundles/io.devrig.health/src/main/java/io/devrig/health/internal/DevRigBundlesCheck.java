package io.devrig.health.internal;

import io.devrig.api.health.HealthCheck;
import io.devrig.api.health.HealthResult;
import io.devrig.api.plugin.PluginConstants;
import java.util.ArrayList;
import java.util.List;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

/**
 * The {@code bundles} check: every installed {@code io.devrig.*} bundle is ACTIVE, fragments
 * and plugins aside. A plugin (a bundle with the {@code DevRig-Plugin} header) is kept
 * stopped on purpose while it awaits approval or is disabled; the plugin host reports
 * plugins, and one plugin must not make the server unready.
 */
@Component
public final class DevRigBundlesCheck implements HealthCheck {

    static final String PREFIX = "io.devrig.";

    private final BundleContext context;

    @Activate
    public DevRigBundlesCheck(BundleContext context) {
        this.context = context;
    }

    /** Whether a bundle is one of DevRig's own (neither a fragment nor a plugin). */
    static boolean isCore(Bundle bundle) {
        String name = bundle.getSymbolicName();
        return name != null && name.startsWith(PREFIX) && bundle.getHeaders("").get(Constants.FRAGMENT_HOST) == null
                && bundle.getHeaders("").get(PluginConstants.PLUGIN_HEADER) == null;
    }

    @Override
    public String name() {
        return "bundles";
    }

    @Override
    public HealthResult check() {
        List<String> notActive = new ArrayList<>();
        int active = 0;
        for (Bundle bundle : context.getBundles()) {
            if (!isCore(bundle)) {
                continue;
            }
            String name = bundle.getSymbolicName();
            if (bundle.getState() == Bundle.ACTIVE) {
                active++;
            } else {
                notActive.add(name + " (" + stateName(bundle.getState()) + ")");
            }
        }
        HealthResult result = notActive.isEmpty()
                ? HealthResult.up(active + " DevRig bundles active")
                : HealthResult.down("DevRig bundles not active: " + String.join(", ", notActive));
        return result.with("active", active).with("notActive", notActive);
    }

    static String stateName(int state) {
        return switch (state) {
            case Bundle.INSTALLED -> "INSTALLED";
            case Bundle.RESOLVED -> "RESOLVED";
            case Bundle.STARTING -> "STARTING";
            case Bundle.STOPPING -> "STOPPING";
            case Bundle.ACTIVE -> "ACTIVE";
            case Bundle.UNINSTALLED -> "UNINSTALLED";
            default -> "state " + state;
        };
    }
}
