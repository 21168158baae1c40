/**
 * The built-in action {@code shell.exec} ({@link io.devrig.action.shell.internal.ExecAction}):
 * an allow-listed executable ({@link io.devrig.action.shell.internal.AllowList}) run with an
 * argument array, never a shell ({@link io.devrig.action.shell.internal.ProcessRunner}). Its
 * working directory follows the file roots of io.devrig.action.file. Not exported.
 */
package io.devrig.action.shell.internal;
