package io.devrig.trigger.webhook.internal;

import java.io.IOException;
import javax.servlet.Servlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /hooks/*} on the Karaf HTTP port (the HTTP whiteboard's default context): routes each
 * request by its path to the live hook registered there, 404 when none is. This servlet is the
 * protocol adapter; no Camel route stands between it and the trigger manager (README, "Why a
 * servlet").
 */
@Component(service = Servlet.class, property = {
    "osgi.http.whiteboard.servlet.pattern=/hooks/*",
    "osgi.http.whiteboard.servlet.name=devrig-webhooks"})
public final class WebhookServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(WebhookServlet.class);

    private final transient HookRegistry registry;

    @Activate
    public WebhookServlet(@Reference HookRegistry registry) {
        this.registry = registry;
    }

    // every method comes here (HttpServlet's doOptions/doTrace would answer for hooks that do not exist)
    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        try {
            String info = request.getPathInfo();
            LiveHook hook = info == null || info.length() < 2 ? null : registry.find(info.substring(1));
            if (hook == null) {
                Answers.error(response, 404, "NOT_FOUND", "no webhook at this path");
                return;
            }
            hook.handle(request, response);
        } catch (IOException e) {
            throw e; // the connection broke while answering: nothing left to tell
        } catch (RuntimeException e) {
            // a bug: logged with its trace, answered without details
            LOG.error("webhook request to {} failed", request.getRequestURI(), e);
            if (!response.isCommitted()) {
                response.reset();
                Answers.error(response, 500, "INTERNAL_ERROR", "internal error");
            }
        }
    }
}
