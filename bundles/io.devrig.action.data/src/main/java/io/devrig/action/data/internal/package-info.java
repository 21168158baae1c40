/**
 * The built-in data actions: {@link io.devrig.action.data.internal.TransformAction}
 * ({@code data.transform}: JSONPath, a mapping of JSONPaths, or a template),
 * {@link io.devrig.action.data.internal.FilterAction} ({@code data.filter}: the condition DSL
 * over an array) and {@link io.devrig.action.data.internal.AggregateAction}
 * ({@code data.aggregate}: count, sum, avg, min, max, optionally grouped). Each is a DS
 * component published as an {@link io.devrig.api.action.ActionExecutor}, with constructor
 * injection so that tests build them with plain engines. What each action is (name,
 * description, schemas) is declared as data in {@code OSGI-INF/devrig/actions.json}, with the
 * JSON Schemas beside it as {@code <type>.input.schema.json}. Not exported.
 */
package io.devrig.action.data.internal;
