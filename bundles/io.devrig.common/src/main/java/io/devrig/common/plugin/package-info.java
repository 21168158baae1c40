/**
 * The plugin descriptor: {@code OSGI-INF/devrig/plugin.json} inside a plugin bundle,
 * named by its {@code DevRig-Plugin} header. {@link io.devrig.common.plugin.DescriptorReader}
 * parses it strictly and checks it against the bundle (name and version match the
 * bundle's, referenced schemas and prompt templates exist and parse, permissions cover
 * the declared capabilities); every problem is reported with its JSON path. The JSON
 * Schema is published as {@code OSGI-INF/devrig/plugin-descriptor.schema.json}.
 * Here rather than in the plugin host so that the host and the plugin SDK's build-time
 * check ({@code sdk/devrig-plugin-testkit}) read descriptors with the same code.
 */
@Version("1.0.0")
package io.devrig.common.plugin;

import org.osgi.annotation.versioning.Version;
