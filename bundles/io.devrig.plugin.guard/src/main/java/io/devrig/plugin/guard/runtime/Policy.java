package io.devrig.plugin.guard.runtime;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.osgi.annotation.versioning.ProviderType;

/**
 * What the checks ask the guard: a plugin's grants, its own folder, DevRig's protected
 * folders and which bundle a class belongs to. Installed once by the guard
 * ({@link Checks#install}); plugins cannot install one.
 */
@ProviderType
public interface Policy {

    /** The permissions the plugin holds now; empty when it holds none or is unknown. */
    Set<String> granted(String pluginId);

    /** The plugin's own folder (real path, created), or null when there is none. */
    Path ownFolder(String pluginId);

    /** Folders no plugin may read or write outside its own folder (real paths). */
    List<Path> protectedRoots();

    /** Whether the class was loaded by the plugin's own bundle class loader. */
    boolean ownClass(String pluginId, Class<?> type);

    /** Whether the class belongs to a bundle other than the plugin's. */
    boolean otherBundle(String pluginId, Class<?> type);

    /** Records (and logs once per site) a refusal; {@code message} is the exception's. */
    void refused(String pluginId, String call, String site, String message);
}
