/**
 * DevRig's side of the Camel runtime: {@link io.devrig.camel.CamelRuntime}, the service an
 * adapter bundle's DS component asks for a {@link io.devrig.camel.OwnedCamelContext} (created,
 * named and started on activate, closed on deactivate) and that lists every such context and
 * its routes for the shell; {@link io.devrig.camel.CamelContexts} for tests without a framework;
 * {@link io.devrig.camel.InboundHeaders}, which keeps inbound headers from setting Camel's
 * internal ones (CVE-2025-27636); {@link io.devrig.camel.EndpointUris}, which masks credentials
 * in endpoint URIs before they are shown.
 */
@Version("1.0.0")
package io.devrig.camel;

import org.osgi.annotation.versioning.Version;
