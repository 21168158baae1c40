/**
 * Data paths: the one syntax users write to point into data (condition refs, value
 * references, template paths, the field paths of data actions), parsed by
 * {@link io.devrig.common.path.DataPath}. The grammar is documented in the README of
 * io.devrig.common ("Data paths").
 */
@Version("1.0.0")
package io.devrig.common.path;

import org.osgi.annotation.versioning.Version;
