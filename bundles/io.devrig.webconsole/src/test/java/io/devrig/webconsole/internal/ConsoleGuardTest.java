package io.devrig.webconsole.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.servlet.ServletOutputStream;
import javax.servlet.WriteListener;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.apache.felix.webconsole.WebConsoleSecurityProvider;
import org.apache.felix.webconsole.WebConsoleSecurityProvider2;
import org.junit.jupiter.api.Test;

class ConsoleGuardTest {

    /** Karaf's JAAS provider stand-in: records what it was asked, answers {@code accept}. */
    static final class Jaas implements WebConsoleSecurityProvider2 {
        final List<String> calls = new ArrayList<>();
        boolean accept = true;

        @Override
        public boolean authenticate(HttpServletRequest request, HttpServletResponse response) {
            calls.add("authenticate " + request.getMethod());
            return accept;
        }

        @Override
        public Object authenticate(String username, String password) {
            calls.add("login " + username);
            return accept ? username : null;
        }

        @Override
        public boolean authorize(Object user, String role) {
            calls.add("authorize " + user + " " + role);
            return accept;
        }
    }

    final Jaas jaas = new Jaas();
    final Response response = new Response();

    @Test
    void aCrossOriginPostIsRefusedWith403BeforeSignIn() {
        ConsoleGuard guard = new ConsoleGuard(() -> jaas);

        boolean passed = guard.authenticate(request("POST", Map.of("Origin", "http://evil.example")), response.proxy());

        assertThat(passed).isFalse();
        assertThat(jaas.calls).as("the sign-in was not even asked").isEmpty();
        assertThat(response.status).isEqualTo(403);
        assertThat(response.headers).containsEntry("Content-Type", "text/plain;charset=UTF-8");
        assertThat(response.body()).isEqualTo(
                "Forbidden: cross-origin request to the web console refused (Origin is not this console's origin)\n");
        assertThat(response.body()).doesNotContain("evil.example");
    }

    @Test
    void sameOriginAndSafeRequestsGoToTheRealSignIn() {
        ConsoleGuard guard = new ConsoleGuard(() -> jaas);

        assertThat(guard.authenticate(request("POST", Map.of("Origin", "http://127.0.0.1:8181")), response.proxy()))
                .isTrue();
        assertThat(guard.authenticate(request("GET", Map.of("Origin", "http://evil.example")), response.proxy()))
                .isTrue();
        assertThat(guard.authenticate(request("POST", Map.of()), response.proxy())).isTrue();
        jaas.accept = false;
        assertThat(guard.authenticate(request("POST", Map.of("Origin", "http://127.0.0.1:8181")), response.proxy()))
                .as("the real sign-in still decides").isFalse();

        assertThat(jaas.calls).containsExactly("authenticate POST", "authenticate GET", "authenticate POST",
                "authenticate POST");
        assertThat(response.status).isZero();
    }

    @Test
    void loginAndAuthorisationAreTheRealProvidersAnswers() {
        ConsoleGuard guard = new ConsoleGuard(() -> jaas);

        assertThat(guard.authenticate("admin", "pw")).isEqualTo("admin");
        assertThat(guard.authorize("admin", "admin")).isTrue();
        jaas.accept = false;
        assertThat(guard.authenticate("admin", "pw")).isNull();
        assertThat(guard.authorize("admin", "admin")).isFalse();
    }

    @Test
    void withoutARealProviderNothingPasses() {
        ConsoleGuard guard = new ConsoleGuard(() -> null);

        assertThat(guard.authenticate(request("GET", Map.of()), response.proxy())).isFalse();
        assertThat(response.status).isEqualTo(503);
        assertThat(guard.authenticate("admin", "pw")).isNull();
        assertThat(guard.authorize("admin", "admin")).isFalse();
    }

    @Test
    void aProviderOfTheFirstKindChecksHttpBasic() {
        WebConsoleSecurityProvider basicOnly = new WebConsoleSecurityProvider() {
            @Override
            public Object authenticate(String username, String password) {
                return "admin".equals(username) && "pw".equals(password) ? "the-admin" : null;
            }

            @Override
            public boolean authorize(Object user, String role) {
                return true;
            }
        };
        ConsoleGuard guard = new ConsoleGuard(() -> basicOnly);
        String good = "Basic " + java.util.Base64.getEncoder().encodeToString("admin:pw".getBytes(StandardCharsets.UTF_8));
        Map<String, Object> attributes = new HashMap<>();

        assertThat(guard.authenticate(request("GET", Map.of("Authorization", good), attributes), response.proxy()))
                .isTrue();
        assertThat(attributes).containsEntry("org.apache.felix.webconsole.user", "the-admin");
        assertThat(guard.authenticate(request("GET", Map.of("Authorization", "Basic !!"), attributes),
                response.proxy())).isFalse();
        assertThat(response.status).isEqualTo(401);
        assertThat(response.headers).containsKey("WWW-Authenticate");
    }

    static HttpServletRequest request(String method, Map<String, String> headers) {
        return request(method, headers, new HashMap<>());
    }

    static HttpServletRequest request(String method, Map<String, String> headers, Map<String, Object> attributes) {
        return (HttpServletRequest) Proxy.newProxyInstance(ConsoleGuardTest.class.getClassLoader(),
                new Class<?>[] {HttpServletRequest.class}, (proxy, m, args) -> switch (m.getName()) {
                    case "getMethod" -> method;
                    case "getHeader" -> headers.get((String) args[0]);
                    case "getScheme" -> "http";
                    case "getServerName" -> "127.0.0.1";
                    case "getServerPort" -> 8181;
                    case "getRequestURI" -> "/system/console/bundles/1";
                    case "setAttribute" -> attributes.put((String) args[0], args[1]);
                    default -> null;
                });
    }

    /** A response that keeps status, headers and body. */
    static final class Response {
        int status;
        final Map<String, String> headers = new HashMap<>();
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        String body() {
            return bytes.toString(StandardCharsets.UTF_8);
        }

        HttpServletResponse proxy() {
            ServletOutputStream out = new ServletOutputStream() {
                @Override
                public void write(int b) {
                    bytes.write(b);
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setWriteListener(WriteListener listener) {
                }
            };
            return (HttpServletResponse) Proxy.newProxyInstance(ConsoleGuardTest.class.getClassLoader(),
                    new Class<?>[] {HttpServletResponse.class}, (proxy, m, args) -> {
                        switch (m.getName()) {
                            case "setStatus" -> status = (Integer) args[0];
                            case "setContentType" -> headers.put("Content-Type", (String) args[0]);
                            case "setHeader" -> headers.put((String) args[0], (String) args[1]);
                            case "getOutputStream" -> {
                                return out;
                            }
                            default -> {
                            }
                        }
                        return null;
                    });
        }
    }
}
