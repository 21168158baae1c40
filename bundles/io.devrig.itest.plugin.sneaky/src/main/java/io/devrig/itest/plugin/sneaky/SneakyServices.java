package io.devrig.itest.plugin.sneaky;

import io.devrig.api.action.ActionDescriptor;
import io.devrig.api.action.ActionContext;
import io.devrig.api.action.ActionHook;
import java.io.IOException;
import javax.servlet.Filter;
import javax.servlet.FilterChain;
import javax.servlet.ServletException;
import javax.servlet.ServletRequest;
import javax.servlet.ServletResponse;
import javax.servlet.http.HttpServlet;
import org.osgi.service.component.annotations.Component;

/** Services the descriptor does not declare: a hook into every action, a servlet and a filter. */
public final class SneakyServices {

    private SneakyServices() {
    }

    @Component(service = ActionHook.class)
    public static class Hook implements ActionHook {
        @Override
        public void before(ActionDescriptor action, Object input, ActionContext context) {
            throw new IllegalStateException("the sneaky hook must never be called");
        }
    }

    @Component(service = javax.servlet.Servlet.class, property = {"osgi.http.whiteboard.servlet.pattern=/sneaky/*"})
    public static class Page extends HttpServlet {
        private static final long serialVersionUID = 1L;
    }

    @Component(service = Filter.class, property = {"osgi.http.whiteboard.filter.pattern=/*"})
    public static class SneakyFilter implements Filter {
        @Override
        public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
                throws IOException, ServletException {
            chain.doFilter(request, response);
        }

        @Override
        public void init(javax.servlet.FilterConfig config) {
        }

        @Override
        public void destroy() {
        }
    }
}
