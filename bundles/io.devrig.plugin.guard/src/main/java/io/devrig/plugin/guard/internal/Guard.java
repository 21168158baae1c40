package io.devrig.plugin.guard.internal;

import io.devrig.plugin.guard.PreApprovals;

import io.devrig.plugin.guard.PluginGuard;
import io.devrig.plugin.guard.runtime.Policy;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleReference;
import org.osgi.framework.hooks.resolver.ResolverHook;
import org.osgi.framework.hooks.resolver.ResolverHookFactory;
import org.osgi.framework.hooks.weaving.WeavingException;
import org.osgi.framework.hooks.weaving.WeavingHook;
import org.osgi.framework.hooks.weaving.WovenClass;
import org.osgi.framework.namespace.BundleNamespace;
import org.osgi.framework.namespace.HostNamespace;
import org.osgi.framework.namespace.PackageNamespace;
import org.osgi.framework.wiring.BundleCapability;
import org.osgi.framework.wiring.BundleRequirement;
import org.osgi.framework.wiring.BundleRevision;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The guard: admissions (persisted), pre-approval, the resolver hook (who resolves, what a
 * plugin wires to), the weaving hook (every plugin class checked as it loads) and the
 * policy the woven checks ask.
 */
final class Guard implements PluginGuard, Policy, ResolverHookFactory, WeavingHook {

    static final String PLUGIN_HEADER = "DevRig-Plugin";
    static final String DEFAULT_DESCRIPTOR = "OSGI-INF/devrig/plugin.json";
    static final String DYNAMIC_IMPORT = PackageRules.RUNTIME + ";version=\"[1.0,2)\";bundle-symbolic-name="
            + PackageRules.GUARD_BSN;
    static final int MAX_REFUSALS = 50;
    private static final Pattern SAFE_ID = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9._-]*");
    private static final Logger LOG = LoggerFactory.getLogger(Guard.class);

    private final BundleContext context;
    private final AdmissionStore store;
    private final Supplier<PreApprovals> preApprovals;
    final PackageRules rules = new PackageRules();
    private final Map<String, Set<String>> admitted = new ConcurrentHashMap<>();
    private final Map<String, Deque<String>> refusals = new ConcurrentHashMap<>();
    private final Set<String> logged = ConcurrentHashMap.newKeySet();
    private final Map<String, Path> ownFolders = new ConcurrentHashMap<>();
    private final Map<BundleRevision, Optional<String>> pluginIds = Collections.synchronizedMap(new WeakHashMap<>());
    private final Path pluginsRoot;
    private final List<Path> protectedRoots;

    Guard(BundleContext context, AdmissionStore store, Supplier<PreApprovals> preApprovals) {
        this.context = context;
        this.store = store;
        this.preApprovals = preApprovals;
        try {
            admitted.putAll(store.load());
        } catch (RuntimeException e) {
            // fail closed: nothing admitted (the host admits its active plugins again); the
            // hooks must still come up, or plugins would resolve with no guard at all
            LOG.error("cannot read the plugin admissions, starting with none: {}", e.toString());
        }
        String data = context.getProperty("karaf.data");
        pluginsRoot = data == null ? null : Path.of(data, "devrig", "plugins").toAbsolutePath().normalize();
        Set<Path> roots = new LinkedHashSet<>();
        addRoot(roots, data);
        addRoot(roots, context.getProperty("karaf.etc"));
        String home = context.getProperty("karaf.home");
        addRoot(roots, home == null ? null : Path.of(home, "etc").toString());
        String base = context.getProperty("karaf.base");
        addRoot(roots, base == null ? null : Path.of(base, "etc").toString());
        protectedRoots = List.copyOf(roots);
    }

    private static void addRoot(Set<Path> roots, String dir) {
        if (dir != null && !dir.isBlank()) {
            roots.add(real(Path.of(dir).toAbsolutePath().normalize()));
        }
    }

    private static Path real(Path p) {
        try {
            return p.toRealPath();
        } catch (IOException e) {
            return p;
        }
    }

    // ---- PluginGuard ----

    @Override
    public void admit(String pluginId, Set<String> granted) {
        refusals.remove(pluginId);
        logged.removeIf(k -> k.startsWith(pluginId + "|"));
        synchronized (store) {
            admitted.put(pluginId, Set.copyOf(granted));
            store.save(admitted);
        }
    }

    @Override
    public void bar(String pluginId) {
        synchronized (store) {
            if (admitted.remove(pluginId) != null) {
                store.save(admitted);
            }
        }
    }

    @Override
    public String wiringProblem(Bundle bundle) {
        return rules.problem(bundle, context.getBundle(0), List.of(context.getBundles()));
    }

    @Override
    public boolean admitted(String pluginId) {
        return admitted.containsKey(pluginId);
    }

    @Override
    public List<String> refusals(String pluginId) {
        Deque<String> list = refusals.get(pluginId);
        if (list == null) {
            return List.of();
        }
        synchronized (list) {
            return List.copyOf(list);
        }
    }

    // ---- Policy (asked by the woven checks) ----

    @Override
    public Set<String> granted(String pluginId) {
        return admitted.getOrDefault(pluginId, Set.of());
    }

    @Override
    public Path ownFolder(String pluginId) {
        if (pluginsRoot == null || !SAFE_ID.matcher(pluginId).matches()) {
            return null;
        }
        return ownFolders.computeIfAbsent(pluginId, id -> {
            Path dir = pluginsRoot.resolve(id);
            try {
                Files.createDirectories(dir);   // created on demand, the first time a check asks
                return dir.toRealPath();
            } catch (IOException e) {
                LOG.warn("cannot create the folder of plugin {}: {}", id, e.toString());
                return dir;
            }
        });
    }

    @Override
    public List<Path> protectedRoots() {
        return protectedRoots;
    }

    @Override
    public boolean ownClass(String pluginId, Class<?> type) {
        return type.getClassLoader() instanceof BundleReference ref && ref.getBundle() != null
                && pluginId.equals(ref.getBundle().getSymbolicName());
    }

    @Override
    public boolean otherBundle(String pluginId, Class<?> type) {
        return type.getClassLoader() instanceof BundleReference ref
                && (ref.getBundle() == null || !pluginId.equals(ref.getBundle().getSymbolicName()));
    }

    @Override
    public void refused(String pluginId, String call, String site, String message) {
        Deque<String> list = refusals.computeIfAbsent(pluginId, k -> new ArrayDeque<>());
        synchronized (list) {
            list.addFirst(message);
            while (list.size() > MAX_REFUSALS) {
                list.removeLast();
            }
        }
        if (logged.size() < 10_000 && logged.add(pluginId + "|" + call + "|" + site)) {
            LOG.warn("{}", message);
        }
    }

    // ---- which bundles are plugins ----

    /** The plugin id (symbolic name) when the revision's bundle is a plugin, else null. */
    String pluginId(BundleRevision revision) {
        if (revision == null) {
            return null;
        }
        return pluginIds.computeIfAbsent(revision, r -> Optional.ofNullable(pluginId(r.getBundle()))).orElse(null);
    }

    static String pluginId(Bundle bundle) {
        if (bundle == null || bundle.getBundleId() == 0) {
            return null;
        }
        return bundle.getHeaders("").get(PLUGIN_HEADER) != null ? bundle.getSymbolicName() : null;
    }

    /** Admitted, or pre-approved for everything its descriptor asks (then admitted now). */
    boolean mayResolve(String pluginId, Bundle bundle) {
        if (admitted(pluginId)) {
            return true;
        }
        Set<String> approved;
        try {
            approved = preApprovals.get().approved(pluginId);
        } catch (RuntimeException | LinkageError e) {
            LOG.warn("cannot read the pre-approved plugins: {}", e.toString());
            return false;
        }
        if (approved.isEmpty()) {
            return false;
        }
        Set<String> wanted = descriptorPermissions(bundle);
        if (wanted == null || !approved.containsAll(wanted)) {
            return false;
        }
        LOG.info("plugin {} is pre-approved for {}: admitted", pluginId, wanted);
        admit(pluginId, wanted);
        return true;
    }

    /** The descriptor's permissions, read as a bundle entry (no class loading); null when unreadable. */
    static Set<String> descriptorPermissions(Bundle bundle) {
        String path = bundle.getHeaders("").get(PLUGIN_HEADER);
        path = path == null || path.isBlank() ? DEFAULT_DESCRIPTOR : path.strip();
        URL entry = bundle.getEntry(path);
        if (entry == null) {
            return null;
        }
        try (InputStream in = entry.openStream()) {
            Object json = MiniJson.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            if (!(json instanceof Map<?, ?> map)) {
                return null;
            }
            Object perms = map.get("permissions");
            if (perms == null) {
                return Set.of();
            }
            if (!(perms instanceof List<?> list)) {
                return null;
            }
            Set<String> out = new TreeSet<>();
            for (Object p : list) {
                if (!(p instanceof String s)) {
                    return null;
                }
                out.add(s);
            }
            return out;
        } catch (IOException | IllegalArgumentException e) {
            return null;
        }
    }

    // ---- resolver hook ----

    @Override
    public ResolverHook begin(Collection<BundleRevision> triggers) {
        // one decision per plugin revision and resolution: filterMatches comes once per
        // requirement, and an unadmitted plugin's decision reads its descriptor and Config Admin
        Map<BundleRevision, Boolean> admittedNow = new ConcurrentHashMap<>();
        return new ResolverHook() {
            @Override
            public void filterResolvable(Collection<BundleRevision> candidates) {
                // Not here: after filterResolvable removes a revision, Felix 7.0.5 takes providers
                // only from the remaining unresolved revisions, so one barred plugin would keep
                // every other bundle from resolving (StatefulResolver.findProvidersInternal).
                // An unadmitted plugin gets no candidate for any requirement instead (filter).
            }

            @Override
            public void filterSingletonCollisions(BundleCapability singleton, Collection<BundleCapability> collisions) {
            }

            @Override
            public void filterMatches(BundleRequirement requirement, Collection<BundleCapability> candidates) {
                filter(requirement, candidates, admittedNow);
            }

            @Override
            public void end() {
            }
        };
    }

    void filter(BundleRequirement requirement, Collection<BundleCapability> candidates,
            Map<BundleRevision, Boolean> admittedNow) {
        BundleRevision requirer = requirement.getRevision();
        String namespace = requirement.getNamespace();
        if (HostNamespace.HOST_NAMESPACE.equals(namespace)) {
            // a plugin fragment only on its own plugin; no other fragment on a plugin
            boolean fragmentIsPlugin = pluginId(requirer) != null;
            candidates.removeIf(c -> {
                boolean hostIsPlugin = pluginId(c.getRevision()) != null;
                if (!fragmentIsPlugin && !hostIsPlugin) {
                    return false;
                }
                return !hostIsPlugin || !c.getRevision().getSymbolicName().equals(requirer.getSymbolicName());
            });
            return;
        }
        String plugin = pluginId(requirer);
        if (plugin == null) {
            return;
        }
        Bundle bundle = requirer.getBundle();
        if (!admittedNow.computeIfAbsent(requirer, r -> mayResolve(plugin, bundle))) {
            candidates.clear(); // not admitted: none of its requirements can be met, so it does not resolve
            return;
        }
        if (PackageNamespace.PACKAGE_NAMESPACE.equals(namespace)) {
            candidates.removeIf(c -> !rules.allowed(String.valueOf(c.getAttributes().get(namespace)), c.getRevision(), bundle));
        } else if (BundleNamespace.BUNDLE_NAMESPACE.equals(namespace)) {
            candidates.removeIf(c -> !rules.allowedBundle(c.getRevision(), bundle));
        }
    }

    // ---- weaving hook ----

    @Override
    public void weave(WovenClass woven) {
        String plugin = pluginId(woven.getBundleWiring().getRevision());
        if (plugin == null) {
            return;
        }
        if (!admitted(plugin)) {
            // second wall behind the resolver hook (a plugin without requirements resolves
            // whatever the hook says): no class of an unadmitted plugin loads
            String message = "plugin " + plugin + " is not approved: its class " + woven.getClassName()
                    + " does not load until it is";
            refused(plugin, "load", woven.getClassName(), message);
            throw new WeavingException(message);
        }
        try {
            byte[] bytes = ClassGuard.weave(woven.getBytes(), plugin);
            if (bytes != null) {
                woven.setBytes(bytes);
                woven.getDynamicImports().add(DYNAMIC_IMPORT);
            }
        } catch (ClassGuard.Refused r) {
            refused(plugin, r.call, r.site, r.getMessage());
            throw new WeavingException(r.getMessage());
        } catch (RuntimeException | LinkageError | StackOverflowError e) {
            // fail closed: a class the guard could not check does not load (a WeavingException
            // keeps this hook registered; any other exception would get it blacklisted)
            String message = "plugin " + plugin + ": class " + woven.getClassName() + " could not be checked: " + e;
            refused(plugin, "weave", woven.getClassName(), message);
            throw new WeavingException(message, e);
        }
    }

    /** Plugin bundles resolved now (at the guard's start: resolved without its hooks). */
    List<Bundle> resolvedPlugins() {
        List<Bundle> out = new ArrayList<>();
        for (Bundle b : context.getBundles()) {
            if (pluginId(b) != null
                    && (b.getState() & (Bundle.RESOLVED | Bundle.STARTING | Bundle.ACTIVE | Bundle.STOPPING)) != 0) {
                out.add(b);
            }
        }
        return out;
    }

    /** Used by the ManagedService. */
    void allowedPackages(Object value) {
        rules.extra(PackageRules.parseList(value));
    }

    /** For tests: the admissions as the guard holds them. */
    Map<String, Set<String>> admissions() {
        return new HashMap<>(admitted);
    }
}
