/** The git plugin: CLI wrapper, repository scanner, status parser, attention rule and the DS components. */
package io.devrig.plugin.git.internal;
