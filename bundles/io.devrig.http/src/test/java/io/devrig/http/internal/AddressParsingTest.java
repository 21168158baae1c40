package io.devrig.http.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class AddressParsingTest {

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource({
            "127.0.0.1, 127.0.0.1",
            "2130706433, 127.0.0.1",
            "0x7f000001, 127.0.0.1",
            "0X7F000001, 127.0.0.1",
            "0177.0.0.1, 127.0.0.1",
            "017700000001, 127.0.0.1",
            "127.1, 127.0.0.1",
            "127.0.1, 127.0.0.1",
            "0x7f.1, 127.0.0.1",
            "0x7f.0.0.0x1, 127.0.0.1",
            "0, 0.0.0.0",
            "0x, 0.0.0.0",
            "1.2.3, 1.2.0.3",
            "10.1, 10.0.0.1",
            "0251.0376.0251.0376, 169.254.169.254",
            "2852039166, 169.254.169.254",
            "4294967295, 255.255.255.255",
            "255.0xffffff, 255.255.255.255"})
    void inetAtonFormsDenoteOneAddress(String text, String expected) {
        assertThat(IpAddresses.format(IpAddresses.parseIpv4Lenient(text))).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"256.0.0.1", "1.2.3.4.5", "08.0.0.1", "4294967296", "1.16777216", "1.2.65536",
            "1..1", "", "0xg", "-1", "1.2.3.256"})
    void invalidIpv4IsRejected(String text) {
        assertThat(IpAddresses.parseIpv4Lenient(text)).isNull();
    }

    @Test
    void strictIpv4AcceptsOnlyDottedQuads() {
        assertThat(IpAddresses.parseIpv4Strict("10.0.0.1")).containsExactly(10, 0, 0, 1);
        assertThat(IpAddresses.parseIpv4Strict("127.1")).isNull();
        assertThat(IpAddresses.parseIpv4Strict("010.0.0.1")).isNull();
        assertThat(IpAddresses.parseIpv4Strict("0x7f.0.0.1")).isNull();
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "::1, ::1",
            "::, ::",
            "0:0:0:0:0:0:0:1, ::1",
            "::ffff:127.0.0.1, ::ffff:7f00:1",
            "2001:DB8::1, 2001:db8::1",
            "1:0:0:1:0:0:0:1, 1:0:0:1::1",
            "fe80::, fe80::",
            "1::, 1::",
            "1:2:3:4:5:6:7:8, 1:2:3:4:5:6:7:8",
            "64:ff9b::169.254.169.254, 64:ff9b::a9fe:a9fe",
            "1:0:1:0:1:0:1:0, 1:0:1:0:1:0:1:0"})
    void parsesAndFormatsIpv6(String text, String expected) {
        assertThat(IpAddresses.format(IpAddresses.parseIpv6(text.toLowerCase()))).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {":::", "1:2:3:4:5:6:7:8:9", "12345::", "1::2::3", "::ffff:256.0.0.1", "1:2:3:4:5:6:7",
            "g::1", "::1.2.3", "1:2:3:4:5:6:7:8::", "127.0.0.1"})
    void invalidIpv6IsRejected(String text) {
        assertThat(IpAddresses.parseIpv6(text)).isNull();
    }

    @Test
    void mappedAddressesAreCanonicallyIpv4() {
        assertThat(IpAddresses.canonical(IpAddresses.parseIpv6("::ffff:10.0.0.1"))).containsExactly(10, 0, 0, 1);
        assertThat(IpAddresses.canonical(IpAddresses.parseIpv6("::10.0.0.1"))).hasSize(16);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "LOCALHOST., localhost",
            "Example.COM, example.com",
            "example.com..., example.com",
            "%6c%6f%63%61%6c%68%6f%73%74, localhost",
            "\uff4c\uff4f\uff43\uff41\uff4c\uff48\uff4f\uff53\uff54, localhost",
            "b\u00fccher.example, xn--bcher-kva.example",
            "a_b.example, a_b.example"})
    void namesAreNormalized(String raw, String expected) {
        HostName host = HostName.parse(raw);
        assertThat(host.isAddress()).isFalse();
        assertThat(host.name()).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "127.0.0.1., 127.0.0.1",
            "127.0.0.1.., 127.0.0.1",
            "%31%32%37.0.0.1, 127.0.0.1",
            "\uff11\uff12\uff17.\uff10.\uff10.\uff11, 127.0.0.1",
            "127\u30020\u30020\u30021, 127.0.0.1",
            "[::1], ::1",
            "[fe80::1%25eth0], fe80::1",
            "[FE80::1%eth0], fe80::1",
            "::1, ::1",
            "%3a%3a1, ::1"})
    void addressesAreFoundInAnySpelling(String raw, String expected) {
        HostName host = HostName.parse(raw);
        assertThat(host.isAddress()).isTrue();
        assertThat(IpAddresses.format(host.address())).isEqualTo(expected);
    }

    @Test
    void zoneIdIsKept() {
        assertThat(HostName.parse("[fe80::1%25eth0]").zone()).isEqualTo("eth0");
        assertThat(HostName.parse("[::1]").zone()).isNull();
        assertThat(HostName.parse("[::1]").uriForm()).isEqualTo("[::1]");
        assertThat(HostName.parse("0x7f.1").uriForm()).isEqualTo("127.0.0.1");
    }

    @ParameterizedTest
    @ValueSource(strings = {"999.1.1.1", "a..b", "%zz", "%4", "[::1", "::1]", "-a.example", "a-.example", "[127.0.0.1]",
            "exa mple.com", "08.0.0.1", " ", "%ff%fe"})
    void unusableHostsAreRejected(String raw) {
        assertThatThrownBy(() -> HostName.parse(raw)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void cidrContainsAndRejectsHostBits() {
        Cidr net = Cidr.of("172.16.0.0/12");
        assertThat(net.contains(IpAddresses.parseIpv4Strict("172.31.255.255"))).isTrue();
        assertThat(net.contains(IpAddresses.parseIpv4Strict("172.32.0.0"))).isFalse();
        assertThat(net.contains(IpAddresses.parseIpv6("::1"))).isFalse();
        assertThat(Cidr.of("fe80::/10").contains(IpAddresses.parseIpv6("febf::1"))).isTrue();
        assertThat(Cidr.of("fe80::/10").contains(IpAddresses.parseIpv6("fec0::1"))).isFalse();
        assertThat(Cidr.of("0.0.0.0/0").contains(IpAddresses.parseIpv4Strict("8.8.8.8"))).isTrue();
        assertThatThrownBy(() -> Cidr.of("10.0.0.1/8")).hasMessageContaining("did you mean 10.0.0.0/8");
        assertThatThrownBy(() -> Cidr.of("10.0.0.0/33")).hasMessageContaining("0-32");
    }
}
