package io.devrig.api.plugin;

/** Names plugins and the core agree on. */
public final class PluginConstants {

    private PluginConstants() {
    }

    /**
     * Bundle header that makes a bundle a DevRig plugin; its value is the path of the
     * descriptor in the bundle (normally {@code OSGI-INF/devrig/plugin.json}).
     */
    public static final String PLUGIN_HEADER = "DevRig-Plugin";

    /**
     * The one service property every capability service of a plugin carries:
     * {@code <kind>:<id>}, kind one of {@code dataSource}, {@code action}, {@code aiPipeline},
     * {@code view}, {@code flowNode}; e.g. {@code action:github.merge_pr}. It names the
     * descriptor entry the service implements; everything else about the capability (name,
     * description, schemas, defaults) comes from the descriptor. A plugin that publishes a
     * capability its descriptor does not declare, or an {@code ActionExecutor} or
     * {@code DataSource} without this property, is refused (state {@code error}); a declared
     * capability no service provides is listed in {@link PluginInfo#unavailable()}.
     */
    public static final String CAPABILITY_PROPERTY = "devrig.capability";

    /**
     * Capability namespace of the DevRig engine. A plugin states the engine versions it
     * works with as {@code Require-Capability: devrig.engine;filter:="(&(devrig.engine=core)(version>=1.0)(!(version>=2.0)))"},
     * and the OSGi resolver refuses it on any other engine.
     */
    public static final String ENGINE_NAMESPACE = "devrig.engine";

    /**
     * Event Admin topic the plugin host posts after it saved a plugin's settings
     * ({@link PluginAdmin#configure}), with the property {@code pluginId}. The sync scheduler
     * makes the plugin's data sources due at once (new settings are often the fix for a
     * failing source); the plugin's own components hear it through
     * {@link io.devrig.api.plugin.sdk.PluginSettings} listeners.
     */
    public static final String SETTINGS_CHANGED_TOPIC = "io/devrig/plugin/SETTINGS_CHANGED";

    /** The engine version this core provides. */
    public static final String ENGINE_VERSION = "1.0.0";
}
