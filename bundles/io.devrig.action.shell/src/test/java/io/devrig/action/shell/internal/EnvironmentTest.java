package io.devrig.action.shell.internal;

import static io.devrig.testing.DevRigAssertions.devrigError;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The child's environment is built, not inherited. The surefire configuration of this module
 * gives the test JVM DEVRIG_SHELL_TEST_SECRET; no child may see it.
 */
class EnvironmentTest {

    static final String SECRET = "canary-7f3a91";

    @TempDir
    Path tmp;

    @Test
    void theJvmsEnvironmentDoesNotLeak() throws Exception {
        assertThat(System.getenv("DEVRIG_SHELL_TEST_SECRET")).as("precondition: the JVM has the secret").isEqualTo(SECRET);
        ShellFixture f = new ShellFixture(tmp);
        String env = (String) f.run("command", List.of("printenv"), "env", Map.of("GREETING", "hi there"))
                .get("stdout");
        assertThat(env).doesNotContain(SECRET).doesNotContain("DEVRIG_SHELL_TEST_SECRET");
        assertThat(names(env)).containsExactly("GREETING", "LANG", "PATH");
        assertThat(env).contains("PATH=" + AllowList.FIXED_PATH + "\n").contains("GREETING=hi there\n")
                .contains("LANG=C\n");
    }

    @Test
    void theAdminPassesVariablesOnByName() throws Exception {
        ShellFixture f = new ShellFixture(tmp);
        f.exec = new ExecAction(f.rule, ShellFixture.config(ShellFixture.ALLOWED,
                new String[] {"DEVRIG_SHELL_TEST_SECRET, PATH", "LD_PRELOAD=/tmp/evil.so", "NOT_SET_ANYWHERE"}, 1000),
                System::getenv);
        String env = (String) f.run("command", List.of("printenv")).get("stdout");
        // listed by the admin: passed on; PATH stays fixed; loader variables are never set
        assertThat(names(env)).containsExactly("DEVRIG_SHELL_TEST_SECRET", "PATH");
        assertThat(env).contains("PATH=" + AllowList.FIXED_PATH + "\n");
    }

    @Test
    void aNodeCannotSetPathOrTheLoader() throws Exception {
        ShellFixture f = new ShellFixture(tmp);
        for (String name : List.of("PATH", "LD_PRELOAD", "LD_LIBRARY_PATH", "DYLD_INSERT_LIBRARIES", "A-B", "1X")) {
            assertThat(devrigError(() -> f.run("command", List.of("printenv"), "env", Map.of(name, "x"))).code())
                    .as(name).isEqualTo("INVALID_INPUT");
        }
    }

    private static TreeSet<String> names(String env) {
        TreeSet<String> names = new TreeSet<>();
        env.lines().filter(l -> l.contains("=")).forEach(l -> names.add(l.substring(0, l.indexOf('='))));
        return names;
    }
}
