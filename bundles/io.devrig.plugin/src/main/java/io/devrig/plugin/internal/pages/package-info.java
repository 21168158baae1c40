/** Plugin pages: declared {@code page:<id>} servlets served behind DevRig's authentication. */
package io.devrig.plugin.internal.pages;
