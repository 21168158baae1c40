package io.devrig.api.plugin;

import java.util.List;
import java.util.Set;

/**
 * A plugin the catalog offers.
 *
 * @param name plugin id (bundle symbolic name)
 * @param version version offered
 * @param displayName shown to users
 * @param description what it does
 * @param category catalog category
 * @param tags free tags
 * @param permissions permissions it will ask for
 * @param location where its bundle comes from ({@code mvn:...}, {@code file:...})
 * @param installed whether a bundle with this symbolic name is installed now
 */
public record CatalogEntry(String name, String version, String displayName, String description, String category,
        List<String> tags, Set<String> permissions, String location, boolean installed) {
}
