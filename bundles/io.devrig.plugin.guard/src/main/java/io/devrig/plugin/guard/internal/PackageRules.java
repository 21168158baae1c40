package io.devrig.plugin.guard.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.osgi.framework.Bundle;
import org.osgi.framework.Constants;
import org.osgi.framework.namespace.BundleNamespace;
import org.osgi.framework.namespace.HostNamespace;
import org.osgi.framework.namespace.PackageNamespace;
import org.osgi.framework.wiring.BundleCapability;
import org.osgi.framework.wiring.BundleRequirement;
import org.osgi.framework.wiring.BundleRevision;

/**
 * Which packages a plugin bundle may wire to. Entries are exact package names or
 * {@code prefix.*} (the prefix's subpackages); {@code java.*} and JDK {@code javax.*} count
 * only from the system bundle, the guard's runtime package only from the guard, and a plugin
 * may always import what it exports itself.
 */
final class PackageRules {

    static final String RUNTIME = "io.devrig.plugin.guard.runtime";
    static final String GUARD_BSN = "io.devrig.plugin.guard";

    /** The documented list (README "Allowed packages"); keep both in step. */
    static final List<String> DEFAULT = List.of(
            "io.devrig.api.action", "io.devrig.api.ai", "io.devrig.api.condition", "io.devrig.api.error",
            "io.devrig.api.http", "io.devrig.api.id", "io.devrig.api.inbox", "io.devrig.api.plugin.sdk",
            "io.devrig.api.secrets", "io.devrig.api.sync", "io.devrig.api.template", "io.devrig.api.time",
            "io.devrig.api.trigger", "io.devrig.common.json", "io.devrig.common.path", "com.fasterxml.jackson.*",
            "org.slf4j", "org.osgi.service.event", "javax.servlet", "javax.servlet.http", RUNTIME);

    private volatile List<String> extra = List.of();

    /** The admin's additions (configuration io.devrig.plugin.guard, allowedPackages). */
    void extra(Collection<String> packages) {
        extra = List.copyOf(packages);
    }

    List<String> extra() {
        return extra;
    }

    static List<String> parseList(Object value) {
        List<String> out = new ArrayList<>();
        if (value instanceof String[] array) {
            for (String s : array) {
                out.addAll(parseList(s));
            }
        } else if (value instanceof Collection<?> c) {
            for (Object o : c) {
                out.addAll(parseList(o));
            }
        } else if (value != null) {
            Arrays.stream(String.valueOf(value).split("[,;\\s]+")).map(String::strip).filter(p -> !p.isEmpty())
                    .forEach(out::add);
        }
        return out;
    }

    private static boolean matches(String entry, String pkg) {
        return entry.endsWith(".*") ? pkg.startsWith(entry.substring(0, entry.length() - 1)) : entry.equals(pkg);
    }

    boolean listed(String pkg) {
        for (String e : DEFAULT) {
            if (matches(e, pkg)) {
                return true;
            }
        }
        for (String e : extra) {
            if (matches(e, pkg)) {
                return true;
            }
        }
        return false;
    }

    /** Whether a plugin bundle may wire to {@code pkg} exported by {@code provider}. */
    boolean allowed(String pkg, BundleRevision provider, Bundle requirer) {
        Bundle from = provider.getBundle();
        if (from != null && from.equals(requirer)) {
            return true;   // its own export, imported back (substitutable export)
        }
        boolean system = from != null && from.getBundleId() == 0;
        if (pkg.startsWith("java.")) {
            return system;
        }
        if (RUNTIME.equals(pkg)) {
            return GUARD_BSN.equals(provider.getSymbolicName());   // no one else may pose as the checks
        }
        if (pkg.startsWith("javax.") && system) {
            return true;   // JDK javax.* as the system bundle exports them
        }
        return listed(pkg);
    }

    /** Require-Bundle: only a bundle every export of which a plugin may use. */
    boolean allowedBundle(BundleRevision provider, Bundle requirer) {
        for (BundleCapability export : provider.getDeclaredCapabilities(PackageNamespace.PACKAGE_NAMESPACE)) {
            if (!allowed(String.valueOf(export.getAttributes().get(PackageNamespace.PACKAGE_NAMESPACE)), provider, requirer)) {
                return false;
            }
        }
        return true;
    }

    private static final Pattern PACKAGE = Pattern.compile("\\(osgi\\.wiring\\.package=([^)]*)\\)");
    private static final Pattern BUNDLE = Pattern.compile("\\(osgi\\.wiring\\.bundle=([^)]*)\\)");
    private static final Pattern HOST = Pattern.compile("\\(osgi\\.wiring\\.host=([^)]*)\\)");

    private static String name(BundleRequirement r, Pattern p) {
        Matcher m = p.matcher(String.valueOf(r.getDirectives().get(Constants.FILTER_DIRECTIVE)));
        return m.find() ? m.group(1) : "?";
    }

    /** What the bundle's mandatory requirements ask for that a plugin may not have; null when nothing. */
    String problem(Bundle bundle, Bundle systemBundle, Collection<Bundle> installed) {
        BundleRevision revision = bundle.adapt(BundleRevision.class);
        if (revision == null) {
            return null;
        }
        List<String> exportsOwn = new ArrayList<>();
        for (BundleCapability c : revision.getDeclaredCapabilities(PackageNamespace.PACKAGE_NAMESPACE)) {
            exportsOwn.add(String.valueOf(c.getAttributes().get(PackageNamespace.PACKAGE_NAMESPACE)));
        }
        List<String> systemExports = new ArrayList<>();
        BundleRevision sys = systemBundle.adapt(BundleRevision.class);
        for (BundleCapability c : sys.getDeclaredCapabilities(PackageNamespace.PACKAGE_NAMESPACE)) {
            systemExports.add(String.valueOf(c.getAttributes().get(PackageNamespace.PACKAGE_NAMESPACE)));
        }
        List<String> imports = new ArrayList<>();
        List<String> bundles = new ArrayList<>();
        List<String> hosts = new ArrayList<>();
        for (BundleRequirement r : revision.getDeclaredRequirements(null)) {
            String resolution = r.getDirectives().get(Constants.RESOLUTION_DIRECTIVE);
            if (Constants.RESOLUTION_OPTIONAL.equals(resolution) || PackageNamespace.RESOLUTION_DYNAMIC.equals(resolution)) {
                continue;   // not wired when not allowed; the plugin copes without it
            }
            switch (r.getNamespace()) {
                case PackageNamespace.PACKAGE_NAMESPACE -> {
                    String pkg = name(r, PACKAGE);
                    boolean ok = exportsOwn.contains(pkg) || RUNTIME.equals(pkg)
                            || ((pkg.startsWith("java.") || pkg.startsWith("javax.")) && systemExports.contains(pkg))
                            || (pkg.startsWith("java.") && systemExports.isEmpty())
                            || (!pkg.startsWith("java.") && listed(pkg));
                    if (!ok) {
                        imports.add(pkg);
                    }
                }
                case BundleNamespace.BUNDLE_NAMESPACE -> {
                    String bsn = name(r, BUNDLE);
                    boolean ok = false;
                    for (Bundle b : installed) {
                        BundleRevision br = b.adapt(BundleRevision.class);
                        ok |= bsn.equals(b.getSymbolicName()) && br != null && allowedBundle(br, bundle);
                    }
                    if (!ok) {
                        bundles.add(bsn);
                    }
                }
                case HostNamespace.HOST_NAMESPACE -> {
                    String host = name(r, HOST);
                    if (!host.equals(bundle.getSymbolicName())) {
                        hosts.add(host);
                    }
                }
                default -> { }
            }
        }
        List<String> parts = new ArrayList<>();
        if (!imports.isEmpty()) {
            parts.add("imports " + String.join(", ", imports));
        }
        if (!bundles.isEmpty()) {
            parts.add("requires bundle " + String.join(", ", bundles));
        }
        if (!hosts.isEmpty()) {
            parts.add("attaches to " + String.join(", ", hosts));
        }
        if (parts.isEmpty()) {
            return null;
        }
        return String.join("; ", parts) + ", which plugins may not use (allowed: " + describe()
                + "; see io.devrig.plugin.guard's README)";
    }

    String describe() {
        List<String> all = new ArrayList<>(List.of("java.*", "JDK javax.*"));
        all.addAll(DEFAULT);
        all.addAll(extra);
        return String.join(", ", all);
    }
}
