package io.devrig.action.shell.internal;

import io.devrig.action.file.roots.RootRule;
import io.devrig.testing.TestActionContext;
import java.lang.annotation.Annotation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * shell.exec over a real temp folder as its one file root, with real executables of the
 * machine allow-listed (no shell among them).
 */
final class ShellFixture {

    /** What the tests allow: plain programs only, never a shell. */
    static final String[] ALLOWED = {"/bin/echo", "cat", "printenv", "sleep", "seq", "false", "pwd", "touch", "ls"};

    final Path root;
    final Path outside;
    final RootRule rule;
    final TestActionContext context = new TestActionContext();
    ExecAction exec;

    ShellFixture(Path tmp) throws Exception {
        root = Files.createDirectories(tmp.resolve("root")).toRealPath();
        outside = Files.createDirectories(tmp.resolve("outside")).toRealPath();
        rule = new RootRule(List.of(root), List.of(), "test config");
        // DevRig's own environment has none of the names: an unset name is simply left out
        exec = new ExecAction(rule, config(ALLOWED, new String[] {"LANG=C", "DEVRIG_SHELL_TEST_UNSET"}, 1 << 20),
                name -> null);
    }

    static ShellConfig config(String[] allowed, String[] environment, int maxOutput) {
        return new ShellConfig() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return ShellConfig.class;
            }

            @Override
            public String[] allowed() {
                return allowed;
            }

            @Override
            public String[] environment() {
                return environment;
            }

            @Override
            public long defaultTimeoutMs() {
                return 30_000;
            }

            @Override
            public long maxTimeoutMs() {
                return 60_000;
            }

            @Override
            public int maxOutputBytes() {
                return maxOutput;
            }

            @Override
            public int maxStdinBytes() {
                return 1 << 20;
            }
        };
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> run(Object... pairs) throws Exception {
        return (Map<String, Object>) exec.execute(in(pairs), context);
    }

    static Map<String, Object> in(Object... pairs) {
        Map<String, Object> m = new HashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            m.put((String) pairs[i], pairs[i + 1]);
        }
        return m;
    }
}
