/**
 * The built-in file actions: {@link io.devrig.action.file.internal.ReadAction} ({@code file.read}),
 * {@link io.devrig.action.file.internal.WriteAction} ({@code file.write}) and
 * {@link io.devrig.action.file.internal.TransformAction} ({@code file.transform}), each a DS
 * component published as an {@link io.devrig.api.action.ActionExecutor}, and the component
 * that publishes the admin's file roots ({@link io.devrig.action.file.internal.FileRootsComponent}).
 * Their descriptors are data: {@code OSGI-INF/devrig/actions.json} and the schemas beside it.
 * Not exported.
 */
package io.devrig.action.file.internal;
