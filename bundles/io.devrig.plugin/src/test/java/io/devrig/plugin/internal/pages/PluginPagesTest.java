package io.devrig.plugin.internal.pages;

import static org.assertj.core.api.Assertions.assertThat;

import io.devrig.api.error.DevRigException;
import io.devrig.api.error.ErrorCategory;
import io.devrig.api.error.ErrorCodes;
import io.devrig.plugin.internal.invoke.Invoker;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PluginPagesTest {

    final Invoker invoker = Invoker.withDefaults();
    final List<String> served = new CopyOnWriteArrayList<>();
    final CountDownLatch never = new CountDownLatch(1);

    /** The plugin's page: records what it was asked, or blocks for /slow. */
    final PluginPages.PageServlet page = new PluginPages.PageServlet(new HttpServlet() {
        @Override
        protected void service(HttpServletRequest req, HttpServletResponse resp) throws java.io.IOException {
            if ("/slow".equals(req.getPathInfo())) {
                try {
                    never.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return;
            }
            served.add(req.getServletPath() + " " + req.getPathInfo() + " on " + Thread.currentThread().getName());
            resp.getWriter().write("hello");
        }
    });

    final PluginPages pages = new PluginPages(
            (user, password) -> !"secret".equals(new String(password)) ? PluginPages.Authenticator.Result.REFUSED
                    : user.equals("admin") ? PluginPages.Authenticator.Result.ADMIN
                    : PluginPages.Authenticator.Result.NOT_ADMIN,
            (pluginId, pageId) -> {
                if (pluginId.equals("acme.off")) {
                    throw new DevRigException(ErrorCodes.PERMISSION_DENIED, ErrorCategory.PERMANENT, "plugin acme.off is disabled");
                }
                return pluginId.equals("acme.tracker") && pageId.equals("board") ? Optional.of(page) : Optional.empty();
            }, new io.devrig.api.plugin.PluginInvoker() {
                // the real invoker, with a short limit for pages so the blocking page is cut off quickly
                @Override
                public <T> T invoke(String pluginId, String operation, io.devrig.api.plugin.PluginCall<T> call) {
                    return invoker.invoke(pluginId, operation, java.time.Duration.ofMillis(200), call);
                }

                @Override
                public <T> T invoke(String pluginId, String operation, java.time.Duration timeout,
                        io.devrig.api.plugin.PluginCall<T> call) {
                    return invoker.invoke(pluginId, operation, timeout, call);
                }

                @Override
                public io.devrig.api.plugin.PluginCallStats stats(String pluginId) {
                    return invoker.stats(pluginId);
                }

                @Override
                public void cancelCalls(String pluginId) {
                    invoker.cancelCalls(pluginId);
                }
            });

    @AfterEach
    void close() {
        never.countDown();
        invoker.close();
    }

    static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    /** A response that records status, headers and body. */
    static final class Response {
        int status = 200;
        String message;
        final Map<String, String> headers = new HashMap<>();
        final StringWriter body = new StringWriter();

        HttpServletResponse proxy() {
            return (HttpServletResponse) Proxy.newProxyInstance(getClass().getClassLoader(),
                    new Class<?>[] {HttpServletResponse.class}, (p, m, a) -> switch (m.getName()) {
                        case "sendError" -> {
                            status = (Integer) a[0];
                            message = a.length > 1 ? (String) a[1] : null;
                            yield null;
                        }
                        case "setHeader" -> {
                            headers.put((String) a[0], (String) a[1]);
                            yield null;
                        }
                        case "getWriter" -> new PrintWriter(body, true);
                        case "isCommitted" -> false;
                        default -> null;
                    });
        }
    }

    static HttpServletRequest request(String pathInfo, String authorization) {
        return (HttpServletRequest) Proxy.newProxyInstance(PluginPagesTest.class.getClassLoader(),
                new Class<?>[] {HttpServletRequest.class}, (p, m, a) -> switch (m.getName()) {
                    case "getPathInfo" -> pathInfo;
                    case "getHeader" -> "Authorization".equals(a[0]) ? authorization : null;
                    case "getServletPath" -> PluginPages.PREFIX;
                    default -> null;
                });
    }

    Response serve(String pathInfo, String authorization) throws Exception {
        Response r = new Response();
        pages.serve(request(pathInfo, authorization), r.proxy(), null);
        return r;
    }

    @Test
    void onlyAnAuthenticatedAdministratorGetsAPage() throws Exception {
        Response none = serve("/acme.tracker/board", null);
        assertThat(none.status).isEqualTo(401);
        assertThat(none.headers.get("WWW-Authenticate")).startsWith("Basic realm=\"DevRig\"");
        assertThat(serve("/acme.tracker/board", basic("admin", "wrong")).status).isEqualTo(401);
        assertThat(serve("/acme.tracker/board", "Basic %%%").status).isEqualTo(401);
        assertThat(serve("/acme.tracker/board", basic("viewer", "secret")).status).isEqualTo(403);
        assertThat(served).as("the plugin's code never ran").isEmpty();
    }

    @Test
    void aDeclaredPageOfAnActivePluginRunsOnThePluginsThreads() throws Exception {
        Response ok = serve("/acme.tracker/board/cards/7", basic("admin", "secret"));
        assertThat(ok.status).isEqualTo(200);
        assertThat(ok.body.toString()).isEqualTo("hello");
        assertThat(served).singleElement().satisfies(s -> assertThat(s)
                .startsWith("/devrig/plugins/acme.tracker/board /cards/7 on devrig-plugin-acme.tracker-"));
        assertThat(page.initialised()).isTrue();
    }

    @Test
    void unknownPagesInactivePluginsAndSlowPagesGetTheirStatus() throws Exception {
        String admin = basic("admin", "secret");
        assertThat(serve("/acme.tracker/other", admin).status).isEqualTo(404);
        assertThat(serve("/acme.tracker", admin).status).isEqualTo(404);
        Response off = serve("/acme.off/board", admin);
        assertThat(off.status).isEqualTo(503);
        assertThat(off.message).contains("disabled");
        Response slow = serve("/acme.tracker/board/slow", admin);
        assertThat(slow.status).as("cut off by the time limit").isEqualTo(504);
        assertThat(slow.message).startsWith("PLUGIN_TIMEOUT");
    }
}
