/**
 * The built-in flow-control actions {@code flow.delay} ({@link io.devrig.action.flow.internal.DelayAction})
 * and {@code flow.loop} ({@link io.devrig.action.flow.internal.LoopAction}, published by
 * {@link io.devrig.action.flow.internal.LoopActionComponent}, which owns the worker pool).
 * What each action is (name, description, schemas) is declared as data in
 * {@code OSGI-INF/devrig/actions.json}, the schemas beside it. Not exported.
 */
package io.devrig.action.flow.internal;
