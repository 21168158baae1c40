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
     * Service property every capability service carries: {@code <kind>:<id>}, kind one of
     * {@code dataSource}, {@code action}, {@code aiPipeline}, {@code view}, {@code flowNode};
     * e.g. {@code action:github.merge_pr}. A plugin may only publish capabilities its
     * descriptor declares.
     */
    public static final String CAPABILITY_PROPERTY = "devrig.capability";

    /**
     * Capability namespace of the DevRig engine. A plugin states the engine versions it
     * works with as {@code Require-Capability: devrig.engine;filter:="(&(devrig.engine=core)(version>=1.0)(!(version>=2.0)))"},
     * and the OSGi resolver refuses it on any other engine.
     */
    public static final String ENGINE_NAMESPACE = "devrig.engine";

    /** The engine version this core provides. */
    public static final String ENGINE_VERSION = "1.0.0";
}
