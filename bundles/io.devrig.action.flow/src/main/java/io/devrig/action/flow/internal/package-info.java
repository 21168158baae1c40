/**
 * The built-in flow-control actions {@code flow.delay} ({@link io.devrig.action.flow.internal.DelayAction})
 * and {@code flow.loop} ({@link io.devrig.action.flow.internal.LoopAction}, published by
 * {@link io.devrig.action.flow.internal.LoopActionComponent}, which owns the worker pool).
 * Input and output schemas are resources under {@code io/devrig/action/flow/}. Not exported.
 */
package io.devrig.action.flow.internal;
