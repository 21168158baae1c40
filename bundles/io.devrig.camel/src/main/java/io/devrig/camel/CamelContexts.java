package io.devrig.camel;

import io.devrig.camel.internal.ContextRegistry;

/**
 * Entry points outside OSGi. In a framework, adapters take {@link CamelRuntime} as a DS
 * reference; their unit tests (and plain Java) create one here instead.
 */
public final class CamelContexts {

    private CamelContexts() {
    }

    /**
     * A runtime of its own, not registered anywhere: contexts started through it behave as in
     * the framework (named, counted, stopped on close) and are listed by its
     * {@link CamelRuntime#contexts()}.
     */
    public static CamelRuntime standalone() {
        return new ContextRegistry();
    }
}
