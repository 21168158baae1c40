/**
 * Where file actions may work: the admin's file roots and the one rule that confines a path
 * to them ({@link io.devrig.action.file.roots.RootRule}). Exported so that every action that
 * touches the file system (the file actions, {@code shell.exec}'s working directory) uses the
 * same rule instead of a copy.
 */
@Version("1.0.0")
package io.devrig.action.file.roots;

import org.osgi.annotation.versioning.Version;
