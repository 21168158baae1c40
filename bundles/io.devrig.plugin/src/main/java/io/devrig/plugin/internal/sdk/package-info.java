/**
 * The plugin SDK services: bundle-scoped DS components ({@code ServiceScope.BUNDLE}), so
 * each plugin bundle gets its own instance, created knowing which plugin uses it
 * ({@code ComponentContext.getUsingBundle()}). Every call asks the {@link
 * io.devrig.plugin.internal.sdk.PermissionGate} first. Not exported.
 */
package io.devrig.plugin.internal.sdk;
