package io.devrig.camel;

import org.apache.camel.CamelContext;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * What an adapter does to its context before it starts: add the component instances it uses
 * ({@code context.addComponent("timer", new TimerComponent())}) and its routes.
 */
@ConsumerType
@FunctionalInterface
public interface CamelSetup {

    void configure(CamelContext context) throws Exception;
}
