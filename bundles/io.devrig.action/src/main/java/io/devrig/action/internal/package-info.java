/**
 * The action registry: {@link io.devrig.action.internal.ActionRegistryComponent} tracks the
 * {@link io.devrig.api.action.ActionExecutor} and {@link io.devrig.api.action.ActionHook}
 * whiteboard and publishes {@link io.devrig.action.internal.ActionRegistryImpl}, the plain-Java
 * pipeline: {@link io.devrig.action.internal.ConfigResolver} (templates and value
 * references, read with {@code io.devrig.common.path.DataPath}),
 * {@link io.devrig.action.internal.SchemaCheck} (JSON Schema), hooks, execution under
 * {@link io.devrig.action.internal.CallTimer} or the plugin invoker, metrics. Not exported.
 */
package io.devrig.action.internal;
