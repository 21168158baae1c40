package io.devrig.http.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.devrig.api.error.DevRigException;
import io.devrig.api.error.ErrorCategory;
import io.devrig.api.error.ErrorCodes;
import io.devrig.api.http.OutboundRequest;
import io.devrig.http.internal.Clients.FakeResolver;
import java.net.URI;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Refused destinations through the real client call. Loopback forms aim at a live local
 * server (not allow-listed) on its port: it must never see a request, and the fake name
 * resolver must never be asked, so nothing was resolved or connected.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RefusedDestinationsTest {

    private static final String LOOPBACK = "loopback address (127.0.0.0/8)";
    private static final String LOOPBACK6 = "loopback address (::1/128)";
    private static final String UNSPECIFIED = "unspecified address (0.0.0.0/8)";
    private static final String PRIVATE10 = "private address (10.0.0.0/8)";
    private static final String PRIVATE172 = "private address (172.16.0.0/12)";
    private static final String PRIVATE192 = "private address (192.168.0.0/16)";
    private static final String LINK_LOCAL = "link-local address (169.254.0.0/16)";
    private static final String CGNAT = "carrier-grade NAT address (100.64.0.0/10)";
    private static final String ULA = "unique-local address (fc00::/7)";
    private static final String LOCALHOST = "localhost name";
    private static final String METADATA = "cloud metadata host name";

    private LocalServer server;
    private FakeResolver dns;
    private JettyOutboundHttp client;

    @BeforeAll
    void start() {
        server = new LocalServer();
        dns = FakeResolver.none();
        client = Clients.started(HttpSettings.defaults(), dns);
    }

    @AfterAll
    void stop() {
        client.close();
        server.close();
    }

    Stream<Arguments> refusedForms() {
        return Stream.of(
                // loopback, every IPv4 spelling
                Arguments.of("http://127.0.0.1:{port}/", LOOPBACK),
                Arguments.of("http://127.0.0.1/", LOOPBACK),
                Arguments.of("http://2130706433:{port}/", LOOPBACK),
                Arguments.of("http://0x7f000001:{port}/", LOOPBACK),
                Arguments.of("http://0X7F000001:{port}/", LOOPBACK),
                Arguments.of("http://0177.0.0.1:{port}/", LOOPBACK),
                Arguments.of("http://0177.0000.0000.0001:{port}/", LOOPBACK),
                Arguments.of("http://017700000001:{port}/", LOOPBACK),
                Arguments.of("http://127.1:{port}/", LOOPBACK),
                Arguments.of("http://127.0.1:{port}/", LOOPBACK),
                Arguments.of("http://0x7f.1:{port}/", LOOPBACK),
                Arguments.of("http://0x7f.0.0.0x1:{port}/", LOOPBACK),
                Arguments.of("http://127.0.0.1.:{port}/", LOOPBACK),
                Arguments.of("http://127.0.0.1..:{port}/", LOOPBACK),
                Arguments.of("http://127.255.255.254/", LOOPBACK),
                Arguments.of("http://%31%32%37.0.0.1:{port}/", LOOPBACK),
                Arguments.of("http://\uff11\uff12\uff17.\uff10.\uff10.\uff11:{port}/", LOOPBACK),
                Arguments.of("http://127\u30020\u30020\u30021:{port}/", LOOPBACK),
                Arguments.of("https://127.0.0.1:{port}/", LOOPBACK),
                Arguments.of("https://0x7f000001/", LOOPBACK),
                // unspecified
                Arguments.of("http://0:{port}/", UNSPECIFIED),
                Arguments.of("http://0.0.0.0:{port}/", UNSPECIFIED),
                Arguments.of("http://0x0/", UNSPECIFIED),
                Arguments.of("http://0.0.0.0/", UNSPECIFIED),
                // private
                Arguments.of("http://10.0.0.1/", PRIVATE10),
                Arguments.of("http://10.255.255.255:8080/", PRIVATE10),
                Arguments.of("http://012.0.0.1/", PRIVATE10),
                Arguments.of("http://167772161/", PRIVATE10),
                Arguments.of("http://172.16.0.1/", PRIVATE172),
                Arguments.of("http://172.31.255.255/", PRIVATE172),
                Arguments.of("http://192.168.0.1/", PRIVATE192),
                Arguments.of("http://192.168.1.1:8080/admin", PRIVATE192),
                Arguments.of("http://0xc0a80001/", PRIVATE192),
                Arguments.of("https://192.168.1.1/", PRIVATE192),
                // link-local and the cloud metadata address
                Arguments.of("http://169.254.169.254/latest/meta-data/", LINK_LOCAL),
                Arguments.of("http://2852039166/", LINK_LOCAL),
                Arguments.of("http://0xa9fea9fe/", LINK_LOCAL),
                Arguments.of("http://0251.0376.0251.0376/", LINK_LOCAL),
                Arguments.of("http://169.254.43518/", LINK_LOCAL),
                Arguments.of("https://169.254.169.254/", LINK_LOCAL),
                // carrier-grade NAT
                Arguments.of("http://100.64.0.1/", CGNAT),
                Arguments.of("http://100.127.255.254/", CGNAT),
                Arguments.of("http://100.100.100.200/", CGNAT),
                // IPv6, and IPv4 embedded in IPv6
                Arguments.of("http://[::1]/", LOOPBACK6),
                Arguments.of("http://[::1]:{port}/", LOOPBACK6),
                Arguments.of("http://[0:0:0:0:0:0:0:1]/", LOOPBACK6),
                Arguments.of("https://[::1]/", LOOPBACK6),
                Arguments.of("http://[::]/", "unspecified address (::/128)"),
                Arguments.of("http://[::ffff:127.0.0.1]:{port}/", LOOPBACK),
                Arguments.of("http://[::ffff:7f00:1]:{port}/", LOOPBACK),
                Arguments.of("http://[::FFFF:7F00:1]:{port}/", LOOPBACK),
                Arguments.of("http://[::ffff:169.254.169.254]/", LINK_LOCAL),
                Arguments.of("http://[0:0:0:0:0:ffff:a00:1]/", PRIVATE10),
                Arguments.of("http://[::ffff:0:127.0.0.1]/", "IPv4-translated"),
                Arguments.of("http://[::127.0.0.1]/", "IPv4-compatible"),
                Arguments.of("http://[fc00::1]/", ULA),
                Arguments.of("http://[fd12:3456::1]/", ULA),
                Arguments.of("http://[fd00:ec2::254]/", ULA),
                Arguments.of("http://[fe80::1]/", "link-local address (fe80::/10)"),
                Arguments.of("http://[fe80::1%25eth0]/", "link-local address (fe80::/10)"),
                Arguments.of("http://[fec0::1]/", "site-local address (fec0::/10)"),
                Arguments.of("http://[64:ff9b::a9fe:a9fe]/", LINK_LOCAL + ", embedded as 169.254.169.254 in a NAT64"),
                Arguments.of("http://[64:ff9b::127.0.0.1]/", LOOPBACK),
                Arguments.of("http://[2002:7f00:1::]/", LOOPBACK + ", embedded as 127.0.0.1 in a 6to4 address"),
                Arguments.of("http://[2002:a9fe:a9fe::1]/", LINK_LOCAL),
                Arguments.of("http://[2001::1]/", "Teredo address (2001::/32)"),
                Arguments.of("http://[ff02::1]/", "multicast address (ff00::/8)"),
                // multicast, broadcast, reserved, special purpose
                Arguments.of("http://224.0.0.1/", "multicast address (224.0.0.0/4)"),
                Arguments.of("http://239.255.255.250:1900/", "multicast address (224.0.0.0/4)"),
                Arguments.of("http://255.255.255.255/", "broadcast address (255.255.255.255/32)"),
                Arguments.of("http://4294967295/", "broadcast address (255.255.255.255/32)"),
                Arguments.of("http://240.0.0.1/", "reserved address (240.0.0.0/4)"),
                Arguments.of("http://192.0.0.192/", "IETF protocol assignment address (192.0.0.0/24)"),
                Arguments.of("http://198.18.0.1/", "benchmarking address (198.18.0.0/15)"),
                // names refused before resolving
                Arguments.of("http://localhost:{port}/", LOCALHOST),
                Arguments.of("http://localhost/", LOCALHOST),
                Arguments.of("http://LOCALHOST./", LOCALHOST),
                Arguments.of("http://foo.localhost/", LOCALHOST),
                Arguments.of("http://a.b.LocalHost./", LOCALHOST),
                Arguments.of("http://%6c%6f%63%61%6c%68%6f%73%74:{port}/", LOCALHOST),
                Arguments.of("http://\uff4c\uff4f\uff43\uff41\uff4c\uff48\uff4f\uff53\uff54:{port}/", LOCALHOST),
                Arguments.of("https://localhost/", LOCALHOST),
                Arguments.of("http://metadata.google.internal/computeMetadata/v1/", METADATA),
                Arguments.of("http://METADATA.google.internal./", METADATA),
                Arguments.of("http://metadata/", METADATA),
                Arguments.of("http://instance-data/latest/", METADATA));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusedForms")
    void refusedBeforeAnyConnection(String form, String rule) {
        URI uri = URI.create(form.replace("{port}", String.valueOf(server.port())));
        long resolutions = client.resolutions();

        assertThatThrownBy(() -> client.send(OutboundRequest.get(uri)))
                .isInstanceOfSatisfying(DevRigException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCodes.HTTP_DESTINATION_REFUSED);
                    assertThat(e.category()).isEqualTo(ErrorCategory.PERMANENT);
                    assertThat(e.error().message()).startsWith("destination ").contains(" refused: ").contains(rule);
                });
        assertThat(client.resolutions()).as("Jetty asked for no address").isEqualTo(resolutions);
        assertThat(dns.asked).as("no name lookup").isEmpty();
        assertThat(server.received()).as("no request reached the local server").isEmpty();
    }

    @Test
    void atLeastFiftyFormsAreCovered() {
        assertThat(refusedForms().count()).isGreaterThanOrEqualTo(50);
    }
}
