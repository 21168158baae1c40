package io.devrig.itest;

import static io.devrig.itest.CoreBundlesTest.waitFor;
import static org.assertj.core.api.Assertions.assertThat;

import io.devrig.api.action.ActionContext;
import io.devrig.api.action.ActionInvocation;
import io.devrig.api.action.ActionOutcome;
import io.devrig.api.action.ActionRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.junit5.service.ServiceExtension;

/**
 * The file and shell actions in a real framework: off until Config Admin gives them roots
 * and an allow-list, then reading, writing, parsing XML (Woodstox and the Jackson
 * dataformats resolved as bundles) and running a real program.
 */
@ExtendWith(ServiceExtension.class)
class FileShellActionsTest {

    @InjectService(timeout = 10_000)
    ActionRegistry actions;

    @InjectService(timeout = 10_000)
    ConfigurationAdmin configAdmin;

    Path root;
    Configuration files;
    Configuration shell;

    @BeforeEach
    void setUp() throws Exception {
        root = Files.createTempDirectory("file-shell").toRealPath();
        waitFor(() -> actions.has("file.read") && actions.has("file.write") && actions.has("file.transform")
                && actions.has("shell.exec"), "the file and shell actions");
        files = configAdmin.getConfiguration("io.devrig.action.file", "?");
        shell = configAdmin.getConfiguration("io.devrig.action.shell", "?");
    }

    @AfterEach
    void tearDown() throws Exception {
        files.delete();
        shell.delete();
        try (Stream<Path> all = Files.walk(root)) {
            all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    ActionOutcome call(String type, Map<String, Object> config) {
        return actions.execute(new ActionInvocation(type, config, Map.of(), new Context(), Duration.ofSeconds(20)));
    }

    @Test
    void offByDefaultThenConfiguredThroughConfigAdmin() throws Exception {
        Map<String, Object> write = Map.of("path", root + "/a.xml", "content", "<a><b>1</b><b>2</b></a>");
        assertThat(call("file.write", write).error().code()).isEqualTo("FILE_PATH_REFUSED");
        assertThat(call("shell.exec", Map.of("command", List.of("/bin/echo", "hi"), "cwd", root.toString())).error()
                .code()).isEqualTo("SHELL_COMMAND_REFUSED");

        files.update(new Hashtable<>(Map.of("roots", root.toString())));
        shell.update(new Hashtable<>(Map.of("allowed", "/bin/echo")));
        waitFor(() -> call("file.write", write).succeeded(), "file.write allowed in the configured root");
        assertThat(Files.readString(root.resolve("a.xml"))).isEqualTo("<a><b>1</b><b>2</b></a>");

        ActionOutcome parsed = call("file.transform", Map.of("operation", "parse", "format", "xml", "path",
                root + "/a.xml"));
        assertThat(parsed.error()).isNull();
        assertThat(parsed.output()).isEqualTo(Map.of("format", "xml", "value", Map.of("b", List.of("1", "2")),
                "root", "a"));
        assertThat(call("file.read", Map.of("path", "/etc/hostname")).error().code()).isEqualTo("FILE_PATH_REFUSED");

        waitFor(() -> call("shell.exec", Map.of("command", List.of("/bin/echo", "hi"))).succeeded(),
                "shell.exec allowed to run /bin/echo");
        ActionOutcome echo = call("shell.exec", Map.of("command", List.of("/bin/echo", "a;b", "$(id)")));
        assertThat(((Map<?, ?>) echo.output()).get("stdout")).isEqualTo("a;b $(id)\n");
        assertThat(call("shell.exec", Map.of("command", List.of("sh", "-c", "id"))).error().code())
                .isEqualTo("SHELL_COMMAND_REFUSED");
    }

    /** A context outside a run. */
    static final class Context implements ActionContext {
        private final Instant deadline = Instant.now().plusSeconds(30);

        @Override
        public String runId() {
            return null;
        }

        @Override
        public String workflowId() {
            return "itest";
        }

        @Override
        public String nodeId() {
            return "node";
        }

        @Override
        public String correlationId() {
            return "corr";
        }

        @Override
        public int attempt() {
            return 1;
        }

        @Override
        public String idempotencyKey() {
            return "itest:node";
        }

        @Override
        public boolean dryRun() {
            return false;
        }

        @Override
        public Instant deadline() {
            return deadline;
        }

        @Override
        public boolean cancelled() {
            return false;
        }

        @Override
        public void log(LogLevel level, String message) {
            // not kept
        }
    }
}
