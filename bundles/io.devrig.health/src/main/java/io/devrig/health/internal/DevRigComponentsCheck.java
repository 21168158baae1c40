package io.devrig.health.internal;

import io.devrig.api.health.HealthCheck;
import io.devrig.api.health.HealthResult;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongPredicate;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;

/**
 * The {@code components} check: no Declarative Services component of a DevRig bundle
 * (plugins aside, as in {@link DevRigBundlesCheck}) failed to activate. An active bundle
 * whose component threw in its constructor, or hit a service cycle, serves nothing
 * although the {@code bundles} check is UP. Components waiting for a reference are listed
 * in the details but do not make the check DOWN: some wait on purpose (optional
 * configuration, a plugin not installed).
 */
@Component
public final class DevRigComponentsCheck implements HealthCheck {

    private final ServiceComponentRuntime scr;
    private final LongPredicate counted;

    @Activate
    public DevRigComponentsCheck(BundleContext context, @Reference ServiceComponentRuntime scr) {
        this(scr, id -> {
            Bundle b = context.getBundle(id);
            return b != null && DevRigBundlesCheck.isCore(b);
        });
    }

    DevRigComponentsCheck(ServiceComponentRuntime scr, LongPredicate counted) {
        this.scr = scr;
        this.counted = counted;
    }

    @Override
    public String name() {
        return "components";
    }

    @Override
    public HealthResult check() {
        List<String> failed = new ArrayList<>();
        List<String> waiting = new ArrayList<>();
        int components = 0;
        for (ComponentDescriptionDTO d : scr.getComponentDescriptionDTOs()) {
            if (d.bundle == null || !counted.test(d.bundle.id)) {
                continue;
            }
            components++;
            for (ComponentConfigurationDTO c : scr.getComponentConfigurationDTOs(d)) {
                if (c.state == ComponentConfigurationDTO.FAILED_ACTIVATION) {
                    failed.add(d.name + (c.failure == null ? "" : ": " + firstLine(c.failure)));
                } else if (c.state == ComponentConfigurationDTO.UNSATISFIED_REFERENCE) {
                    waiting.add(d.name);
                }
            }
        }
        HealthResult result = failed.isEmpty()
                ? HealthResult.up(components + " DevRig components, none failed")
                : HealthResult.down("DevRig components failed to activate: " + String.join("; ", failed));
        return result.with("components", components).with("failed", failed).with("waiting", waiting);
    }

    private static String firstLine(String text) {
        int nl = text.indexOf('\n');
        String line = nl < 0 ? text : text.substring(0, nl);
        return line.length() > 300 ? line.substring(0, 300) + "..." : line;
    }
}
