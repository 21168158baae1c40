package io.devrig.plugin.internal.host;

import java.util.Set;

/**
 * What the lifecycle tells the sandbox ({@code io.devrig.plugin.guard.PluginGuard} in
 * production, a recorder in unit tests): which plugins may resolve and run, with which grants.
 */
interface Admission {

    /** Lets the plugin's bundle resolve; its JDK calls are checked against {@code granted}. */
    void admit(String pluginId, Set<String> granted);

    /** Keeps the plugin's bundle from resolving from now on. */
    void bar(String pluginId);
}
