package io.devrig.api.plugin;

import java.util.List;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The plugins available to install, read from the catalog index (see the catalog
 * bundle's README for its format and where it is configured).
 */
@ProviderType
public interface PluginCatalog {

    /**
     * Entries matching every given filter, sorted by name.
     *
     * @param text matched case-insensitively against name, display name, description and tags; null or blank for all
     * @param tag exact tag, or null
     * @param category exact category, or null
     */
    List<CatalogEntry> search(String text, String tag, String category);

    /**
     * Installs and starts the plugin's bundle from its catalog location. The plugin host then
     * validates it; it becomes active, or waits for approval of its permissions.
     *
     * @throws io.devrig.api.error.DevRigException {@code NOT_FOUND} for an unknown name,
     *         {@code CONFLICT} when it is already installed, {@code PLUGIN_INSTALL_FAILED} when
     *         the bundle cannot be fetched or installed (the message says why)
     */
    CatalogEntry install(String name);
}
