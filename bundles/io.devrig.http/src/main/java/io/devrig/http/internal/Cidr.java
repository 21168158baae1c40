package io.devrig.http.internal;

import java.util.Arrays;

/**
 * An address range: network address and prefix length, IPv4 (4 bytes) or IPv6 (16 bytes).
 *
 * @param network the network address, no bits set past the prefix
 * @param prefix the prefix length
 */
record Cidr(byte[] network, int prefix) {

    Cidr {
        network = network.clone();
        if (network.length != 4 && network.length != 16) {
            throw new IllegalArgumentException("an address has 4 or 16 bytes");
        }
        if (prefix < 0 || prefix > network.length * 8) {
            throw new IllegalArgumentException("prefix length must be 0-" + network.length * 8);
        }
        if (!Arrays.equals(network, mask(network, prefix))) {
            throw new IllegalArgumentException("address has bits set past the /" + prefix + " prefix (did you mean "
                    + IpAddresses.format(mask(network, prefix)) + "/" + prefix + "?)");
        }
    }

    /** Parses {@code 10.0.0.0/8} or {@code fc00::/7}; for the built-in rules, whose text is known to be valid. */
    static Cidr of(String text) {
        int slash = text.indexOf('/');
        String address = text.substring(0, slash);
        byte[] bytes = address.indexOf(':') >= 0 ? IpAddresses.parseIpv6(address) : IpAddresses.parseIpv4Strict(address);
        if (bytes == null) {
            throw new IllegalArgumentException("not an address: " + address);
        }
        return new Cidr(bytes, Integer.parseInt(text.substring(slash + 1)));
    }

    /** Whether the address (same family) is in this range. */
    boolean contains(byte[] address) {
        if (address.length != network.length) {
            return false;
        }
        return Arrays.equals(mask(address, prefix), network);
    }

    @Override
    public byte[] network() {
        return network.clone();
    }

    private static byte[] mask(byte[] address, int prefix) {
        byte[] out = address.clone();
        for (int i = 0; i < out.length; i++) {
            int bits = Math.max(0, Math.min(8, prefix - 8 * i));
            out[i] = (byte) (out[i] & (0xFF00 >>> bits));
        }
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Cidr c && prefix == c.prefix && Arrays.equals(network, c.network);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(network) + prefix;
    }

    @Override
    public String toString() {
        return IpAddresses.format(network) + "/" + prefix;
    }
}
