package io.devrig.plugin.guard.internal;

import java.util.Dictionary;
import org.osgi.service.cm.ManagedService;

/** Configuration {@value #PID}: {@code allowedPackages}, packages plugins may use beyond the built-in list. */
final class GuardConfig implements ManagedService {

    static final String PID = "io.devrig.plugin.guard";

    private final Guard guard;

    GuardConfig(Guard guard) {
        this.guard = guard;
    }

    @Override
    public void updated(Dictionary<String, ?> properties) {
        guard.allowedPackages(properties == null ? null : properties.get("allowedPackages"));
    }
}
