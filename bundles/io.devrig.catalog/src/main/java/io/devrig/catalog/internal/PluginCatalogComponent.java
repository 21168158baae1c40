package io.devrig.catalog.internal;

import io.devrig.api.health.HealthCheck;
import io.devrig.api.health.HealthResult;
import io.devrig.api.plugin.CatalogEntry;
import io.devrig.api.plugin.PluginCatalog;
import java.io.File;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.metatype.annotations.Designate;

/**
 * Publishes the {@link Catalog} as {@link PluginCatalog} and as the {@code catalog} health
 * check, with the index files of PID {@code io.devrig.catalog}. Immediate, so a bad index is
 * logged at start rather than at the first search. A configuration change re-creates the
 * component (constructor injection, no modified method).
 */
@Component(immediate = true, service = {PluginCatalog.class, HealthCheck.class}, configurationPid = "io.devrig.catalog")
@Designate(ocd = CatalogConfig.class)
public final class PluginCatalogComponent implements PluginCatalog, HealthCheck {

    static final String DEFAULT_INDEX = "devrig-catalog.json";

    private static final Pattern PROPERTY = Pattern.compile("\\$\\{([^}]+)}");
    private static final Pattern SCHEME = Pattern.compile("([A-Za-z][A-Za-z0-9+.-]+):(.*)", Pattern.DOTALL);

    private final Catalog catalog;

    @Activate
    public PluginCatalogComponent(BundleContext context, CatalogConfig config) {
        this(new Catalog(sources(config.indexes(), context::getProperty, context::getDataFile),
                new OsgiBundleInstaller(context)));
    }

    PluginCatalogComponent(Catalog catalog) {
        this.catalog = catalog;
        catalog.refresh();
    }

    /**
     * The configured indexes in order; none configured: {@code devrig-catalog.json} in Karaf's
     * etc, else in this bundle's data area, and then a missing file is an empty catalog. A
     * setting that names no local file becomes an unreadable index (health DOWN) instead of
     * failing activation, so the other indexes still work.
     */
    static List<Catalog.Source> sources(String[] configured, Function<String, String> properties,
            Function<String, File> dataFile) {
        List<String> values = new ArrayList<>();
        if (configured != null) {
            for (String value : configured) {
                // a .cfg file has no arrays: "a.json, b.json" arrives as one string
                for (String part : value == null ? new String[0] : value.split(",")) {
                    if (!part.isBlank()) {
                        values.add(part.trim());
                    }
                }
            }
        }
        String etc = properties.apply("karaf.etc");
        boolean hasEtc = etc != null && !etc.isBlank();
        if (values.isEmpty()) {
            if (hasEtc) {
                return List.of(Catalog.Source.file("${karaf.etc}/" + DEFAULT_INDEX, Path.of(etc, DEFAULT_INDEX), true));
            }
            File data = dataFile.apply(DEFAULT_INDEX);
            return List.of(data == null
                    ? Catalog.Source.invalid("(default)", "no karaf.etc and no bundle data area: set indexes in "
                            + "io.devrig.catalog")
                    : Catalog.Source.file(DEFAULT_INDEX, data.toPath(), true));
        }
        Path base = hasEtc ? Path.of(etc) : Path.of("").toAbsolutePath();
        Map<Object, Catalog.Source> sources = new LinkedHashMap<>();
        for (String value : values) {
            Catalog.Source source = source(value, properties, base);
            // the same file twice would report each of its entries as a duplicate of itself
            sources.putIfAbsent(source.file() == null ? value : source.file(), source);
        }
        return List.copyOf(sources.values());
    }

    private static Catalog.Source source(String value, Function<String, String> properties, Path base) {
        StringBuilder expanded = new StringBuilder();
        Matcher m = PROPERTY.matcher(value);
        while (m.find()) {
            String replacement = properties.apply(m.group(1));
            if (replacement == null) {
                return Catalog.Source.invalid(value, "unknown property ${" + m.group(1) + "}");
            }
            m.appendReplacement(expanded, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(expanded);
        String text = expanded.toString();
        try {
            Path path;
            Matcher scheme = SCHEME.matcher(text);
            // one letter is a Windows drive (C:\...), not a scheme
            if (scheme.matches()) {
                if (!scheme.group(1).toLowerCase(Locale.ROOT).equals("file")) {
                    return Catalog.Source.invalid(value, "only local files are read, and '" + text + "' is not a file "
                            + "path or file: URL; copy a remote catalog into a file (for example in etc/) and list that file");
                }
                URI uri = new URI(text);
                if (uri.isOpaque()) {
                    path = Path.of(uri.getSchemeSpecificPart());
                } else if (uri.getRawAuthority() != null && !uri.getRawAuthority().isEmpty()) {
                    return Catalog.Source.invalid(value, "names a host: only local files are read");
                } else {
                    path = Path.of(uri);
                }
            } else {
                path = Path.of(text);
            }
            return Catalog.Source.file(value, base.resolve(path), false);
        } catch (URISyntaxException | IllegalArgumentException e) {
            return Catalog.Source.invalid(value, "not a usable file path or file: URL: " + e.getMessage());
        }
    }

    @Override
    public List<CatalogEntry> search(String text, String tag, String category) {
        return catalog.search(text, tag, category);
    }

    @Override
    public CatalogEntry install(String name) {
        return catalog.install(name);
    }

    @Override
    public String name() {
        return "catalog";
    }

    @Override
    public HealthResult check() {
        return catalog.health();
    }

    @Override
    public String toString() {
        return "PluginCatalogComponent" + catalog.sources().stream()
                .map(s -> s.file() == null ? s.configured() : s.file().toString()).toList();
    }
}
