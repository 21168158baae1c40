package io.devrig.plugin.guard.internal;

import io.devrig.plugin.guard.PreApprovals;

import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * The host's {@code preApproved} property, read from Config Admin without binding the
 * configuration (listConfigurations, not getConfiguration). Only loaded when Config Admin's
 * package is wired: the guard imports it optionally.
 */
final class PreApprovalReader {

    static final String HOST_PID = "io.devrig.plugin.host";

    private PreApprovalReader() {
    }

    static PreApprovals read(Object configAdmin) {
        if (!(configAdmin instanceof ConfigurationAdmin cm)) {
            return PreApprovals.NONE;
        }
        try {
            Configuration[] configs = cm.listConfigurations("(service.pid=" + HOST_PID + ")");
            if (configs == null || configs.length == 0 || configs[0].getProperties() == null) {
                return PreApprovals.NONE;
            }
            return PreApprovals.parse(configs[0].getProperties().get("preApproved"));
        } catch (IllegalArgumentException malformed) {
            return PreApprovals.NONE; // as the host: a malformed value pre-approves nothing (the host logs it)
        } catch (java.io.IOException | org.osgi.framework.InvalidSyntaxException e) {
            throw new IllegalStateException("cannot list configuration " + HOST_PID, e);
        }
    }
}
