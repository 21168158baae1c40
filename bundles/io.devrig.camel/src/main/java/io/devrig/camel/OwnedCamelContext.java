package io.devrig.camel;

import org.apache.camel.CamelContext;
import org.osgi.annotation.versioning.ProviderType;

/**
 * A started context that one adapter owns, from {@link CamelRuntime#start}. Closing it stops
 * the context (its routes, consumers and threads) and removes it from the runtime's list;
 * closing twice does nothing.
 */
@ProviderType
public interface OwnedCamelContext extends AutoCloseable {

    String name();

    /** The context itself: for a {@code ProducerTemplate}, or to add and remove routes later. */
    CamelContext context();

    /** Stops the context; failures are logged, not thrown (this runs in deactivate). */
    @Override
    void close();
}
