package io.devrig.catalog.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Settings of the plugin catalog, PID {@code io.devrig.catalog} (etc/io.devrig.catalog.cfg). */
@ObjectClassDefinition(name = "DevRig plugin catalog",
        description = "The JSON index files that list the plugins available to install. Only local files are "
                + "read: a remote catalog arrives as a file (dropped in etc/ by an admin or a feature).")
public @interface CatalogConfig {

    @AttributeDefinition(name = "Index files",
            description = "Paths or file: URLs of catalog indexes, read in order (the first index listing a name "
                    + "wins). Relative paths are relative to the Karaf etc folder; ${karaf.etc} and other framework "
                    + "properties are expanded; in a .cfg file separate several with commas. Empty: "
                    + "devrig-catalog.json in the Karaf etc folder, which may be absent (an empty catalog).")
    String[] indexes() default {};
}
