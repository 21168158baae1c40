package io.devrig.itest.plugin.page;

import java.io.IOException;
import javax.servlet.Servlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.osgi.service.component.annotations.Component;

/** A declared page; it also asks the HTTP whiteboard for a path of its own, which it must not get. */
@Component(service = Servlet.class, property = {"devrig.capability=page:itest.board",
    "osgi.http.whiteboard.servlet.pattern=/board/*"})
public class Board extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.getWriter().write("board " + request.getPathInfo());
    }
}
