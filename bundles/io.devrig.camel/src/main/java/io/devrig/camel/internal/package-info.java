/**
 * The runtime behind {@link io.devrig.camel.CamelRuntime}: {@link
 * io.devrig.camel.internal.ContextRegistry} (creates, names, starts, lists and stops contexts),
 * {@link io.devrig.camel.internal.RouteCounters} (exchanges per route without Camel's JMX
 * management) and {@link io.devrig.camel.internal.CamelRuntimeComponent}, the DS component that
 * publishes it. Not exported.
 */
package io.devrig.camel.internal;
