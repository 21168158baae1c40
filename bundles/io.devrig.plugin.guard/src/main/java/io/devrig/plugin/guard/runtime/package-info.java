/**
 * The call-site checks the plugin guard weaves into plugin classes. Only woven code calls
 * them: a plugin class that references this package itself is refused as it loads, and
 * reflection into it is refused, so a plugin cannot call a check under another plugin's id.
 */
@org.osgi.annotation.versioning.Version("1.0.0")
package io.devrig.plugin.guard.runtime;
