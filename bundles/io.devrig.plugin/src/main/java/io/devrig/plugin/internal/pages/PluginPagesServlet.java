package io.devrig.plugin.internal.pages;

import io.devrig.api.plugin.PermissionGate;
import io.devrig.api.plugin.PluginAdmin;
import io.devrig.api.plugin.PluginConstants;
import io.devrig.api.plugin.PluginInvoker;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import javax.servlet.Servlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.util.tracker.ServiceTracker;

/**
 * {@code /devrig/plugins/<pluginId>/<pageId>/*}: the declared pages of active plugins, behind
 * DevRig's authentication (see {@link PluginPages}). The plugins' own servlets are hidden from
 * the HTTP whiteboard by the host's service hooks; only this bundle sees them.
 */
@Component(service = Servlet.class, property = {
    "osgi.http.whiteboard.servlet.pattern=" + PluginPages.PREFIX + "/*",
    "osgi.http.whiteboard.servlet.name=devrig-plugin-pages"})
public final class PluginPagesServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final String REALM = "karaf";
    private static final String ROLE = "admin";

    private final transient PluginPages pages;
    private final transient ServiceTracker<Servlet, PluginPages.PageServlet> tracker;

    @Activate
    public PluginPagesServlet(BundleContext context, @Reference PluginAdmin admin, @Reference PermissionGate gate,
            @Reference PluginInvoker invoker) throws InvalidSyntaxException {
        this.tracker = new ServiceTracker<>(context, FrameworkUtil.createFilter("(&(objectClass=" + Servlet.class.getName()
                + ")(" + PluginConstants.CAPABILITY_PROPERTY + "=page:*))"), null) {
            @Override
            public PluginPages.PageServlet addingService(ServiceReference<Servlet> reference) {
                Servlet servlet = context.getService(reference);
                return servlet == null ? null : new PluginPages.PageServlet(servlet);
            }

            @Override
            public void removedService(ServiceReference<Servlet> reference, PluginPages.PageServlet page) {
                String pluginId = reference.getBundle() == null ? null : reference.getBundle().getSymbolicName();
                if (page.initialised() && pluginId != null) {
                    try {
                        invoker.invoke(pluginId, "page destroy", () -> {
                            page.servlet().destroy();
                            return null;
                        });
                    } catch (RuntimeException e) {
                        // the plugin is going away; its page with it
                    }
                }
                context.ungetService(reference);
            }
        };
        tracker.open();
        this.pages = new PluginPages(new JaasAuthenticator(REALM, ROLE), (pluginId, pageId) -> {
            gate.check(pluginId, null); // active, or a DevRigException saying what it is
            boolean declared = admin.descriptor(pluginId)
                    .map(d -> d.capabilities().declares("page", pageId)).orElse(false);
            if (!declared) {
                return Optional.empty();
            }
            for (Map.Entry<ServiceReference<Servlet>, PluginPages.PageServlet> e : tracker.getTracked().entrySet()) {
                ServiceReference<Servlet> ref = e.getKey();
                if (ref.getBundle() != null && pluginId.equals(ref.getBundle().getSymbolicName())
                        && ("page:" + pageId).equals(ref.getProperty(PluginConstants.CAPABILITY_PROPERTY))) {
                    return Optional.of(e.getValue());
                }
            }
            return Optional.empty();
        }, invoker);
    }

    @Deactivate
    void deactivate() {
        tracker.close();
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        pages.serve(request, response, getServletConfig() == null ? null : getServletContext());
    }
}
