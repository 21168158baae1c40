/**
 * The plugin invoker: every call into plugin code runs on a thread of that plugin's
 * own small pool, under a time limit, behind a per-plugin circuit breaker, and is
 * counted. Not exported.
 *
 * <p>What the JVM cannot do: stop a thread that ignores interruption, or cap the memory
 * one bundle uses. A plugin that spins keeps one of its own threads busy until it
 * returns; the invoker stops waiting for it at the time limit, refuses further calls
 * once all of that plugin's threads are taken ({@code PLUGIN_BUSY}), and opens the
 * plugin's breaker, so neither the engine nor other plugins lose threads. Memory is
 * shared by all bundles: DevRig bounds what it hands to plugins (response sizes,
 * storage quotas) and reports degraded plugins so an admin can disable them.
 */
package io.devrig.plugin.internal.invoke;
