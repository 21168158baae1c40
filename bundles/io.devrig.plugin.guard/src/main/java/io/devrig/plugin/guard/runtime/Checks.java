package io.devrig.plugin.guard.runtime;

import io.devrig.plugin.guard.internal.GuardedCalls;
import java.io.File;
import java.io.IOException;
import java.lang.reflect.AccessibleObject;
import java.lang.reflect.Member;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.StringTokenizer;

/**
 * The checks woven in front of guarded JDK calls in plugin classes. Each takes the
 * operands that decide (a path, a command, a reflected member), then the plugin id, the
 * call's name and its site, all baked into the woven class as constants; each returns
 * normally when the call may go on and throws a {@link SecurityException} naming the
 * plugin, the call and the site when it may not.
 */
public final class Checks {

    public static final String NETWORK = "network:direct";
    public static final String FILES_READ = "files:read";
    public static final String FILES_WRITE = "files:write";
    public static final String PROCESS = "process:";

    /** Until the guard installs its policy (and after it stops): no grants, no own folder. */
    private static final Policy NONE = new Policy() {
        @Override public Set<String> granted(String pluginId) { return Set.of(); }
        @Override public Path ownFolder(String pluginId) { return null; }
        @Override public List<Path> protectedRoots() { return List.of(); }
        @Override public boolean ownClass(String pluginId, Class<?> type) { return false; }
        @Override public boolean otherBundle(String pluginId, Class<?> type) { return true; }
        @Override public void refused(String pluginId, String call, String site, String message) { }
    };

    private static volatile Policy policy = NONE;

    private Checks() {
    }

    /**
     * Installs the guard's policy (null: none). Only the guard bundle's own classes may
     * call this; the caller is checked once, here, not per check.
     */
    public static void install(Policy p) {
        Class<?> caller = StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE).getCallerClass();
        if (caller.getClassLoader() != Checks.class.getClassLoader()) {
            throw new SecurityException("only the plugin guard installs the policy of its checks");
        }
        policy = p == null ? NONE : p;
    }

    // ---- never allowed ----

    /** System.exit, Runtime.halt, native libraries, class definition, class loaders. */
    public static void never(String plugin, String call, String site) {
        throw refuse(plugin, call, site, "call " + call);
    }

    // ---- processes ----

    /** Runtime.exec (String, String[]), ProcessBuilder.start, ProcessBuilder.startPipeline. */
    public static void exec(Object command, String plugin, String call, String site) {
        if (command instanceof Collection<?> builders) {   // startPipeline(List<ProcessBuilder>)
            for (Object b : builders) {
                exec(b, plugin, call, site);
            }
            return;
        }
        String argv0 = argv0(command);
        if (argv0 == null) {
            return;   // no command: the call itself fails
        }
        String name = fileName(argv0);
        if (!policy.granted(plugin).contains(PROCESS + name)) {
            throw refuse(plugin, call, site, "run '" + name + "' without the permission " + PROCESS + name);
        }
    }

    private static String argv0(Object command) {
        if (command instanceof ProcessBuilder pb) {
            List<String> argv = pb.command();
            return argv.isEmpty() ? null : argv.get(0);
        } else if (command instanceof String[] argv) {
            return argv.length == 0 ? null : argv[0];
        } else if (command instanceof String line) {
            StringTokenizer tokens = new StringTokenizer(line);   // as Runtime.exec(String) splits it
            return tokens.hasMoreTokens() ? tokens.nextToken() : null;
        }
        return null;
    }

    private static String fileName(String argv0) {
        int slash = Math.max(argv0.lastIndexOf('/'), argv0.lastIndexOf('\\'));
        return argv0.substring(slash + 1);
    }

    // ---- network ----

    /** Sockets, channels, socket factories, java.net.http.HttpClient, com.sun HttpServer. */
    public static void network(String plugin, String call, String site) {
        if (!policy.granted(plugin).contains(NETWORK)) {
            throw refuse(plugin, call, site, "call " + call + " without the permission " + NETWORK);
        }
    }

    /**
     * URL.openConnection/openStream/getContent: the plugin's own resources (bundle URLs)
     * and JDK resources are fine, {@code file:} and {@code jar:file:} URLs are file reads,
     * anything else is the network.
     */
    public static void url(Object url, String plugin, String call, String site) {
        if (!(url instanceof URL u)) {
            return;
        }
        String protocol = u.getProtocol();
        switch (protocol) {
            case "bundle", "bundleentry", "bundleresource", "jrt" -> { }
            case "file" -> read(fileOf(u.toExternalForm()), plugin, call, site);
            case "jar" -> {
                String inner = u.getPath();
                int bang = inner.indexOf("!/");
                inner = bang < 0 ? inner : inner.substring(0, bang);
                if (inner.startsWith("file:")) {
                    read(fileOf(inner), plugin, call, site);
                } else if (!inner.startsWith("bundle")) {
                    network(plugin, call, site);
                }
            }
            default -> network(plugin, call, site);
        }
    }

    private static Object fileOf(String fileUrl) {
        try {
            return Path.of(new URI(fileUrl));
        } catch (URISyntaxException | IllegalArgumentException e) {
            return fileUrl.substring("file:".length());
        }
    }

    // ---- files ----

    /** Reading (or listing) a File, Path, String path or file: URI. */
    public static void read(Object path, String plugin, String call, String site) {
        file(path, false, plugin, call, site);
    }

    /** Writing, creating, deleting, renaming. */
    public static void write(Object path, String plugin, String call, String site) {
        file(path, true, plugin, call, site);
    }

    /** Only when the receiver is a File: calls on a plugin class that may extend File. */
    public static void readIfFile(Object receiver, String plugin, String call, String site) {
        if (receiver instanceof File) {
            file(receiver, false, plugin, call, site);
        }
    }

    /** Only when the receiver is a File: calls on a plugin class that may extend File. */
    public static void writeIfFile(Object receiver, String plugin, String call, String site) {
        if (receiver instanceof File) {
            file(receiver, true, plugin, call, site);
        }
    }

    /** Temporary files in the JDK's temp dir (java.io.tmpdir), or in {@code dir} when given. */
    public static void writeTemp(Object dir, String plugin, String call, String site) {
        Object target = dir != null ? dir : System.getProperty("java.io.tmpdir");
        file(target, true, plugin, call, site);
    }

    /** new RandomAccessFile(path, mode): "r" reads, anything else writes. */
    public static void randomAccess(Object path, Object mode, String plugin, String call, String site) {
        file(path, !"r".equals(mode), plugin, call, site);
    }

    /** FileChannel.open, Files.newByteChannel and the like: the options say read or write. */
    public static void open(Object path, Object options, String plugin, String call, String site) {
        boolean write = false;
        Collection<?> opts = options instanceof OpenOption[] array ? Arrays.asList(array)
                : options instanceof Collection<?> c ? c : List.of();
        for (Object o : opts) {
            write |= o == StandardOpenOption.WRITE || o == StandardOpenOption.APPEND || o == StandardOpenOption.CREATE
                    || o == StandardOpenOption.CREATE_NEW || o == StandardOpenOption.DELETE_ON_CLOSE;
        }
        file(path, write, plugin, call, site);
    }

    private static void file(Object target, boolean write, String plugin, String call, String site) {
        Path path = pathOf(target);
        if (path == null) {
            return;   // not a path of the default file system: a zip file system opened through a checked call, jrt:, a FileDescriptor
        }
        Policy p = policy;
        Path absolute = path.toAbsolutePath().normalize();
        Path own = p.ownFolder(plugin);
        if (own != null && absolute.startsWith(own) && !linkBelow(own, absolute)) {
            return;   // fast path: in its own folder, and no link below it leads elsewhere
        }
        Path real = real(absolute);
        if (own != null && real.startsWith(own)) {
            return;
        }
        String verb = write ? "write" : "read";
        for (Path root : p.protectedRoots()) {
            if (real.startsWith(root)) {
                throw refuse(plugin, call, site, verb + " " + path + ": DevRig's own files are off limits to plugins");
            }
        }
        String needed = write ? FILES_WRITE : FILES_READ;
        if (!p.granted(plugin).contains(needed)) {
            throw refuse(plugin, call, site, verb + " " + path + " outside its folder without the permission " + needed);
        }
    }

    private static Path pathOf(Object target) {
        try {
            if (target instanceof Path path) {
                return path.getFileSystem() == FileSystems.getDefault() ? path : null;
            } else if (target instanceof File file) {
                return file.toPath();
            } else if (target instanceof String s) {
                return Path.of(s);
            } else if (target instanceof URI uri) {
                String scheme = uri.getScheme();
                if ("file".equalsIgnoreCase(scheme)) {
                    return Path.of(uri);
                } else if ("jar".equalsIgnoreCase(scheme)) {
                    String inner = uri.getSchemeSpecificPart();
                    int bang = inner.indexOf("!/");
                    return pathOf(URI.create(bang < 0 ? inner : inner.substring(0, bang)));
                }
            }
        } catch (IllegalArgumentException e) {   // InvalidPathException too
            return null;   // the call itself fails on such a path
        }
        return null;
    }

    /** Whether a component of {@code path} below {@code folder} is a symbolic link (one lstat each). */
    private static boolean linkBelow(Path folder, Path path) {
        Path p = folder;
        for (Path name : folder.relativize(path)) {
            p = p.resolve(name);
            if (Files.isSymbolicLink(p)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Resolves symbolic links of the longest existing prefix, so a link in the plugin's own
     * folder cannot point it into DevRig's data.
     */
    private static Path real(Path absolute) {
        Path existing = absolute;
        while (existing != null) {
            try {
                Path real = existing.toRealPath();
                return existing == absolute ? real : real.resolve(existing.relativize(absolute)).normalize();
            } catch (NoSuchFileException e) {
                existing = existing.getParent();
            } catch (IOException | SecurityException e) {
                return absolute;
            }
        }
        return absolute;
    }

    // ---- reflection ----

    /**
     * setAccessible/trySetAccessible: only on members of the plugin's own classes. The
     * operand is the AccessibleObject (or an array of them).
     */
    public static void accessible(Object member, String plugin, String call, String site) {
        if (member instanceof AccessibleObject[] array) {
            for (AccessibleObject o : array) {
                accessible(o, plugin, call, site);
            }
        } else if (member instanceof Member m && !policy.ownClass(plugin, m.getDeclaringClass())) {
            throw refuse(plugin, call, site, "call " + call + " on " + describe(m) + ", which is not its own");
        }
    }

    /**
     * Method.invoke, Constructor.newInstance, Field.get/set, Lookup.unreflect*: not on
     * members of other bundles, nor on the JDK members the guard checks.
     */
    public static void reflect(Object member, String plugin, String call, String site) {
        if (member instanceof Member m) {
            Class<?> declaring = m.getDeclaringClass();
            String name = m instanceof java.lang.reflect.Constructor<?> ? "<init>" : m.getName();
            if (policy.otherBundle(plugin, declaring) || guarded(declaring, name, m instanceof java.lang.reflect.Field)) {
                throw refuse(plugin, call, site, "call " + call + " on " + describe(m));
            }
        }
    }

    /** MethodHandles.Lookup.find*: same rule as reflection; {@code name} null for constructors. */
    public static void lookup(Object refc, Object name, String plugin, String call, String site) {
        if (refc instanceof Class<?> type) {
            String member = name == null ? "<init>" : String.valueOf(name);
            if (policy.otherBundle(plugin, type) || guarded(type, member, false)) {
                throw refuse(plugin, call, site, "call " + call + " on " + type.getName() + "." + member);
            }
        }
    }

    /** MethodHandles.privateLookupIn: only into the plugin's own classes. */
    public static void privateLookup(Object target, String plugin, String call, String site) {
        if (target instanceof Class<?> type && !policy.ownClass(plugin, type)) {
            throw refuse(plugin, call, site, "call " + call + " on " + type.getName() + ", which is not its own");
        }
    }

    /** Class.forName, ClassLoader.loadClass, Lookup.findClass: not the Unsafe classes. */
    public static void forName(Object name, String plugin, String call, String site) {
        if (name instanceof String s && GuardedCalls.UNSAFE_CLASSES.contains(s)) {
            throw refuse(plugin, call, site, "load " + s);
        }
    }

    /** Per class: the names of guarded members it has or inherits ("*": all), computed once. */
    private static final ClassValue<Set<String>> GUARDED_NAMES = new ClassValue<>() {
        @Override
        protected Set<String> computeValue(Class<?> type) {
            Set<String> names = new java.util.HashSet<>();
            for (Class<?> c = type; c != null; c = c.getSuperclass()) {
                names.addAll(GuardedCalls.guardedNames(c.getName().replace('.', '/')));
                if (GuardedCalls.UNSAFE_CLASSES.contains(c.getName())) {
                    names.add("*");
                }
            }
            return Set.copyOf(names);
        }
    };

    /**
     * Methods: guarded when the class has or inherits a guarded member of that name (a JDK
     * subclass's override too). Fields: when the declaring class itself is a guarded JDK class.
     */
    private static boolean guarded(Class<?> type, String member, boolean field) {
        if (field) {
            return GuardedCalls.isGuardedOwner(type.getName().replace('.', '/')) || GuardedCalls.UNSAFE_CLASSES.contains(type.getName());
        }
        Set<String> names = GUARDED_NAMES.get(type);
        return names.contains(member) || names.contains("*");
    }

    private static String describe(Member m) {
        return m.getDeclaringClass().getName() + "." + (m instanceof java.lang.reflect.Constructor<?> ? "<init>" : m.getName());
    }

    private static SecurityException refuse(String plugin, String call, String site, String what) {
        String message = "plugin " + plugin + " may not " + what + " (at " + site + ")";
        try {
            policy.refused(plugin, call, site, message);
        } catch (RuntimeException e) {
            // recording is best effort; the refusal stands
        }
        return new SecurityException(message);
    }
}
