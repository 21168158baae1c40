package io.devrig.plugin.internal.pages;

import io.devrig.api.error.DevRigException;
import io.devrig.api.error.ErrorCodes;
import io.devrig.api.plugin.PluginInvoker;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Collections;
import java.util.Enumeration;
import java.util.Optional;
import javax.servlet.Servlet;
import javax.servlet.ServletConfig;
import javax.servlet.ServletContext;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletRequestWrapper;
import javax.servlet.http.HttpServletResponse;

/**
 * Serves plugins' declared pages at {@code /devrig/plugins/<pluginId>/<pageId>/*}: only to an
 * authenticated DevRig administrator (HTTP Basic, checked by an {@link Authenticator}; none →
 * 401, not an admin → 403), only for a page the plugin declares while it is active, and every
 * request runs the plugin's servlet through the {@link PluginInvoker} (its threads, time limit
 * → 504, breaker → 503). The plugin's servlet is initialised on its first request, on the
 * plugin's threads too.
 */
public final class PluginPages {

    /** Where pages are served, below the HTTP service's root. */
    public static final String PREFIX = "/devrig/plugins";

    /** Checks a user name and password. */
    public interface Authenticator {

        enum Result { ADMIN, NOT_ADMIN, REFUSED }

        Result authenticate(String user, char[] password);
    }

    /** The page servlet of a plugin, when the plugin is active and declares the page. */
    public interface Pages {

        /** Empty when there is no such page; throws a DevRigException when the plugin is not active. */
        Optional<PageServlet> find(String pluginId, String pageId);
    }

    /** A plugin's servlet and whether it was initialised. */
    public static final class PageServlet {
        final Servlet servlet;
        volatile boolean initialised;

        public PageServlet(Servlet servlet) {
            this.servlet = servlet;
        }

        public Servlet servlet() {
            return servlet;
        }

        public boolean initialised() {
            return initialised;
        }
    }

    private final Authenticator authenticator;
    private final Pages pages;
    private final PluginInvoker invoker;

    public PluginPages(Authenticator authenticator, Pages pages, PluginInvoker invoker) {
        this.authenticator = authenticator;
        this.pages = pages;
        this.invoker = invoker;
    }

    /** Handles a request whose path info is {@code /<pluginId>/<pageId>[/rest]}. */
    public void serve(HttpServletRequest request, HttpServletResponse response, ServletContext context)
            throws IOException {
        Authenticator.Result who = authenticate(request.getHeader("Authorization"));
        if (who != Authenticator.Result.ADMIN) {
            if (who == Authenticator.Result.REFUSED) {
                response.setHeader("WWW-Authenticate", "Basic realm=\"DevRig\", charset=\"UTF-8\"");
                response.sendError(HttpServletResponse.SC_UNAUTHORIZED, "DevRig administrators only");
            } else {
                response.sendError(HttpServletResponse.SC_FORBIDDEN, "DevRig administrators only");
            }
            return;
        }
        String path = request.getPathInfo() == null ? "" : request.getPathInfo();
        String[] parts = path.split("/", 4); // "", plugin, page, rest
        if (parts.length < 3 || parts[1].isEmpty() || parts[2].isEmpty()) {
            response.sendError(HttpServletResponse.SC_NOT_FOUND, "no page here; pages are at " + PREFIX
                    + "/<pluginId>/<pageId>");
            return;
        }
        String pluginId = parts[1];
        String pageId = parts[2];
        String rest = parts.length > 3 ? "/" + parts[3] : null;
        Optional<PageServlet> page;
        try {
            page = pages.find(pluginId, pageId);
        } catch (DevRigException e) {
            response.sendError(HttpServletResponse.SC_SERVICE_UNAVAILABLE, e.getMessage());
            return;
        }
        if (page.isEmpty()) {
            response.sendError(HttpServletResponse.SC_NOT_FOUND, "plugin " + pluginId + " has no page " + pageId);
            return;
        }
        PageServlet target = page.get();
        String servletPath = PREFIX + "/" + pluginId + "/" + pageId;
        HttpServletRequest forwarded = new HttpServletRequestWrapper(request) {
            @Override
            public String getServletPath() {
                return servletPath;
            }

            @Override
            public String getPathInfo() {
                return rest;
            }
        };
        try {
            invoker.invoke(pluginId, "page " + pageId, () -> {
                init(target, pluginId + "/" + pageId, context);
                target.servlet().service(forwarded, response);
                return null;
            });
        } catch (DevRigException e) {
            int status = switch (e.code()) {
                case ErrorCodes.PLUGIN_TIMEOUT -> HttpServletResponse.SC_GATEWAY_TIMEOUT;
                case ErrorCodes.PLUGIN_CIRCUIT_OPEN, ErrorCodes.PLUGIN_BUSY -> HttpServletResponse.SC_SERVICE_UNAVAILABLE;
                default -> HttpServletResponse.SC_INTERNAL_SERVER_ERROR;
            };
            if (!response.isCommitted()) {
                response.sendError(status, e.code() + ": " + e.getMessage());
            }
        }
    }

    private static void init(PageServlet page, String name, ServletContext context) throws Exception {
        synchronized (page) {
            if (page.initialised) {
                return;
            }
            page.servlet().init(new ServletConfig() {
                @Override
                public String getServletName() {
                    return name;
                }

                @Override
                public ServletContext getServletContext() {
                    return context;
                }

                @Override
                public String getInitParameter(String parameter) {
                    return null;
                }

                @Override
                public Enumeration<String> getInitParameterNames() {
                    return Collections.emptyEnumeration();
                }
            });
            page.initialised = true;
        }
    }

    private Authenticator.Result authenticate(String header) {
        if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
            return Authenticator.Result.REFUSED;
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException notBase64) {
            return Authenticator.Result.REFUSED;
        }
        int colon = decoded.indexOf(':');
        if (colon <= 0) {
            return Authenticator.Result.REFUSED;
        }
        char[] password = decoded.substring(colon + 1).toCharArray();
        try {
            return authenticator.authenticate(decoded.substring(0, colon), password);
        } finally {
            java.util.Arrays.fill(password, '\0');
        }
    }
}
