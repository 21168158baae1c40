package io.devrig.action.file.internal;

import io.devrig.action.file.roots.FileRoots;
import io.devrig.action.file.roots.RootRule;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes the admin's file roots ({@value FileConfig#PID}, {@code roots}) as the
 * {@link FileRoots} service. A changed configuration replaces the rule in place: the service
 * stays registered, so the actions using it are not restarted.
 */
@Component(service = FileRoots.class, configurationPid = FileConfig.PID)
@Designate(ocd = FileConfig.class)
public final class FileRootsComponent implements FileRoots {

    static final String CONFIG_HINT = "configuration " + FileConfig.PID + ", key roots";

    private static final Logger LOG = LoggerFactory.getLogger(FileRootsComponent.class);
    private static final Pattern PROPERTY = Pattern.compile("\\$\\{([A-Za-z0-9_.-]+)}");

    private final List<Path> protectedFolders;
    private volatile RootRule rule;

    @Activate
    public FileRootsComponent(BundleContext context, FileConfig config) {
        this(protectedFolders(context::getProperty), config);
    }

    /** For tests: the protected folders given. */
    FileRootsComponent(List<Path> protectedFolders, FileConfig config) {
        this.protectedFolders = List.copyOf(protectedFolders);
        modified(config);
    }

    @Modified
    void modified(FileConfig config) {
        List<Path> roots = roots(config.roots(), System::getProperty);
        rule = new RootRule(roots, protectedFolders, CONFIG_HINT);
        if (roots.isEmpty()) {
            LOG.info("no file roots configured ({}): file actions and shell.exec refuse every path", CONFIG_HINT);
        } else {
            LOG.info("file roots: {}", roots);
        }
    }

    @Override
    public List<Path> roots() {
        return rule.roots();
    }

    @Override
    public Path confine(String path) {
        return rule.confine(path);
    }

    /** DevRig's data and etc folders, from Karaf's properties (those that are set). */
    static List<Path> protectedFolders(UnaryOperator<String> properties) {
        Set<Path> folders = new LinkedHashSet<>();
        add(folders, properties.apply("karaf.data"), null);
        add(folders, properties.apply("karaf.etc"), null);
        for (String base : new String[] {properties.apply("karaf.home"), properties.apply("karaf.base")}) {
            add(folders, base, "data");
            add(folders, base, "etc");
        }
        return List.copyOf(folders);
    }

    private static void add(Set<Path> folders, String dir, String child) {
        if (dir != null && !dir.isBlank()) {
            Path p = Path.of(dir);
            folders.add((child == null ? p : p.resolve(child)).toAbsolutePath().normalize());
        }
    }

    /**
     * The configured roots with {@code ${property}} and a leading {@code ~} expanded; entries
     * that are blank, relative or name an unknown property are logged and left out.
     */
    static List<Path> roots(String[] entries, UnaryOperator<String> properties) {
        List<Path> roots = new ArrayList<>();
        for (String entry : entries == null ? new String[0] : entries) {
            for (String one : entry.split(",")) {
                String text = one.trim();
                if (text.isEmpty()) {
                    continue;
                }
                String expanded = expand(text, properties);
                try {
                    Path p = expanded == null ? null : Path.of(expanded);
                    if (p == null || !p.isAbsolute()) {
                        LOG.warn("file root '{}' ignored: not an absolute path ({})", text, CONFIG_HINT);
                    } else {
                        roots.add(p.normalize());
                    }
                } catch (InvalidPathException e) {
                    LOG.warn("file root '{}' ignored: not a valid path ({})", text, CONFIG_HINT);
                }
            }
        }
        return roots;
    }

    private static String expand(String text, UnaryOperator<String> properties) {
        String s = text;
        if (s.equals("~") || s.startsWith("~/")) {
            String home = properties.apply("user.home");
            if (home == null) {
                return null;
            }
            s = home + s.substring(1);
        }
        Matcher m = PROPERTY.matcher(s);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = properties.apply(m.group(1));
            if (value == null) {
                return null;
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }
}
