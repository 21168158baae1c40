/**
 * Outbound HTTP with a destination policy: the client that plugins and flow actions use
 * to reach the internet. It refuses loopback, private, link-local, carrier-grade-NAT,
 * multicast and cloud metadata addresses unless an admin allow-lists them, resolves a
 * host once and connects to the address it checked, and applies the same check to every
 * redirect.
 */
@Version("1.0.0")
package io.devrig.api.http;

import org.osgi.annotation.versioning.Version;
