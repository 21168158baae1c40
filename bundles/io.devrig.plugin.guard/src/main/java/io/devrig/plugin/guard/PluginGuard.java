package io.devrig.plugin.guard;

import java.util.List;
import java.util.Set;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The sandbox around plugin bundles (bundles with a {@code DevRig-Plugin} header). A plugin
 * bundle resolves, and so can run code, only while it is admitted; the plugin host admits a
 * plugin when it becomes active and bars it otherwise (awaiting approval, disabled, error,
 * uninstalled). Admissions survive a restart, so an approved plugin starts at boot before the
 * host has looked at it again.
 */
@ProviderType
public interface PluginGuard {

    /**
     * Lets the plugin's bundle resolve and start. {@code granted} are the permissions its
     * JDK calls are checked against (e.g. {@code process:git}, {@code files:read}); calling
     * again replaces them.
     */
    void admit(String pluginId, Set<String> granted);

    /**
     * Keeps the plugin's bundle from resolving from now on. The caller stops the bundle and
     * refreshes it so a bundle resolved earlier is unresolved.
     */
    void bar(String pluginId);

    /**
     * Why the bundle could not wire as a plugin, or null: the packages (and required bundles,
     * fragment hosts) it asks for that plugins may not use, e.g.
     * {@code imports org.osgi.service.cm, which plugins may not use (allowed: ...)}. The host
     * shows it as the plugin's error.
     */
    String wiringProblem(org.osgi.framework.Bundle bundle);

    /** Whether the plugin is admitted now. */
    boolean admitted(String pluginId);

    /**
     * What the guard refused for the plugin since it was last admitted, newest first (the last
     * 50), each the refusal's message naming the call and its site, e.g.
     * {@code plugin com.acme may not call System.exit (at com.acme.Foo.run(Foo.java:42))}.
     */
    List<String> refusals(String pluginId);
}
