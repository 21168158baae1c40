package io.devrig.api.routes;

import java.util.List;
import org.osgi.annotation.versioning.ProviderType;

/**
 * DevRig's Camel contexts and their routes, read-only, for the shell ({@code devrig:routes})
 * and other admin faces. Published by the Camel runtime ({@code io.devrig.camel}); this
 * package holds no Camel type, so a reader does not need Camel installed.
 */
@ProviderType
public interface Routes {

    /** Every running context an adapter bundle owns, sorted by name. */
    List<ContextInfo> contexts();
}
