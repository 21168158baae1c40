package io.devrig.plugin.internal.host;

import java.util.Optional;

/** What the lifecycle needs of a plugin's bundle; an OSGi bundle in production, a fake in unit tests. */
interface PluginBundle {

    long bundleId();

    String symbolicName();

    /** The bundle version as text, e.g. {@code 1.2.0.SNAPSHOT}. */
    String version();

    String location();

    /** Changes whenever the bundle is updated: a refusal sticks to one revision of the code. */
    long lastModified();

    /** The DevRig-Plugin header: where the descriptor is. */
    String descriptorLocation();

    /** A file of the bundle, empty when absent. */
    Optional<byte[]> entry(String path);

    /** Null when the bundle is resolved (or resolves now); else why the framework cannot resolve it. */
    String resolutionProblem();

    boolean running();

    /** Starts the bundle without changing its persistent autostart setting. */
    void startTransient() throws Exception;

    /** Stops the bundle without changing its persistent autostart setting. */
    void stopTransient() throws Exception;

    /**
     * Whether the bundle has registered services (the host's hooks guard every service of a
     * plugin): registered before the host first judged the plugin, they were hidden from every
     * other bundle when their registration was announced, and not checked against the descriptor.
     */
    boolean hasGuardedServices();

    /**
     * Whether someone asked for the bundle to run (its persistent autostart setting, set by
     * {@code bundle:start}, a feature or the catalog even when the start failed because the
     * plugin was not admitted yet).
     */
    boolean persistentlyStarted();

    /**
     * Whether the framework's start level is at or above the bundle's. Below it (while the
     * framework starts up, or steps down to shut down) a start fails; the framework itself
     * starts a persistently started bundle once its level is reached.
     */
    boolean startLevelReached();

    /** Whether the bundle has a wiring now (resolved, starting, active or stopping). */
    boolean resolved();

    /**
     * Refreshes the bundle (asynchronously): a resolved bundle of a barred plugin is
     * unresolved, so nothing can load its classes until it is admitted again.
     */
    void refresh();

    /** Why the guard will not let the bundle wire as a plugin (packages plugins may not use), or null. */
    String wiringProblem();
}
