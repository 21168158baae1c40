package io.devrig.plugin.guard.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;

/**
 * Which JDK members the guard checks, and how: the one table the weaver (which call sites
 * to rewrite), the cheap pre-scan (does a class need weaving at all) and the reflection
 * checks (is a reflected member guarded) share.
 */
public final class GuardedCalls {

    /** The check to call before a guarded call: a method of Checks and the operands it gets. */
    public record Check(String method, int... operands) {
        /** Operand index meaning "pass null". */
        public static final int NONE = -1;

        String descriptor() {
            return "(" + "Ljava/lang/Object;".repeat(operands.length) + "Ljava/lang/String;Ljava/lang/String;Ljava/lang/String;)V";
        }
    }

    /** A guarded call site: the call's name for messages and the checks before it. */
    public record Guard(String call, List<Check> checks) {
    }

    public static final Set<String> UNSAFE_CLASSES = Set.of("sun.misc.Unsafe", "jdk.internal.misc.Unsafe");
    public static final String RUNTIME_PACKAGE = "io/devrig/plugin/guard/runtime/";
    static final String ANY = "*";

    private static final Map<String, Set<String>> GUARDED = new HashMap<>();

    private static void guard(String owners, String... names) {
        for (String owner : owners.split(",")) {
            GUARDED.merge(owner, Set.of(names), (a, b) -> {
                java.util.Set<String> all = new java.util.HashSet<>(a);
                all.addAll(b);
                return Set.copyOf(all);
            });
        }
    }

    static final String SOCKETS = "java/net/Socket,java/net/ServerSocket,java/net/DatagramSocket,java/net/MulticastSocket";
    static final String CHANNELS = "java/nio/channels/SocketChannel,java/nio/channels/ServerSocketChannel,"
            + "java/nio/channels/DatagramChannel,java/nio/channels/AsynchronousSocketChannel,"
            + "java/nio/channels/AsynchronousServerSocketChannel";
    static final String LOADERS = "java/lang/ClassLoader,java/security/SecureClassLoader,java/net/URLClassLoader";
    static final String REFLECT = "java/lang/reflect/AccessibleObject,java/lang/reflect/Executable,"
            + "java/lang/reflect/Field,java/lang/reflect/Method,java/lang/reflect/Constructor";
    static final String LOOKUP = "java/lang/invoke/MethodHandles$Lookup";
    static final String JACKSON = "com/fasterxml/jackson/databind/ObjectMapper,com/fasterxml/jackson/databind/json/JsonMapper,"
            + "com/fasterxml/jackson/databind/ObjectReader,com/fasterxml/jackson/databind/ObjectWriter,"
            + "com/fasterxml/jackson/core/JsonFactory,com/fasterxml/jackson/databind/MappingJsonFactory,"
            + "com/fasterxml/jackson/core/json/JsonFactory";

    /** File methods also matched on plugin classes (a plugin class may extend File). */
    static final Map<String, String> FILE_METHODS = Map.ofEntries(
            Map.entry("delete()Z", "write"), Map.entry("deleteOnExit()V", "write"),
            Map.entry("createNewFile()Z", "write"), Map.entry("mkdir()Z", "write"), Map.entry("mkdirs()Z", "write"),
            Map.entry("renameTo(Ljava/io/File;)Z", "write"), Map.entry("setReadOnly()Z", "write"),
            Map.entry("setLastModified(J)Z", "write"), Map.entry("setWritable(Z)Z", "write"),
            Map.entry("setWritable(ZZ)Z", "write"), Map.entry("setReadable(Z)Z", "write"),
            Map.entry("setReadable(ZZ)Z", "write"), Map.entry("setExecutable(Z)Z", "write"),
            Map.entry("setExecutable(ZZ)Z", "write"), Map.entry("list()[Ljava/lang/String;", "read"),
            Map.entry("list(Ljava/io/FilenameFilter;)[Ljava/lang/String;", "read"),
            Map.entry("listFiles()[Ljava/io/File;", "read"),
            Map.entry("listFiles(Ljava/io/FilenameFilter;)[Ljava/io/File;", "read"),
            Map.entry("listFiles(Ljava/io/FileFilter;)[Ljava/io/File;", "read"));
    static final Set<String> FILE_METHOD_NAMES = Set.of("delete", "deleteOnExit", "createNewFile", "mkdir", "mkdirs",
            "renameTo", "setReadOnly", "setLastModified", "setWritable", "setReadable", "setExecutable", "list", "listFiles");

    static {
        guard("java/lang/System", "exit", "load", "loadLibrary", "setIn", "setOut", "setErr", "setSecurityManager");
        // global JVM state and the ways around the checks through JDK code that calls by name
        guard("java/lang/Thread", "stop", "suspend", "resume");
        guard("java/beans/Statement,java/beans/Expression", "<init>");
        guard("java/beans/EventHandler", "create");
        guard("sun/misc/Signal", "raise", "handle");
        guard("jdk/jshell/JShell", "create", "builder");
        guard("com/sun/tools/attach/VirtualMachine", "attach");
        guard("java/lang/Runtime", "exit", "halt", "load", "loadLibrary", "exec");
        guard("java/lang/ProcessBuilder", "start", "startPipeline");
        guard(SOCKETS, "<init>", "connect", "bind");
        guard(CHANNELS, "open", "connect", "bind");
        guard("java/nio/channels/spi/SelectorProvider", "openSocketChannel", "openServerSocketChannel", "openDatagramChannel");
        guard("javax/net/SocketFactory,javax/net/ssl/SSLSocketFactory", "createSocket");
        guard("javax/net/ServerSocketFactory,javax/net/ssl/SSLServerSocketFactory", "createServerSocket");
        guard("java/net/URL", "openConnection", "openStream", "getContent");
        guard("java/net/http/HttpClient", "send", "sendAsync", "newHttpClient", "newBuilder");
        guard("com/sun/net/httpserver/HttpServer,com/sun/net/httpserver/HttpsServer", "create");
        guard("java/io/FileInputStream,java/io/FileReader,java/io/FileOutputStream,java/io/FileWriter,"
                + "java/io/PrintWriter,java/io/PrintStream,java/util/Formatter,java/util/Scanner,"
                + "java/io/RandomAccessFile,java/util/zip/ZipFile,java/util/jar/JarFile", "<init>");
        guard("java/io/File", FILE_METHOD_NAMES.toArray(String[]::new));
        guard("java/io/File", "createTempFile");
        guard("java/nio/file/Files,java/nio/file/spi/FileSystemProvider", ANY);
        guard("java/nio/channels/FileChannel,java/nio/channels/AsynchronousFileChannel", "open");
        guard("java/nio/file/FileSystems", "newFileSystem");
        guard(LOADERS, "<init>", "defineClass", "newInstance");
        guard(LOOKUP, "defineClass", "defineHiddenClass", "defineHiddenClassWithClassData", "findVirtual",
                "findStatic", "findSpecial", "findGetter", "findSetter", "findStaticGetter", "findStaticSetter",
                "findVarHandle", "findStaticVarHandle", "findConstructor", "findClass", "unreflect",
                "unreflectSpecial", "unreflectConstructor", "unreflectGetter", "unreflectSetter", "unreflectVarHandle");
        guard("java/lang/invoke/MethodHandles", "privateLookupIn");
        guard(REFLECT, "setAccessible", "trySetAccessible");
        guard("java/lang/reflect/Method", "invoke");
        guard("java/lang/reflect/Constructor", "newInstance");
        guard("java/lang/reflect/Field", "get", "getBoolean", "getByte", "getChar", "getShort", "getInt", "getLong",
                "getFloat", "getDouble", "set", "setBoolean", "setByte", "setChar", "setShort", "setInt", "setLong",
                "setFloat", "setDouble");
        // Jackson, which plugins may use, opens files and URLs itself when handed a File or URL
        guard(JACKSON, "readValue", "readValues", "readTree", "writeValue", "createParser", "createGenerator",
                "createJsonParser", "createJsonGenerator");
        guard("java/lang/Class", "forName");
        guard("java/lang/ClassLoader", "loadClass");
    }

    private GuardedCalls() {
    }

    /** Whether calls to {@code owner.name} (any descriptor) are checked. */
    public static boolean isGuarded(String owner, String name) {
        Set<String> names = GUARDED.get(owner);
        return names != null && (names.contains(name) || names.contains(ANY));
    }

    /** The guarded member names of one class ({@value #ANY}: all of them). */
    public static Set<String> guardedNames(String owner) {
        return GUARDED.getOrDefault(owner, Set.of());
    }

    /** Whether the class has checked members (its fields are off limits to reflection). */
    public static boolean isGuardedOwner(String owner) {
        return GUARDED.containsKey(owner);
    }

    /** A plugin class's own method that may be an inherited File method. */
    static boolean mayBeFileMethod(String name) {
        return FILE_METHOD_NAMES.contains(name);
    }

    private static boolean jdk(String owner) {
        return owner.startsWith("java/") || owner.startsWith("javax/") || owner.startsWith("jdk/")
                || owner.startsWith("sun/") || owner.startsWith("com/sun/");
    }

    /**
     * The checks for one call instruction, or null when it is not guarded. Operand 0 is the
     * receiver of an instance method (not of a constructor), then the arguments in order.
     */
    public static Guard match(int opcode, String owner, String name, String desc) {
        if (!isGuarded(owner, name)) {
            if (!jdk(owner) && opcode != Opcodes.INVOKESTATIC && FILE_METHOD_NAMES.contains(name)) {
                String kind = FILE_METHODS.get(name + desc);
                if (kind != null) {
                    return guard("File." + name, new Check(kind.equals("write") ? "writeIfFile" : "readIfFile", 0));
                }
            }
            return null;
        }
        Type[] args = Type.getArgumentTypes(desc);
        boolean instance = opcode != Opcodes.INVOKESTATIC && !"<init>".equals(name);
        int a0 = instance ? 1 : 0;   // operand index of the first argument
        String simple = owner.substring(owner.lastIndexOf('/') + 1).replace('$', '.');
        String call = "<init>".equals(name) ? "new " + simple : simple + "." + name;
        String first = args.length > 0 ? args[0].getDescriptor() : "";
        switch (owner) {
            case "java/lang/System":
            case "java/lang/Runtime":
                return "exec".equals(name) ? guard(call, new Check("exec", a0)) : guard(call, new Check("never"));
            case "java/lang/Thread":
            case "java/beans/Statement":
            case "java/beans/Expression":
            case "java/beans/EventHandler":
            case "sun/misc/Signal":
            case "jdk/jshell/JShell":
            case "com/sun/tools/attach/VirtualMachine":
                return guard(call, new Check("never"));
            case "java/lang/ProcessBuilder":
                return guard(call, new Check("exec", 0));
            case "java/nio/channels/spi/SelectorProvider":
            case "javax/net/SocketFactory":
            case "javax/net/ssl/SSLSocketFactory":
            case "javax/net/ServerSocketFactory":
            case "javax/net/ssl/SSLServerSocketFactory":
            case "java/net/http/HttpClient":
            case "com/sun/net/httpserver/HttpServer":
            case "com/sun/net/httpserver/HttpsServer":
                return guard(call, new Check("network"));
            case "java/net/URL":
                return guard(call, new Check("url", 0));
            case "java/io/FileInputStream":
            case "java/io/FileReader":
            case "java/util/zip/ZipFile":
            case "java/util/jar/JarFile":
                return pathArg(first) || first.equals("Ljava/lang/String;") ? guard(call, new Check("read", 0)) : null;
            case "java/util/Scanner":
                return pathArg(first) ? guard(call, new Check("read", 0)) : null;
            case "java/io/FileOutputStream":
            case "java/io/FileWriter":
            case "java/io/PrintWriter":
            case "java/io/PrintStream":
            case "java/util/Formatter":
                return pathArg(first) || first.equals("Ljava/lang/String;") ? guard(call, new Check("write", 0)) : null;
            case "java/io/RandomAccessFile":
                return guard(call, new Check("randomAccess", 0, 1));
            case "java/io/File":
                if ("createTempFile".equals(name)) {
                    return guard(call, new Check("writeTemp", args.length == 3 ? 2 : Check.NONE));
                } else if ("renameTo".equals(name)) {
                    return guard(call, new Check("write", 0), new Check("write", 1));
                }
                String kind = FILE_METHODS.get(name + desc);
                return kind == null ? null : guard(call, new Check(kind, 0));
            case "java/nio/file/Files":
            case "java/nio/file/spi/FileSystemProvider":
                return files(call, name, args, a0);
            case "java/nio/channels/FileChannel":
            case "java/nio/channels/AsynchronousFileChannel":
                return guard(call, new Check("open", 0, args.length > 1 ? 1 : Check.NONE));
            case "java/nio/file/FileSystems":
                return first.equals("Ljava/nio/file/Path;") || first.equals("Ljava/net/URI;")
                        ? guard(call, new Check("write", 0)) : null;
            case "java/lang/ClassLoader":
                if ("loadClass".equals(name)) {
                    return guard(call, new Check("forName", a0));
                }
                return guard(call, new Check("never"));
            case "java/security/SecureClassLoader":
            case "java/net/URLClassLoader":
                return guard(call, new Check("never"));
            case "java/lang/invoke/MethodHandles$Lookup":
                return lookup(call, name, a0);
            case "java/lang/invoke/MethodHandles":
                return guard(call, new Check("privateLookup", 0));
            case "java/lang/Class":
                return guard(call, new Check("forName", first.equals("Ljava/lang/Module;") ? 1 : 0));
            default:
                break;
        }
        if (owner.startsWith("com/fasterxml/jackson/")) {
            // only the File and URL overloads touch anything (first argument)
            if (first.equals("Ljava/io/File;")) {
                return guard(call, new Check(name.startsWith("write") || name.contains("Generator") ? "write" : "read", a0));
            }
            return first.equals("Ljava/net/URL;") ? guard(call, new Check("url", a0)) : null;
        }
        if (owner.startsWith("java/net/") || owner.startsWith("java/nio/channels/")) {   // sockets and socket channels
            return guard(call, new Check("network"));
        }
        if (owner.startsWith("java/lang/reflect/")) {
            if ("setAccessible".equals(name) || "trySetAccessible".equals(name)) {
                return guard(call, new Check("accessible", 0));   // static setAccessible(array, flag): operand 0 is the array
            }
            return guard(call, new Check("reflect", 0));
        }
        return null;
    }

    private static boolean pathArg(String descriptor) {
        return descriptor.equals("Ljava/io/File;") || descriptor.equals("Ljava/nio/file/Path;");
    }

    private static Guard lookup(String call, String name, int a0) {
        if (name.startsWith("define")) {
            return guard(call, new Check("never"));
        } else if (name.startsWith("unreflect")) {
            return guard(call, new Check("reflect", a0));
        } else if ("findClass".equals(name)) {
            return guard(call, new Check("forName", a0));
        } else if ("findConstructor".equals(name)) {
            return guard(call, new Check("lookup", a0, Check.NONE));
        }
        return guard(call, new Check("lookup", a0, a0 + 1));
    }

    private static final Set<String> WRITES = Set.of("newOutputStream", "newBufferedWriter", "write", "writeString",
            "createFile", "createDirectory", "createDirectories", "createTempFile", "createTempDirectory",
            "createLink", "createSymbolicLink", "delete", "deleteIfExists", "move", "setAttribute",
            "setLastModifiedTime", "setOwner", "setPosixFilePermissions", "newFileSystem");
    private static final Set<String> OPENS = Set.of("newByteChannel", "newFileChannel", "newAsynchronousFileChannel");

    /** Files and FileSystemProvider: every Path argument is read or written, by the method's name. */
    private static Guard files(String call, String name, Type[] args, int a0) {
        List<Check> checks = new ArrayList<>();
        List<Integer> paths = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].getDescriptor().equals("Ljava/nio/file/Path;")) {
                paths.add(a0 + i);
            }
        }
        if (paths.isEmpty()) {
            if ("createTempFile".equals(name) || "createTempDirectory".equals(name)) {
                return guard(call, new Check("writeTemp", Check.NONE));
            }
            return null;   // Files.newBufferedReader(...) always takes a Path; others without one touch no file
        }
        if (OPENS.contains(name)) {
            int options = args.length > 1 ? paths.get(0) + 1 : Check.NONE;
            return guard(call, new Check("open", paths.get(0), options));
        }
        for (int k = 0; k < paths.size(); k++) {
            String kind;
            if ("copy".equals(name)) {
                // copy(source, target), copy(InputStream, target), copy(source, OutputStream)
                kind = paths.size() == 2 ? (k == 0 ? "read" : "write") : (paths.get(k) == a0 ? "read" : "write");
            } else {
                kind = WRITES.contains(name) ? "write" : "read";
            }
            checks.add(new Check(kind, paths.get(k)));
        }
        return new Guard(call, List.copyOf(checks));
    }

    private static Guard guard(String call, Check... checks) {
        return new Guard(call, List.of(checks));
    }
}
