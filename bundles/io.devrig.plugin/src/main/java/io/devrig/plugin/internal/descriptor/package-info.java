/**
 * The plugin descriptor: {@code OSGI-INF/devrig/plugin.json} inside a plugin bundle,
 * named by its {@code DevRig-Plugin} header. {@link io.devrig.plugin.internal.descriptor.DescriptorReader}
 * parses it strictly and checks it against the bundle (name and version match the
 * bundle's, referenced schemas and prompt templates exist and parse, permissions cover
 * the declared capabilities); every problem is reported with its JSON path. The JSON
 * Schema is published as {@code OSGI-INF/devrig/plugin-descriptor.schema.json}.
 * Not exported.
 */
package io.devrig.plugin.internal.descriptor;
