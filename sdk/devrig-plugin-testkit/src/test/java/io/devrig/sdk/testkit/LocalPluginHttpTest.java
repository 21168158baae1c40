package io.devrig.sdk.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.devrig.api.error.DevRigException;
import io.devrig.api.error.ErrorCategory;
import io.devrig.api.error.ErrorCodes;
import io.devrig.api.http.OutboundRequest;
import io.devrig.api.http.OutboundResponse;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Redirects as DevRig's outbound client follows them, and what the kit records of the plugin's requests. */
class LocalPluginHttpTest {

    PluginKit kit = PluginKit.of("com.example.demo", Set.of("network"));

    static OutboundRequest request(String method, String url, Map<String, List<String>> headers, String body) {
        return new OutboundRequest(method, URI.create(url), headers,
                body == null ? null : body.getBytes(StandardCharsets.UTF_8), null, true);
    }

    @Test
    void aRedirectChangesTheMethodOnlyWhereDevRigsClientDoes() throws Exception {
        try (LocalServer server = LocalServer.start()) {
            server.redirect("POST", "/see-other", 303, "/result").redirect("HEAD", "/see-other", 303, "/result")
                    .redirect("POST", "/found", 302, "/result").redirect("PUT", "/found", 302, "/result")
                    .redirect("POST", "/temporary", 307, "/result").answer("HEAD", "/result", 200, null);
            Map<String, List<String>> json = Map.of("Content-Type", List.of("application/json"));

            kit.http().send(request("POST", server.url() + "/see-other", json, "{\"a\":1}"));
            kit.http().send(request("HEAD", server.url() + "/see-other", Map.of(), null));
            kit.http().send(request("POST", server.url() + "/found", json, "{\"b\":2}"));
            kit.http().send(request("PUT", server.url() + "/found", json, "{\"c\":3}"));
            kit.http().send(request("POST", server.url() + "/temporary", json, "{\"d\":4}"));

            List<LocalServer.Received> hops = server.received().stream().filter(r -> r.path().equals("/result")).toList();
            assertThat(hops).extracting(LocalServer.Received::method, LocalServer.Received::body,
                    r -> r.header("content-type")).containsExactly(
                            org.assertj.core.groups.Tuple.tuple("GET", "", null), // 303: GET without body or type
                            org.assertj.core.groups.Tuple.tuple("HEAD", "", null), // a HEAD stays HEAD
                            org.assertj.core.groups.Tuple.tuple("GET", "", null), // 302 after POST: GET
                            org.assertj.core.groups.Tuple.tuple("PUT", "{\"c\":3}", "application/json"), // 302 keeps PUT
                            org.assertj.core.groups.Tuple.tuple("POST", "{\"d\":4}", "application/json")); // 307 keeps all
        }
    }

    @Test
    void onlyTheRedirectStatusesOfDevRigsClientAreFollowed() throws Exception {
        try (LocalServer server = LocalServer.start()) {
            server.redirect("GET", "/choices", 300, "/new").redirect("GET", "/not-modified", 304, "/new")
                    .redirect("GET", "/moved", 301, "/new").redirect("GET", "/permanent", 308, "/new")
                    .answer("GET", "/new", 200, "{}");

            assertThat(kit.http().send(request("GET", server.url() + "/choices", Map.of(), null)).status()).isEqualTo(300);
            assertThat(kit.http().send(request("GET", server.url() + "/not-modified", Map.of(), null)).status()).isEqualTo(304);
            assertThat(kit.http().send(request("GET", server.url() + "/moved", Map.of(), null)).status()).isEqualTo(200);
            assertThat(kit.http().send(request("GET", server.url() + "/permanent", Map.of(), null)).status()).isEqualTo(200);
            OutboundResponse kept = kit.http().send(new OutboundRequest("GET", URI.create(server.url() + "/moved"),
                    Map.of(), null, null, false));
            assertThat(kept.status()).as("not asked to follow").isEqualTo(301);
            assertThat(kept.headers()).containsEntry("location", List.of("/new"));
            assertThat(server.received()).extracting(LocalServer.Received::path)
                    .containsExactly("/choices", "/not-modified", "/moved", "/new", "/permanent", "/new", "/moved");
        }
    }

    @Test
    void aRedirectToAnotherOriginLosesTheCredentials() throws Exception {
        try (LocalServer server = LocalServer.start(); LocalServer other = LocalServer.start()) {
            server.redirect("GET", "/same", 302, "/target").redirect("POST", "/cross", 307, other.url() + "/target");
            Map<String, List<String>> headers = Map.of("Authorization", List.of("Bearer abc"), "Cookie", List.of("s=1"),
                    "X-Keep", List.of("yes"));

            kit.http().send(request("GET", server.url() + "/same", headers, null));
            kit.http().send(request("POST", server.url() + "/cross", headers, "payload"));

            assertThat(server.received().get(1)).satisfies(same -> {
                assertThat(same.path()).isEqualTo("/target");
                assertThat(same.header("authorization")).isEqualTo("Bearer abc");
                assertThat(same.header("cookie")).isEqualTo("s=1");
            });
            assertThat(other.received()).as("another port is another origin").singleElement().satisfies(cross -> {
                assertThat(cross.method()).isEqualTo("POST");
                assertThat(cross.body()).isEqualTo("payload");
                assertThat(cross.header("authorization")).isNull();
                assertThat(cross.header("cookie")).isNull();
                assertThat(cross.header("x-keep")).isEqualTo("yes");
            });
            assertThat(kit.http().requests()).last().satisfies(hop -> assertThat(hop.headers()).containsOnlyKeys("X-Keep"));
        }
    }

    @Test
    void aRefusedOrUnusableHopIsNamedAndNothingIsSentThere() throws Exception {
        try (LocalServer server = LocalServer.start()) {
            server.redirect("GET", "/away", 302, "https://elsewhere.example.com/x?token=abc")
                    .redirect("GET", "/file", 301, "file:///etc/passwd")
                    .redirect("GET", "/broken", 302, "http://exa mple.com/<>");

            assertThatThrownBy(() -> kit.http().send(OutboundRequest.get(URI.create(server.url() + "/away"))))
                    .isInstanceOfSatisfying(DevRigException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCodes.HTTP_DESTINATION_REFUSED);
                        assertThat(e.error().message()).startsWith("redirect 1 to https://elsewhere.example.com: ")
                                .contains("elsewhere.example.com is not an allowed destination").doesNotContain("token");
                        assertThat(e.error().details()).containsEntry("redirect", 1)
                                .containsEntry("location", "https://elsewhere.example.com");
                    });
            assertThatThrownBy(() -> kit.http().send(OutboundRequest.get(URI.create(server.url() + "/file"))))
                    .isInstanceOfSatisfying(DevRigException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCodes.HTTP_DESTINATION_REFUSED);
                        assertThat(e.error().message()).startsWith("redirect 1 to file://<no host> refused: ");
                    });
            assertThatThrownBy(() -> kit.http().send(OutboundRequest.get(URI.create(server.url() + "/broken"))))
                    .isInstanceOfSatisfying(DevRigException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCodes.HTTP_ERROR);
                        assertThat(e.category()).isEqualTo(ErrorCategory.PERMANENT);
                        assertThat(e.getMessage()).contains("invalid Location");
                    });
            assertThat(kit.http().requests()).extracting(r -> r.uri().getPath()).containsExactly("/away", "/file", "/broken");
        }
    }

    @Test
    void fiveRedirectsAreFollowedASixthIsTooMany() throws Exception {
        try (LocalServer server = LocalServer.start()) {
            for (int i = 0; i < 5; i++) {
                server.redirect("GET", "/r" + i, 302, "/r" + (i + 1));
            }
            server.answer("GET", "/r5", 200, "{\"hops\":5}");
            assertThat(kit.http().send(OutboundRequest.get(URI.create(server.url() + "/r0"))).bodyText()).isEqualTo("{\"hops\":5}");

            server.redirect("GET", "/r5", 302, "/r6");
            assertThatThrownBy(() -> kit.http().send(OutboundRequest.get(URI.create(server.url() + "/r0"))))
                    .isInstanceOfSatisfying(DevRigException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCodes.HTTP_TOO_MANY_REDIRECTS);
                        assertThat(e.error().message()).isEqualTo("more than 5 redirects; the last one pointed to " + server.url());
                        assertThat(e.error().details()).containsEntry("maxRedirects", 5);
                    });
            assertThat(server.received()).as("6 + 6 requests, /r6 never").hasSize(12);
        }
    }

    @Test
    void theTimeoutIsForTheWholeExchangeRedirectsIncluded() throws Exception {
        HttpServer slow = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        slow.createContext("/", exchange -> {
            try (exchange) {
                Thread.sleep(700);
                exchange.getResponseHeaders().add("Location", "/again");
                exchange.sendResponseHeaders(302, -1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        slow.start();
        try {
            String url = "http://127.0.0.1:" + slow.getAddress().getPort() + "/first";
            // each hop takes 0.7 s, within the 1 s a hop had before; the two together do not
            assertThatThrownBy(() -> kit.http().send(new OutboundRequest("GET", URI.create(url), Map.of(), null,
                    Duration.ofSeconds(1), true)))
                    .isInstanceOfSatisfying(DevRigException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCodes.HTTP_TIMEOUT);
                        assertThat(e.category()).isEqualTo(ErrorCategory.TIMEOUT);
                        assertThat(e.getMessage()).contains("timed out after 1000 ms");
                    });
            assertThat(kit.http().requests()).hasSize(2);
            assertThatThrownBy(() -> kit.http().send(new OutboundRequest("GET", URI.create(url), Map.of(), null,
                    Duration.ZERO, true)))
                    .isInstanceOfSatisfying(DevRigException.class, e -> assertThat(e.code()).isEqualTo(ErrorCodes.INVALID_INPUT))
                    .hasMessageContaining("timeout must be positive");
        } finally {
            slow.stop(0);
        }
    }

    @Test
    void anInterruptedRequestIsCancelled() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) { // connects, never answers
            Thread.currentThread().interrupt();
            try {
                assertThatThrownBy(() -> kit.http().send(OutboundRequest.get(
                        URI.create("http://127.0.0.1:" + silent.getLocalPort() + "/"))))
                        .isInstanceOfSatisfying(DevRigException.class, e -> {
                            assertThat(e.code()).isEqualTo(ErrorCodes.CANCELLED);
                            assertThat(e.category()).isEqualTo(ErrorCategory.CANCELLED);
                        });
                assertThat(Thread.currentThread().isInterrupted()).as("the interrupt is kept").isTrue();
            } finally {
                Thread.interrupted();
            }
        }
    }

    @Test
    void attemptsAreTheRequestsThePluginPassedRefusedOnesTooAndRequestsWhatWentOut() throws Exception {
        PluginKit bare = PluginKit.of("com.example.bare", Set.of());
        try (LocalServer server = LocalServer.start()) {
            server.redirect("GET", "/old", 302, "/new").answer("GET", "/new", 200, "{}");
            OutboundRequest moved = OutboundRequest.get(URI.create(server.url() + "/old"));
            OutboundRequest elsewhere = OutboundRequest.get(URI.create("https://api.example.com/x"));
            OutboundRequest badMethod = request("TRACE", server.url() + "/new", Map.of(), null);
            OutboundRequest noPermission = OutboundRequest.get(URI.create(server.url() + "/new"));

            kit.http().send(moved);
            assertThatThrownBy(() -> kit.http().send(elsewhere)).isInstanceOf(DevRigException.class);
            assertThatThrownBy(() -> kit.http().send(badMethod)).isInstanceOf(DevRigException.class);
            assertThatThrownBy(() -> bare.http().send(noPermission)).hasMessageContaining("'network'");

            assertThat(kit.http().attempts()).hasSize(3).satisfiesExactly(
                    a -> assertThat(a).isSameAs(moved), a -> assertThat(a).isSameAs(elsewhere),
                    a -> assertThat(a).isSameAs(badMethod));
            assertThat(bare.http().attempts()).singleElement().isSameAs(noPermission);
            assertThat(kit.http().requests()).extracting(r -> r.uri().getPath()).as("each hop, nothing refused")
                    .containsExactly("/old", "/new");
            assertThat(kit.http().requests().get(0)).isSameAs(moved);
            assertThat(bare.http().requests()).isEmpty();
            assertThatThrownBy(() -> kit.http().attempts().clear()).isInstanceOf(UnsupportedOperationException.class);
        }
    }
}
