/**
 * The {@code devrig:*} Karaf shell commands. Each command is a thin
 * {@link org.apache.karaf.shell.api.action.Action} found by Karaf's command extender
 * (manifest header {@code Karaf-Commands: *}); the logic lives in
 * {@link io.devrig.shell.internal.SecretCommands}, {@link io.devrig.shell.internal.PluginCommands},
 * {@link io.devrig.shell.internal.CatalogCommands}, {@link io.devrig.shell.internal.QueueCommands},
 * {@link io.devrig.shell.internal.WorkflowCommands}, {@link io.devrig.shell.internal.RunCommands} and
 * {@link io.devrig.shell.internal.InboxCommands},
 * which take the service(s), the input
 * and an output stream so that they run without a shell in unit tests. Failures reach
 * the user as one {@code Error: ...} line ({@link io.devrig.shell.internal.ErrorLine}).
 *
 * <p>The extender registers a bundle's commands all together, once every mandatory
 * {@code @Reference} of every command and completer is satisfied. The commands therefore
 * reference every DevRig service ({@code PluginAdmin}, {@code PluginCatalog}, {@code JobQueue},
 * {@code Workflows}, {@code WorkflowDefinitions}, {@code WorkflowRuns}, {@code Inbox}, ...) as optional
 * ones and report a missing service themselves.
 * Not exported.
 */
package io.devrig.shell.internal;
