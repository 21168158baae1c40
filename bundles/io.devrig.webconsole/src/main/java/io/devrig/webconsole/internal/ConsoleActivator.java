package io.devrig.webconsole.internal;

import java.util.Hashtable;
import org.apache.felix.webconsole.WebConsoleSecurityProvider;
import org.apache.felix.webconsole.WebConsoleSecurityProvider2;
import org.apache.felix.webconsole.internal.servlet.KarafOsgiManagerActivator;
import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceRegistration;
import org.osgi.util.tracker.ServiceTracker;

/**
 * The bundle's activator: registers {@link ConsoleGuard} first (so the console never
 * serves a request without it), then starts Karaf's console exactly as Karaf's own
 * activator does (its JAAS security provider under PID {@code org.apache.karaf.webconsole},
 * then the console servlet at {@code /system/console}); stops in the reverse order.
 */
public final class ConsoleActivator implements BundleActivator {

    private final KarafOsgiManagerActivator karaf = new KarafOsgiManagerActivator();
    private ServiceTracker<WebConsoleSecurityProvider, WebConsoleSecurityProvider> delegates;
    private ServiceRegistration<?> registration;

    @Override
    public void start(BundleContext context) throws Exception {
        delegates = ConsoleGuard.delegates(context);
        delegates.open();
        ConsoleGuard guard = new ConsoleGuard(delegates::getService);
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put(Constants.SERVICE_RANKING, Integer.MAX_VALUE);
        properties.put(Constants.SERVICE_DESCRIPTION, "DevRig web console guard (same-origin check before sign-in)");
        properties.put(ConsoleGuard.MARKER, Boolean.TRUE);
        registration = context.registerService(new String[] {WebConsoleSecurityProvider.class.getName(),
            WebConsoleSecurityProvider2.class.getName()}, guard, properties);
        karaf.start(context);
    }

    @Override
    public void stop(BundleContext context) throws Exception {
        try {
            karaf.stop(context);
        } finally {
            if (registration != null) {
                registration.unregister();
                registration = null;
            }
            if (delegates != null) {
                delegates.close();
                delegates = null;
            }
        }
    }
}
