/**
 * The {@code devrig:*} Karaf shell commands. Each command is a thin
 * {@link org.apache.karaf.shell.api.action.Action} found by Karaf's command extender
 * (manifest header {@code Karaf-Commands: *}); the logic lives in
 * {@link io.devrig.shell.internal.SecretCommands}, which takes the vault, the value input
 * and an output stream so that it runs without a shell in unit tests. Failures reach
 * the user as one {@code Error: ...} line ({@link io.devrig.shell.internal.ErrorLine}).
 * Not exported.
 */
package io.devrig.shell.internal;
