package io.devrig.http.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AllowListTest {

    @Test
    void parsesEveryEntryForm() {
        AllowList list = AllowList.parse("127.0.0.1:8089", "10.0.0.0/8", "[::1]:9000", "git.internal.example",
                "Build.Example.:443", "fd00::/8", "::1", "[fe80::/10]:8080", "192.168.1.7");
        assertThat(list.entries()).extracting(AllowList.Entry::port).containsExactly(8089, 0, 9000, 0, 443, 0, 0, 8080, 0);
        assertThat(list.entries()).extracting(e -> e.range() == null ? e.name() : e.range().toString())
                .containsExactly("127.0.0.1/32", "10.0.0.0/8", "::1/128", "git.internal.example", "build.example",
                        "fd00::/8", "::1/128", "fe80::/10", "192.168.1.7/32");
    }

    @Test
    void oneValueMayHoldSeveralEntries() {
        // a Karaf .cfg file gives the whole list as one string
        AllowList list = AllowList.parse("127.0.0.1:8089, 10.0.0.0/8 git.internal.example,,");
        assertThat(list.size()).isEqualTo(3);
        assertThat(AllowList.parse().size()).isZero();
        assertThat(AllowList.parse((String[]) null).size()).isZero();
        assertThat(AllowList.parse("", "  ").size()).isZero();
    }

    @Test
    void mappedRangesAreKeptAsIpv4() {
        AllowList list = AllowList.parse("[::ffff:10.0.0.0/104]");
        assertThat(list.allowsAddress(new byte[] {10, 1, 2, 3}, 80)).isTrue();
    }

    @Test
    void matchesByAddressPortAndName() {
        AllowList list = AllowList.parse("127.0.0.1:8089", "git.internal.example", "10.0.0.0/8");
        assertThat(list.allowsAddress(new byte[] {127, 0, 0, 1}, 8089)).isTrue();
        assertThat(list.allowsAddress(new byte[] {127, 0, 0, 1}, 8088)).isFalse();
        assertThat(list.allowsAddress(new byte[] {10, 9, 9, 9}, 1)).isTrue();
        assertThat(list.allowsName("git.internal.example", 22)).isTrue();
        assertThat(list.allowsName("internal.example", 22)).isFalse();
        assertThat(list.allowsName("evil.git.internal.example", 22)).isFalse();
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', value = {
            "10.0.0.0/33|prefix length must be 0-32",
            "10.0.0.1/8|did you mean 10.0.0.0/8",
            "fd00::/129|prefix length must be 0-128",
            "10.0.0.0/x|prefix length is not a number",
            "example.com/8|a CIDR range needs an IP address",
            "300.1.1.1|write IPv4 addresses as four decimal numbers",
            "127.1|write IPv4 addresses as four decimal numbers",
            "0x7f000001|write IPv4 addresses as four decimal numbers",
            "[::1|missing ']'",
            "[::1]:0|port must be a number from 1 to 65535",
            "[::1]x|unexpected text after ']'",
            "[10.0.0.1]:80|brackets are for IPv6 addresses",
            "127.0.0.1:99999|port must be a number from 1 to 65535",
            "127.0.0.1:|port must be a number from 1 to 65535",
            "host:http|port must be a number from 1 to 65535",
            "*.example.com|wildcards are not supported",
            "fe80::1%eth0|not a valid IPv6 address",
            "ex@mple.com|not a valid host name",
            ":8080|no host",
            "-bad.example|not a valid host name"})
    void invalidEntriesAreNamedWithTheReason(String entry, String reason) {
        assertThatThrownBy(() -> AllowList.parse(entry))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'" + entry + "'")
                .hasMessageContaining(reason);
    }

    @Test
    void allBadEntriesAreReportedTogether() {
        assertThatThrownBy(() -> AllowList.parse("10.0.0.0/8", "10.0.0.0/33", "good.example", "host:0"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("invalid allowList entries '10.0.0.0/33'")
                .hasMessageContaining("'host:0' (port must be a number from 1 to 65535)")
                .hasMessageNotContaining("good.example");
    }
}
