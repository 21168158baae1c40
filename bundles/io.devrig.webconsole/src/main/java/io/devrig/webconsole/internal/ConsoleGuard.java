package io.devrig.webconsole.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.apache.felix.webconsole.WebConsoleSecurityProvider;
import org.apache.felix.webconsole.WebConsoleSecurityProvider2;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.Filter;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.util.tracker.ServiceTracker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The web console's security provider as the console sees it: registered with the highest
 * ranking, so the console's HTTP context asks it about every request to
 * {@code /system/console/*} (pages, plugin pages of every bundle, actions, resources)
 * before any servlet runs. It refuses a state-changing request whose {@code Origin}
 * (or {@code Referer}) is another site ({@link SameOrigin}) with 403, then hands the
 * request to the real provider, Karaf's JAAS one (the best-ranked other
 * {@link WebConsoleSecurityProvider}), for sign-in. Without another provider every
 * request is refused: the guard never lets a request through unauthenticated.
 */
final class ConsoleGuard implements WebConsoleSecurityProvider2 {

    /** Service property that marks the guard, so it never tracks (and delegates to) itself. */
    static final String MARKER = "devrig.webconsole.guard";

    private static final Logger LOG = LoggerFactory.getLogger(ConsoleGuard.class);

    private final Supplier<WebConsoleSecurityProvider> delegates;

    /** @param delegates the real provider now (the best-ranked other one), null when there is none */
    ConsoleGuard(Supplier<WebConsoleSecurityProvider> delegates) {
        this.delegates = delegates;
    }

    /** Tracks every security provider but the guard itself; the tracker's service is the best-ranked. */
    static ServiceTracker<WebConsoleSecurityProvider, WebConsoleSecurityProvider> delegates(BundleContext context) {
        try {
            Filter others = FrameworkUtil.createFilter("(&(" + Constants.OBJECTCLASS + "="
                    + WebConsoleSecurityProvider.class.getName() + ")(!(" + MARKER + "=true)))");
            return new ServiceTracker<>(context, others, null);
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public boolean authenticate(HttpServletRequest request, HttpServletResponse response) {
        SameOrigin.Verdict verdict = SameOrigin.check(request.getMethod(), request.getHeader("Origin"),
                request.getHeader("Referer"), request.getScheme(), request.getServerName(), request.getServerPort());
        if (!verdict.allowed()) {
            // the header values are the requester's: not logged, not echoed
            LOG.warn("Refused a cross-origin {} to the web console ({}): {}", request.getMethod(),
                    request.getRequestURI(), verdict.reason());
            refuse(response, HttpServletResponse.SC_FORBIDDEN,
                    "Forbidden: cross-origin request to the web console refused (" + verdict.reason() + ")");
            return false;
        }
        WebConsoleSecurityProvider delegate = delegates.get();
        if (delegate instanceof WebConsoleSecurityProvider2 provider) {
            return provider.authenticate(request, response);
        }
        if (delegate != null) {
            // a provider of the first kind: HTTP Basic, checked by it
            Object user = basic(delegate, request.getHeader("Authorization"));
            if (user != null) {
                request.setAttribute("org.apache.felix.webconsole.user", user);
                return true;
            }
            response.setHeader("WWW-Authenticate", "Basic realm=\"DevRig\"");
            refuse(response, HttpServletResponse.SC_UNAUTHORIZED, "Unauthorized");
            return false;
        }
        refuse(response, HttpServletResponse.SC_SERVICE_UNAVAILABLE,
                "The web console's sign-in is not available yet; try again in a moment");
        return false;
    }

    private static Object basic(WebConsoleSecurityProvider provider, String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            return null;
        }
        String decoded;
        try {
            decoded = new String(java.util.Base64.getDecoder().decode(authorization.substring(6).strip()),
                    StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return null;
        }
        int colon = decoded.indexOf(':');
        return colon < 0 ? null : provider.authenticate(decoded.substring(0, colon), decoded.substring(colon + 1));
    }

    private static void refuse(HttpServletResponse response, int status, String message) {
        try {
            response.setStatus(status);
            response.setContentType("text/plain;charset=UTF-8");
            response.setHeader("Cache-Control", "no-store");
            response.setHeader("X-Content-Type-Options", "nosniff");
            byte[] body = (message + "\n").getBytes(StandardCharsets.UTF_8);
            response.setContentLength(body.length);
            response.getOutputStream().write(body);
            response.flushBuffer();
        } catch (IOException | IllegalStateException e) {
            LOG.debug("Could not write the refusal: {}", e.getClass().getSimpleName());
        }
    }

    @Override
    public Object authenticate(String username, String password) {
        WebConsoleSecurityProvider delegate = delegates.get();
        return delegate == null ? null : delegate.authenticate(username, password);
    }

    @Override
    public boolean authorize(Object user, String role) {
        WebConsoleSecurityProvider delegate = delegates.get();
        return delegate != null && delegate.authorize(user, role);
    }
}
