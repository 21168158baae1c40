/**
 * The plugin guard as the plugin host sees it: which plugin bundles may resolve and run,
 * and with which granted permissions their JDK calls are checked. Core-only: plugin
 * bundles cannot wire to this package.
 */
@org.osgi.annotation.versioning.Version("0.2.0")
package io.devrig.plugin.guard;
