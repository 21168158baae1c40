/**
 * The {@code devrig:*} Karaf shell commands. Each command is a thin
 * {@link org.apache.karaf.shell.api.action.Action} found by Karaf's command extender
 * (manifest header {@code Karaf-Commands: *}); the logic lives in
 * {@link io.devrig.shell.internal.SecretCommands}, {@link io.devrig.shell.internal.PluginCommands}
 * and {@link io.devrig.shell.internal.CatalogCommands}, which take the service(s), the input
 * and an output stream so that they run without a shell in unit tests. Failures reach
 * the user as one {@code Error: ...} line ({@link io.devrig.shell.internal.ErrorLine}).
 *
 * <p>The extender registers a bundle's commands all together, once every mandatory
 * {@code @Reference} of every command and completer is satisfied. The plugin and catalog
 * commands therefore reference {@code PluginAdmin} and {@code PluginCatalog} as optional
 * ones and report a missing service themselves.
 * Not exported.
 */
package io.devrig.shell.internal;
