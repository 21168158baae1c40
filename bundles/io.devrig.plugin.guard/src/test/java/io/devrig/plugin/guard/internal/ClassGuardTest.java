package io.devrig.plugin.guard.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.devrig.plugin.guard.runtime.Checks;
import io.devrig.plugin.guard.runtime.Policy;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The transformer on real classes: the hostile classes in {@code hostile/} are compiled with
 * the tests, woven here, defined in a loader of their own (standing for the plugin's bundle
 * class loader) and run against a test policy.
 */
class ClassGuardTest {

    static final String PLUGIN = "test.plugin";
    static final String HOSTILE = "io.devrig.plugin.guard.internal.hostile.";
    static final String VICTIM = "io.devrig.plugin.guard.internal.victim.Victim";

    @TempDir
    Path tmp;

    TestPolicy policy;
    Path data;
    Path own;

    @BeforeEach
    void install() throws IOException {
        data = Files.createDirectories(tmp.resolve("data")).toRealPath();
        own = Files.createDirectories(data.resolve("devrig/plugins/" + PLUGIN));
        policy = new TestPolicy(own, List.of(data, Files.createDirectories(tmp.resolve("etc")).toRealPath()));
        Checks.install(policy);
    }

    @AfterEach
    void uninstall() {
        Checks.install(null);
    }

    // ---- never ----

    @Test
    void systemExitIsRefusedNamingTheSite() {
        assertThatThrownBy(() -> run("Exit", null)).isInstanceOf(SecurityException.class)
                .hasMessage("plugin test.plugin may not call System.exit (at " + site("Exit") + ")");
        assertThat(policy.refusals).containsExactly("System.exit@" + site("Exit"));
    }

    @Test
    void nativeLibrariesAreRefused() {
        assertThatThrownBy(() -> run("Native", null)).isInstanceOf(SecurityException.class)
                .hasMessage("plugin test.plugin may not call System.loadLibrary (at " + site("Native") + ")");
    }

    @Test
    void classLoadersOfItsOwnAreRefused() {
        assertThatThrownBy(() -> run("Loader", null)).isInstanceOf(SecurityException.class)
                .hasMessage("plugin test.plugin may not call new URLClassLoader (at " + site("Loader") + ")");
    }

    @Test
    void methodReferencesToGuardedMembersAreChecked() {
        assertThatThrownBy(() -> run("HaltRef", "halt")).isInstanceOf(SecurityException.class)
                .hasMessage("plugin test.plugin may not call Runtime.halt (at " + site("HaltRef") + ")");
        assertThatThrownBy(() -> run("HaltRef", "exit")).isInstanceOf(SecurityException.class)
                .hasMessage("plugin test.plugin may not call System.exit (at " + site("HaltRef") + ")");
    }

    // ---- processes ----

    @Test
    void processesNeedTheirOwnGrant() {
        assertThatThrownBy(() -> run("Exec", "pb:echo")).isInstanceOf(SecurityException.class)
                .hasMessage("plugin test.plugin may not run 'echo' without the permission process:echo (at "
                        + site("Exec") + ")");
        policy.granted = Set.of("process:echo");
        assertThat(run("Exec", "pb:echo")).isEqualTo("hello");
        assertThat(run("Exec", "rt:/bin/echo")).as("argv[0]'s file name is what the grant names").isEqualTo("hello");
        policy.granted = Set.of("process:git");
        assertThatThrownBy(() -> run("Exec", "rt:sh")).isInstanceOf(SecurityException.class)
                .hasMessageContaining("run 'sh' without the permission process:sh (at " + site("Exec", "site2") + ")");
    }

    // ---- network ----

    @Test
    void socketsNeedNetworkDirect() throws IOException {
        try (ServerSocket server = new ServerSocket(0, 5, java.net.InetAddress.getLoopbackAddress())) {
            assertThatThrownBy(() -> run("Connect", server.getLocalPort())).isInstanceOf(SecurityException.class)
                    .hasMessage("plugin test.plugin may not call new Socket without the permission network:direct (at "
                            + site("Connect") + ")");
            policy.granted = Set.of("network:direct");
            assertThat(run("Connect", server.getLocalPort())).isEqualTo("connected");
        }
    }

    // ---- files ----

    @Test
    void devrigDataIsOffLimitsEvenWithFileGrants() throws IOException {
        Path vault = Files.writeString(Files.createDirectories(data.resolve("devrig")).resolve("vault.key"), "k");
        policy.granted = Set.of("files:read", "files:write");
        assertThatThrownBy(() -> run("ReadNio", vault.toString())).isInstanceOf(SecurityException.class)
                .hasMessage("plugin test.plugin may not read " + vault + ": DevRig's own files are off limits to plugins (at "
                        + site("ReadNio") + ")");
        assertThatThrownBy(() -> run("ReadIo", vault.toString())).isInstanceOf(SecurityException.class)
                .hasMessageContaining("DevRig's own files");
        assertThatThrownBy(() -> run("ReadNio", own.resolve("../../vault.key").toString()))
                .as("no way out of its folder with ..").isInstanceOf(SecurityException.class);
        assertThatThrownBy(() -> run("WriteIo", data.resolve("devrig.db").toString())).isInstanceOf(SecurityException.class);
        assertThat(data.resolve("devrig.db")).doesNotExist();
        assertThatThrownBy(() -> run("ReadNio", tmp.resolve("etc/io.devrig.secrets.cfg").toString()))
                .isInstanceOf(SecurityException.class).hasMessageContaining("DevRig's own files");
    }

    @Test
    void aLinkInItsOwnFolderDoesNotLeadOut() throws IOException {
        Path vault = Files.writeString(Files.createDirectories(data.resolve("devrig")).resolve("vault.key"), "k");
        Path link = Files.createSymbolicLink(own.resolve("innocent.txt"), vault);
        policy.granted = Set.of("files:read");
        assertThatThrownBy(() -> run("ReadNio", link.toString())).isInstanceOf(SecurityException.class)
                .hasMessageContaining("DevRig's own files");
    }

    @Test
    void itsOwnFolderNeedsNoGrant() throws IOException {
        Files.writeString(own.resolve("note.txt"), "mine");
        assertThat(run("ReadNio", own.resolve("note.txt").toString())).isEqualTo("mine");
        assertThat(run("WriteIo", own.resolve("new.txt").toString())).isEqualTo("written");
        assertThat(own.resolve("new.txt")).hasContent("x");
    }

    @Test
    void filesElsewhereNeedTheGrant() throws IOException {
        Path outside = Files.writeString(Files.createDirectories(tmp.resolve("elsewhere")).resolve("hostname"), "box");
        assertThatThrownBy(() -> run("ReadNio", outside.toString())).isInstanceOf(SecurityException.class)
                .hasMessage("plugin test.plugin may not read " + outside
                        + " outside its folder without the permission files:read (at " + site("ReadNio") + ")");
        assertThatThrownBy(() -> run("ReadIo", outside.toString())).isInstanceOf(SecurityException.class)
                .hasMessageContaining("(at " + site("ReadIo") + ")");
        policy.granted = Set.of("files:read");
        assertThat(run("ReadNio", outside.toString())).isEqualTo("box");
        assertThat(run("ReadIo", outside.toString())).isEqualTo("box");
        assertThatThrownBy(() -> run("WriteIo", outside.toString())).isInstanceOf(SecurityException.class)
                .hasMessageContaining("without the permission files:write (at " + site("WriteIo") + ")");
        assertThatThrownBy(() -> run("DeleteOwnType", outside.toString())).as("File subclass").isInstanceOf(SecurityException.class)
                .hasMessageContaining("without the permission files:write (at " + site("DeleteOwnType") + ")");
        assertThat(outside).exists();
        policy.granted = Set.of("files:read", "files:write");
        assertThat(run("DeleteOwnType", outside.toString())).isEqualTo(true);
    }

    // ---- reflection ----

    @Test
    void reflectionOntoGuardedJdkMembersIsRefused() {
        assertThatThrownBy(() -> run("ReflectExit", null)).isInstanceOf(SecurityException.class)
                .hasMessage("plugin test.plugin may not call Method.invoke on java.lang.Runtime.exit (at "
                        + site("ReflectExit") + ")");
        assertThatThrownBy(() -> run("Lookup", null)).isInstanceOf(SecurityException.class)
                .hasMessage("plugin test.plugin may not call MethodHandles.Lookup.findVirtual on java.lang.Runtime.exit (at "
                        + site("Lookup") + ")");
    }

    @Test
    void reflectionIntoOtherBundlesIsRefused() throws Exception {
        Class<?> victim = new OtherBundleLoader().loadClass(VICTIM);
        assertThatThrownBy(() -> run("InvokeOther", victim)).isInstanceOf(SecurityException.class)
                .hasMessage("plugin test.plugin may not call Method.invoke on " + VICTIM + ".hello (at "
                        + site("InvokeOther") + ")");
        assertThatThrownBy(() -> run("Accessible", victim)).isInstanceOf(SecurityException.class)
                .hasMessageContaining("may not call Field.setAccessible on " + VICTIM + ".secret, which is not its own");
        assertThatThrownBy(() -> run("Accessible", String.class)).isInstanceOf(SecurityException.class)
                .hasMessageContaining("java.lang.String.");
        assertThat(run("Accessible", "own")).as("its own members stay open to it").isEqualTo("mine");
    }

    @Test
    void lessCommonWaysInAreCheckedToo() throws IOException {
        Path outside = Files.writeString(Files.createDirectories(tmp.resolve("elsewhere")).resolve("a.txt"), "abc");
        Path target = tmp.resolve("elsewhere/b.txt");
        assertThatThrownBy(() -> run("Misc", "beans")).isInstanceOf(SecurityException.class)
                .hasMessage("plugin test.plugin may not call new Statement (at " + site("Misc", "beans") + ")");
        assertThatThrownBy(() -> run("Misc", "url|http://127.0.0.1:9/")).isInstanceOf(SecurityException.class)
                .hasMessage("plugin test.plugin may not call URL.openStream without the permission network:direct (at "
                        + site("Misc", "url") + ")");
        assertThatThrownBy(() -> run("Misc", "url|" + outside.toUri())).as("a file: URL is a file read")
                .isInstanceOf(SecurityException.class).hasMessageContaining("without the permission files:read");
        assertThatThrownBy(() -> run("Misc", "private|")).isInstanceOf(SecurityException.class)
                .hasMessageContaining("MethodHandles.privateLookupIn on java.lang.String, which is not its own");
        assertThatThrownBy(() -> run("Misc", "stop")).isInstanceOf(SecurityException.class)
                .hasMessageContaining("may not call Thread.stop");
        policy.granted = Set.of("files:read");
        assertThat(run("Misc", "url|" + outside.toUri())).isEqualTo(3);
        assertThat(run("Misc", "raf|" + outside + "|r")).isEqualTo(3L);
        assertThatThrownBy(() -> run("Misc", "raf|" + outside + "|rw")).isInstanceOf(SecurityException.class)
                .hasMessageContaining("write " + outside + " outside its folder without the permission files:write (at "
                        + site("Misc", "raf") + ")");
        assertThatThrownBy(() -> run("Misc", "copy|" + outside + "|" + target)).as("copy writes its target")
                .isInstanceOf(SecurityException.class).hasMessageContaining("write " + target);
        assertThatThrownBy(() -> run("Misc", "channel|" + outside)).as("opened for writing")
                .isInstanceOf(SecurityException.class).hasMessageContaining("files:write (at " + site("Misc", "channel") + ")");
        assertThat(run("Misc", "copy|" + outside + "|" + own.resolve("copy.txt"))).as("from outside into its own folder")
                .isEqualTo(own.resolve("copy.txt").toString());
        assertThat(target).doesNotExist();
    }

    @Test
    void jacksonHandedAFileIsAFileAccessOfThePlugin() throws IOException {
        Path vault = Files.writeString(Files.createDirectories(data.resolve("devrig")).resolve("vault.json"), "{\"k\":1}");
        Path outside = Files.createDirectories(tmp.resolve("elsewhere")).resolve("out.json");
        policy.granted = Set.of("files:read", "files:write");
        assertThatThrownBy(() -> run("JacksonFiles", "read|" + vault)).isInstanceOf(SecurityException.class)
                .hasMessage("plugin test.plugin may not read " + vault + ": DevRig's own files are off limits to plugins (at "
                        + site("JacksonFiles", "read") + ")");
        assertThat(run("JacksonFiles", "write|" + outside)).isEqualTo("written");
        policy.granted = Set.of("files:read");
        assertThatThrownBy(() -> run("JacksonFiles", "write|" + outside)).isInstanceOf(SecurityException.class)
                .hasMessage("plugin test.plugin may not write " + outside
                        + " outside its folder without the permission files:write (at " + site("JacksonFiles", "write") + ")");
        assertThat(run("JacksonFiles", "read|" + outside)).isEqualTo("{\"k\":\"v\"}");
    }

    // ---- refused while loading ----

    @Test
    void unsafeIsRefusedWhileLoading() {
        assertThatThrownBy(() -> run("UsesUnsafe", null)).isInstanceOf(ClassGuard.Refused.class)
                .hasMessage("plugin test.plugin may not use sun.misc.Unsafe (at " + site("UsesUnsafe") + ")");
    }

    @Test
    void callingTheChecksItselfIsRefusedWhileLoading() {
        assertThatThrownBy(() -> run("Forger", null)).isInstanceOf(ClassGuard.Refused.class)
                .hasMessage("plugin test.plugin may not call the guard's checks itself (at " + site("Forger") + ")");
    }

    // ---- what is left alone ----

    @Test
    void classesWithoutGuardedCallsAreLeftAsTheyAre() {
        assertThat(ClassGuard.weave(bytes(HOSTILE + "Plain"), PLUGIN)).isNull();
        assertThat(ClassGuard.weave(bytes(VICTIM), PLUGIN)).isNull();
        assertThat(run("Plain", "a")).isEqualTo("A" + System.lineSeparator().length() + "0");
        assertThat(ClassGuard.weave(bytes(HOSTILE + "Exit"), PLUGIN)).isNotNull();
    }

    @Test
    void wovenClassesKeepTheirOtherBehaviour() {
        policy.granted = Set.of("process:echo");
        // the same class serves twice: the checks keep no state in the woven code
        assertThat(List.of(run("Exec", "pb:echo"), run("Exec", "rt:echo"))).containsExactly("hello", "hello");
    }

    // ---- helpers ----

    Object run(String simpleName, Object input) {
        try {
            @SuppressWarnings("unchecked")
            Function<Object, Object> f = (Function<Object, Object>) new WovenLoader().loadClass(HOSTILE + simpleName)
                    .getConstructor().newInstance();
            return f.apply(input);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code Class.method(File.java:line)} of the line marked {@code // site} in the hostile source. */
    static String site(String simpleName) {
        return site(simpleName, "site");
    }

    static String site(String simpleName, String marker) {
        Path source = Path.of("src/test/java/" + (HOSTILE + simpleName).replace('.', '/') + ".java");
        try {
            List<String> lines = Files.readAllLines(source);
            for (int i = 0; i < lines.size(); i++) {
                if (lines.get(i).endsWith("// " + marker)) {
                    return HOSTILE + simpleName + ".apply(" + simpleName + ".java:" + (i + 1) + ")";
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        throw new IllegalStateException("no // " + marker + " in " + source);
    }

    static byte[] bytes(String className) {
        try (InputStream in = ClassGuardTest.class.getResourceAsStream("/" + className.replace('.', '/') + ".class")) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Defines the classes {@link #bytesFor} gives itself (child first); asks its parent for the rest. */
    abstract static class DefiningLoader extends ClassLoader {
        DefiningLoader() {
            super(ClassGuardTest.class.getClassLoader());
        }

        /** The bytes to define for the class, or null when the parent loads it. */
        abstract byte[] bytesFor(String name);

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            synchronized (getClassLoadingLock(name)) {
                Class<?> c = findLoadedClass(name);
                if (c != null) {
                    return c;   // woven once, as a framework weaves a class once per definition
                }
                byte[] b = bytesFor(name);
                return b == null ? super.loadClass(name, resolve) : defineClass(name, b, 0, b.length);
            }
        }
    }

    /** Stands for the plugin's bundle class loader: its classes are woven as they load. */
    static final class WovenLoader extends DefiningLoader {
        @Override
        byte[] bytesFor(String name) {
            if (!name.startsWith(HOSTILE)) {
                return null;
            }
            byte[] original = bytes(name);
            byte[] woven = ClassGuard.weave(original, PLUGIN);
            return woven == null ? original : woven;
        }
    }

    /** Stands for another bundle's class loader. */
    static final class OtherBundleLoader extends DefiningLoader {
        @Override
        byte[] bytesFor(String name) {
            return name.equals(VICTIM) ? bytes(name) : null;
        }
    }

    static final class TestPolicy implements Policy {
        final Path own;
        final List<Path> roots;
        volatile Set<String> granted = Set.of();
        final List<String> refusals = new ArrayList<>();

        TestPolicy(Path own, List<Path> roots) {
            this.own = own;
            this.roots = roots;
        }

        @Override public Set<String> granted(String pluginId) { return PLUGIN.equals(pluginId) ? granted : Set.of(); }
        @Override public Path ownFolder(String pluginId) { return PLUGIN.equals(pluginId) ? own : null; }
        @Override public List<Path> protectedRoots() { return roots; }
        @Override public boolean ownClass(String pluginId, Class<?> type) { return type.getClassLoader() instanceof WovenLoader; }
        @Override public boolean otherBundle(String pluginId, Class<?> type) { return type.getClassLoader() instanceof OtherBundleLoader; }
        @Override public synchronized void refused(String pluginId, String call, String site, String message) {
            refusals.add(call + "@" + site);
        }
    }
}
