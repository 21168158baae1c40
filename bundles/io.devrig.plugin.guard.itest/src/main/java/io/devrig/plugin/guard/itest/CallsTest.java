package io.devrig.plugin.guard.itest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import io.devrig.plugin.guard.PluginGuard;
import org.osgi.framework.Bundle;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.wiring.BundleWiring;

/** A running plugin's dangerous JDK calls: refused with their site, while the framework runs on. */
class CallsTest extends GuardFixture {

    static final String SITE = "\\(at io\\.devrig\\.itest\\.plugin\\.hostile\\.calls\\.HostileCalls\\.apply\\(HostileCalls\\.java:\\d+\\)\\)";
    static final String PLUGIN = "plugin io\\.devrig\\.itest\\.plugin\\.hostile\\.calls may not ";

    @AfterEach
    void after() throws Exception {
        cleanUp();
    }

    Function<String, String> admitted(Set<String> grants) throws Exception {
        Bundle plugin = install(CALLS);
        guard().admit(CALLS, grants);
        plugin.start();
        return service("calls");
    }

    @Test
    void hostileCallsAreRefusedNamingTheirSite() throws Exception {
        Path vault = Files.writeString(Files.createDirectories(data().resolve("devrig")).resolve("vault.key"), "secret");
        Function<String, String> plugin = admitted(Set.of("files:read"));
        try (ServerSocket server = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            assertThatThrownBy(() -> plugin.apply("exit")).isInstanceOf(SecurityException.class)
                    .hasMessageMatching(PLUGIN + "call System\\.exit " + SITE);
            assertThatThrownBy(() -> plugin.apply("exec:sh")).isInstanceOf(SecurityException.class)
                    .hasMessageMatching(PLUGIN + "run 'sh' without the permission process:sh " + SITE);
            assertThatThrownBy(() -> plugin.apply("socket:" + server.getLocalPort())).isInstanceOf(SecurityException.class)
                    .hasMessageMatching(PLUGIN + "call new Socket without the permission network:direct " + SITE);
            assertThatThrownBy(() -> plugin.apply("read:" + vault)).as("even with files:read")
                    .isInstanceOf(SecurityException.class)
                    .hasMessageMatching(PLUGIN + "read .*vault\\.key: DevRig's own files are off limits to plugins " + SITE);
            assertThatThrownBy(() -> plugin.apply("reflect")).isInstanceOf(SecurityException.class)
                    .hasMessageMatching(PLUGIN + "call Method\\.invoke on java\\.lang\\.Runtime\\.exit " + SITE);
        }
        assertThat(context.getBundle(0).getState()).as("the framework runs on").isEqualTo(Bundle.ACTIVE);
        assertThat(plugin.apply("ping")).isEqualTo("pong");
        assertThat(guard().refusals(CALLS)).hasSize(5).first().asString().contains("Method.invoke");
        assertThat(guard().refusals(CALLS).get(4)).contains("System.exit");
    }

    @Test
    void reflectionIntoCoreBundlesIsRefused() throws Exception {
        Function<String, String> plugin = admitted(Set.of());
        Thread thread = Thread.currentThread();
        ClassLoader before = thread.getContextClassLoader();
        // hand the plugin the guard's own classes, as a careless core API might
        thread.setContextClassLoader(FrameworkUtil.getBundle(PluginGuard.class).adapt(BundleWiring.class).getClassLoader());
        try {
            assertThatThrownBy(() -> plugin.apply("invoke:io.devrig.plugin.guard.runtime.Checks#install"))
                    .as("installing a policy of its own").isInstanceOf(SecurityException.class)
                    .hasMessageMatching(PLUGIN + "call Method\\.invoke on io\\.devrig\\.plugin\\.guard\\.runtime\\.Checks\\.install " + SITE);
            assertThatThrownBy(() -> plugin.apply("open:io.devrig.plugin.guard.internal.Guard")).isInstanceOf(SecurityException.class)
                    .hasMessageMatching(PLUGIN + "call Field\\.setAccessible on io\\.devrig\\.plugin\\.guard\\.internal\\.Guard\\..*, which is not its own " + SITE);
        } finally {
            thread.setContextClassLoader(before);
        }
        assertThat(guard().admitted(CALLS)).as("the guard is untouched").isTrue();
    }

    @Test
    void grantedCallsGoThrough() throws Exception {
        Function<String, String> plugin = admitted(Set.of("process:echo", "network:direct"));
        assertThat(plugin.apply("exec:echo")).isEqualTo("hello");
        try (ServerSocket server = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            assertThat(plugin.apply("socket:" + server.getLocalPort())).isEqualTo("connected");
        }
        assertThat(guard().refusals(CALLS)).isEmpty();
    }
}
