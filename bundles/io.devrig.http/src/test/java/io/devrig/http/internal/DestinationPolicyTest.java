package io.devrig.http.internal;

import static io.devrig.http.internal.Clients.ip;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.devrig.api.error.DevRigException;
import io.devrig.api.error.ErrorCategory;
import io.devrig.api.error.ErrorCodes;
import io.devrig.http.internal.Clients.FakeResolver;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The classifier and the allow-list, without any network. */
class DestinationPolicyTest {

    private static byte[] parse(String text) {
        HostName host = HostName.parse(text);
        assertThat(host.isAddress()).as(text).isTrue();
        return host.address();
    }

    @ParameterizedTest
    @ValueSource(strings = {"93.184.216.34", "8.8.8.8", "1.1.1.1", "9.255.255.255", "11.0.0.0", "100.63.255.255",
            "100.128.0.0", "126.255.255.255", "128.0.0.0", "169.253.255.255", "169.255.0.0", "172.15.255.255",
            "172.32.0.0", "192.167.255.255", "192.169.0.0", "198.17.255.255", "198.20.0.0", "223.255.255.255",
            "2606:4700::1111", "2001:4860:4860::8888", "2a00:1450:4001:80b::200e", "::ffff:8.8.8.8",
            "64:ff9b::808:808", "2002:808:808::1", "2003::1", "::8.8.8.8"})
    void publicAddressesAreAllowed(String address) {
        assertThat(DestinationPolicy.refusalRule(parse(address))).as(address).isNull();
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', value = {
            "0.0.0.0|unspecified address (0.0.0.0/8)",
            "0.255.255.255|unspecified address (0.0.0.0/8)",
            "10.0.0.0|private address (10.0.0.0/8)",
            "10.255.255.255|private address (10.0.0.0/8)",
            "100.64.0.0|carrier-grade NAT address (100.64.0.0/10)",
            "100.127.255.255|carrier-grade NAT address (100.64.0.0/10)",
            "127.0.0.1|loopback address (127.0.0.0/8)",
            "127.255.255.255|loopback address (127.0.0.0/8)",
            "169.254.169.254|link-local address (169.254.0.0/16)",
            "172.16.0.0|private address (172.16.0.0/12)",
            "172.31.255.255|private address (172.16.0.0/12)",
            "192.0.0.192|IETF protocol assignment address (192.0.0.0/24)",
            "192.0.2.1|documentation address (192.0.2.0/24)",
            "192.168.0.0|private address (192.168.0.0/16)",
            "198.18.0.1|benchmarking address (198.18.0.0/15)",
            "198.19.255.255|benchmarking address (198.18.0.0/15)",
            "224.0.0.1|multicast address (224.0.0.0/4)",
            "239.255.255.255|multicast address (224.0.0.0/4)",
            "240.0.0.1|reserved address (240.0.0.0/4)",
            "255.255.255.255|broadcast address (255.255.255.255/32)",
            "::|unspecified address (::/128)",
            "::1|loopback address (::1/128)",
            "::ffff:127.0.0.1|loopback address (127.0.0.0/8)",
            "::ffff:a9fe:a9fe|link-local address (169.254.0.0/16)",
            "::127.0.0.1|loopback address (127.0.0.0/8), embedded as 127.0.0.1 in an IPv4-compatible address (::/96)",
            "::ffff:0:10.0.0.1|private address (10.0.0.0/8), embedded as 10.0.0.1 in an IPv4-translated address",
            "64:ff9b::a9fe:a9fe|link-local address (169.254.0.0/16), embedded as 169.254.169.254 in a NAT64 address",
            "64:ff9b:1::1|local-use NAT64 address (64:ff9b:1::/48)",
            "2002:7f00:1::|loopback address (127.0.0.0/8), embedded as 127.0.0.1 in a 6to4 address (2002::/16)",
            "2002:c0a8:101::1|private address (192.168.0.0/16), embedded as 192.168.1.1 in a 6to4 address",
            "2001::1|Teredo address (2001::/32)",
            "2001:db8::1|documentation address (2001:db8::/32)",
            "100::1|discard-only address (100::/64)",
            "fc00::1|unique-local address (fc00::/7)",
            "fd12:3456::1|unique-local address (fc00::/7)",
            "fd00:ec2::254|unique-local address (fc00::/7)",
            "fe80::1|link-local address (fe80::/10)",
            "febf:ffff::1|link-local address (fe80::/10)",
            "fec0::1|site-local address (fec0::/10)",
            "ff02::1|multicast address (ff00::/8)",
            "4000::1|reserved address (outside global unicast 2000::/3)"})
    void internalAddressesAreRefusedWithTheirRule(String address, String rule) {
        assertThat(DestinationPolicy.refusalRule(parse(address))).startsWith(rule);
    }

    @Test
    void localhostAndMetadataNamesAreRefusedBeforeResolving() {
        assertThat(DestinationPolicy.nameRule("localhost")).isEqualTo("localhost name");
        assertThat(DestinationPolicy.nameRule("foo.localhost")).isEqualTo("localhost name");
        assertThat(DestinationPolicy.nameRule("metadata.google.internal")).isEqualTo("cloud metadata host name");
        assertThat(DestinationPolicy.nameRule("metadata")).isEqualTo("cloud metadata host name");
        assertThat(DestinationPolicy.nameRule("instance-data")).isEqualTo("cloud metadata host name");
        assertThat(DestinationPolicy.nameRule("localhost.example.com")).isNull();
        assertThat(DestinationPolicy.nameRule("notlocalhost")).isNull();
        assertThat(DestinationPolicy.nameRule("example.com")).isNull();
    }

    @Test
    void checkPutsNumericHostsInCanonicalForm() {
        DestinationPolicy policy = new DestinationPolicy(AllowList.parse("127.0.0.1:8080"));
        DestinationPolicy.Destination d = policy.check(URI.create("http://0x7f.1:8080/a/b?q=1#frag"));
        assertThat(d.uri()).isEqualTo(URI.create("http://127.0.0.1:8080/a/b?q=1"));
        assertThat(d.port()).isEqualTo(8080);
        assertThat(policy.check(URI.create("HTTPS://Example.COM.")).uri()).isEqualTo(URI.create("https://example.com/"));
        assertThat(policy.check(URI.create("https://example.com")).port()).isEqualTo(443);
        assertThat(policy.check(URI.create("http://[2606:4700:0::1111]/")).uri())
                .isEqualTo(URI.create("http://[2606:4700::1111]/"));
    }

    @Test
    void addressEntryWithPortAllowsOnlyThatPort() {
        DestinationPolicy policy = new DestinationPolicy(AllowList.parse("127.0.0.1:8089"));
        assertThat(policy.check(URI.create("http://127.0.0.1:8089/")).uri().getPort()).isEqualTo(8089);
        assertThat(policy.check(URI.create("http://2130706433:8089/")).uri().getHost()).isEqualTo("127.0.0.1");
        assertThat(policy.check(URI.create("http://[::ffff:127.0.0.1]:8089/")).port()).isEqualTo(8089);
        assertRefused(() -> policy.check(URI.create("http://127.0.0.1:8090/")), "loopback address (127.0.0.0/8)");
        assertRefused(() -> policy.check(URI.create("http://127.0.0.1/")), "loopback address (127.0.0.0/8)");
        assertRefused(() -> policy.check(URI.create("http://127.0.0.2:8089/")), "loopback address (127.0.0.0/8)");
        // an address entry does not allow a refused name
        assertRefused(() -> policy.check(URI.create("http://localhost:8089/")), "localhost name");
    }

    @Test
    void cidrEntriesAllowRangesOnAnyPort() {
        DestinationPolicy policy = new DestinationPolicy(AllowList.parse("10.0.0.0/8", "[fd00::/8]:443", "[::1]:9000"));
        policy.check(URI.create("http://10.1.2.3/"));
        policy.check(URI.create("http://10.1.2.3:8443/"));
        policy.check(URI.create("https://[fd12::1]/"));
        policy.check(URI.create("http://[::1]:9000/"));
        assertRefused(() -> policy.check(URI.create("http://[fd12::1]/")), "unique-local address (fc00::/7)");
        assertRefused(() -> policy.check(URI.create("http://[fc00::1]:443/")), "unique-local address (fc00::/7)");
        assertRefused(() -> policy.check(URI.create("http://[::1]:9001/")), "loopback address (::1/128)");
    }

    @Test
    void hostNameEntryAllowsThatNameAndWhatItResolvesTo() {
        DestinationPolicy policy = new DestinationPolicy(AllowList.parse("git.internal.example", "localhost:8089"));
        FakeResolver dns = new FakeResolver(Map.of(
                "git.internal.example", List.of(ip("10.0.0.5"), ip("fd00::5")),
                "other.internal.example", List.of(ip("10.0.0.5")),
                "localhost", List.of(ip("127.0.0.1"))));
        List<InetSocketAddress> pinned = policy.resolve("git.internal.example", 443, dns);
        assertThat(pinned).extracting(a -> a.getAddress().getHostAddress()).containsExactly("10.0.0.5", "fd00:0:0:0:0:0:0:5");
        assertThat(pinned).allSatisfy(a -> {
            assertThat(a.getPort()).isEqualTo(443);
            assertThat(a.getHostString()).isEqualTo("git.internal.example");
        });
        assertThat(policy.resolve("localhost", 8089, dns)).hasSize(1);
        assertRefused(() -> policy.resolve("localhost", 8080, dns), "localhost name");
        // the same addresses under another name stay refused
        assertRefused(() -> policy.resolve("other.internal.example", 443, dns),
                "other.internal.example (10.0.0.5) refused: private address (10.0.0.0/8)");
    }

    @Test
    void everyResolvedAddressIsCheckedAndOneRefusalRefusesTheHost() {
        DestinationPolicy policy = new DestinationPolicy(AllowList.parse("127.0.0.1:8089"));
        FakeResolver dns = new FakeResolver(Map.of(
                "mixed.example", List.of(ip("127.0.0.1"), ip("10.0.0.1")),
                "public.example", List.of(ip("93.184.216.34"), ip("2606:4700::1111")),
                "mapped.example", List.of(ip("169.254.169.254"))));
        assertThat(policy.resolve("public.example", 443, dns)).hasSize(2);
        FakeResolver onlyLoopback = new FakeResolver(Map.of("mixed.example", List.of(ip("127.0.0.1"))));
        assertThat(policy.resolve("mixed.example", 8089, onlyLoopback)).hasSize(1);
        assertRefused(() -> policy.resolve("mixed.example", 8089, dns),
                "destination mixed.example (10.0.0.1) refused: private address (10.0.0.0/8)");
        assertRefused(() -> policy.resolve("mapped.example", 80, dns), "link-local address (169.254.0.0/16)");
    }

    @Test
    void refusedNamesAndNumericHostsNeverReachTheResolver() {
        DestinationPolicy policy = new DestinationPolicy(AllowList.empty());
        FakeResolver dns = FakeResolver.none();
        assertRefused(() -> policy.resolve("localhost", 80, dns), "localhost name");
        assertRefused(() -> policy.resolve("0x7f.1", 80, dns), "loopback address");
        assertRefused(() -> policy.resolve("[::1]", 80, dns), "loopback address (::1/128)");
        assertRefused(() -> policy.resolve("::1", 80, dns), "loopback address (::1/128)");
        assertThat(policy.resolve("8.8.8.8", 53, dns)).extracting(a -> a.getAddress().getHostAddress())
                .containsExactly("8.8.8.8");
        assertThat(dns.asked).isEmpty();
    }

    @Test
    void unknownHostIsATransientHttpError() {
        DestinationPolicy policy = new DestinationPolicy(AllowList.empty());
        assertThatThrownBy(() -> policy.resolve("nowhere.example", 80, FakeResolver.none()))
                .isInstanceOfSatisfying(DevRigException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCodes.HTTP_ERROR);
                    assertThat(e.category()).isEqualTo(ErrorCategory.TRANSIENT);
                    assertThat(e.getMessage()).contains("unknown host nowhere.example");
                });
    }

    @Test
    void refusalNamesHostAndRuleAndIsPermanent() {
        DestinationPolicy policy = new DestinationPolicy(AllowList.empty());
        assertThatThrownBy(() -> policy.check(URI.create("http://169.254.169.254/latest/meta-data/")))
                .isInstanceOfSatisfying(DevRigException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCodes.HTTP_DESTINATION_REFUSED);
                    assertThat(e.category()).isEqualTo(ErrorCategory.PERMANENT);
                    assertThat(e.retryable()).isFalse();
                    assertThat(e.error().message())
                            .isEqualTo("destination 169.254.169.254 refused: link-local address (169.254.0.0/16)");
                    assertThat(e.error().details()).containsEntry("rule", "link-local address (169.254.0.0/16)");
                });
        assertRefused(() -> policy.check(URI.create("http://0xa9fea9fe/")),
                "destination 0xa9fea9fe (169.254.169.254) refused: link-local address (169.254.0.0/16)");
    }

    static void assertRefused(ThrowingCallable call, String text) {
        assertThatThrownBy(call).isInstanceOfSatisfying(DevRigException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCodes.HTTP_DESTINATION_REFUSED);
            assertThat(e.getMessage()).contains(text);
        });
    }
}
