package io.devrig.health.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.devrig.api.health.HealthReport;
import io.devrig.api.health.HealthReporter;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.servlet.Servlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import java.util.function.UnaryOperator;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * {@code GET /health/live}: 200 as soon as the HTTP service serves requests.
 * {@code GET /health/ready}: 200 with {@code {"status":"UP","checks":[...]}} when every
 * check is UP, else 503 with the same body showing the failing checks. Unauthenticated
 * on purpose (probes), and bound to 127.0.0.1 with the rest of the HTTP service; so no
 * absolute file path leaves it: every message and detail passes {@link PathRedactor}
 * (Karaf folders become {@code ${karaf.data}} etc., other paths their last name).
 */
@Component(service = Servlet.class, property = {
    "osgi.http.whiteboard.servlet.pattern=/health/*",
    "osgi.http.whiteboard.servlet.name=devrig-health"})
public final class HealthServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    static final ObjectMapper JSON = new ObjectMapper().disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);

    private final transient HealthReporter reporter;
    private final transient PathRedactor redactor;

    @Activate
    public HealthServlet(@Reference HealthReporter reporter, BundleContext context) {
        this(reporter, redactor(context::getProperty));
    }

    HealthServlet(HealthReporter reporter, PathRedactor redactor) {
        this.reporter = reporter;
        this.redactor = redactor;
    }

    /** The redactor of a running Karaf: its folders from the framework (or system) properties. */
    static PathRedactor redactor(UnaryOperator<String> property) {
        return new PathRedactor(PathRedactor.karafFolders(property), HealthServlet::plain);
    }

    /** Any object as Jackson would write it, in maps, lists, strings and numbers. */
    static Object plain(Object value) {
        try {
            return JSON.convertValue(value, Object.class);
        } catch (IllegalArgumentException e) {
            return String.valueOf(value);
        }
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = request.getPathInfo() == null ? "" : request.getPathInfo();
        switch (path) {
            case "/live" -> write(response, HttpServletResponse.SC_OK, Map.of("status", "UP"));
            case "/ready" -> {
                HealthReport report = reporter.readiness();
                write(response, report.isUp() ? HttpServletResponse.SC_OK : HttpServletResponse.SC_SERVICE_UNAVAILABLE,
                        redactor.redactValue(body(report)));
            }
            default -> write(response, HttpServletResponse.SC_NOT_FOUND,
                    Map.of("error", "NOT_FOUND", "message", "no health endpoint here; use /health/live or /health/ready"));
        }
    }

    /** What {@code /health/ready} answers now, paths redacted. */
    Object readinessBody() {
        return redactor.redactValue(body(reporter.readiness()));
    }

    static Map<String, Object> body(HealthReport report) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", report.status().name());
        body.put("checks", report.checks().stream().map(c -> {
            Map<String, Object> check = new LinkedHashMap<>();
            check.put("name", c.name());
            check.put("status", c.status().name());
            check.put("message", c.message());
            if (!c.details().isEmpty()) {
                check.put("details", c.details());
            }
            return check;
        }).toList());
        return body;
    }

    private static void write(HttpServletResponse response, int status, Object body) throws IOException {
        response.setStatus(status);
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        response.setHeader("Cache-Control", "no-store");
        JSON.writeValue(response.getOutputStream(), body);
    }
}
