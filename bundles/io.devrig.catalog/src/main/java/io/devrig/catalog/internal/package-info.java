/**
 * The plugin catalog implementation: {@link io.devrig.catalog.internal.IndexReader} (one
 * JSON index file, checked entry by entry against the JSON Schema the bundle publishes at
 * {@code /schemas/catalog-index.schema.json}), {@link io.devrig.catalog.internal.Catalog} (the
 * configured indexes merged, re-read when a file changes, search and install over a
 * {@link io.devrig.catalog.internal.BundleInstaller}), {@link io.devrig.catalog.internal.OsgiBundleInstaller}
 * (that installer over the framework) and {@link io.devrig.catalog.internal.PluginCatalogComponent},
 * the DS component that publishes the catalog and its {@code catalog} health check. Plain Java
 * apart from the last two, so the rules are tested without a framework. Not exported.
 */
package io.devrig.catalog.internal;
