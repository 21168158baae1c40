package io.devrig.api.plugin.sdk;

import io.devrig.api.http.OutboundRequest;
import io.devrig.api.http.OutboundResponse;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Outbound HTTP for the calling plugin, through DevRig's destination policy (no loopback,
 * private, link-local or metadata addresses unless an admin allow-lists them). Needs the
 * {@code network} permission.
 */
@ProviderType
public interface PluginHttp {

    OutboundResponse send(OutboundRequest request);
}
