package io.devrig.action.shell.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.devrig.action.file.internal.FileConfig;
import io.devrig.action.file.internal.WriteAction;
import io.devrig.action.internal.ActionRegistryImpl;
import io.devrig.api.action.ActionErrors;
import io.devrig.api.action.ActionExecutor;
import io.devrig.api.action.ActionInvocation;
import io.devrig.api.action.ActionOutcome;
import io.devrig.template.internal.TemplateEngineComponent;
import io.devrig.testing.TestActionContext;
import io.devrig.testing.TestJson;
import java.lang.annotation.Annotation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * shell.exec and file.write through the real action registry: node configs with templates
 * and value references, schema validation, dry-run previews, failures as outcomes.
 */
class RegistryPipelineTest {

    @TempDir
    Path tmp;
    ShellFixture f;
    final ActionRegistryImpl registry = new ActionRegistryImpl(new TemplateEngineComponent(), () -> null);
    final AtomicLong ids = new AtomicLong();

    @BeforeEach
    void setUp() throws Exception {
        f = new ShellFixture(tmp);
        add(f.exec);
        // file.write over the same root rule (a flat test class path reaches its internal package)
        add(new WriteAction(f.rule, new FileConfig() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return FileConfig.class;
            }

            @Override
            public String[] roots() {
                return new String[] {f.root.toString()};
            }

            @Override
            public long maxReadBytes() {
                return 1 << 20;
            }

            @Override
            public long maxWriteBytes() {
                return 1 << 20;
            }
        }));
    }

    private void add(ActionExecutor executor) {
        registry.addExecutor(executor, null, null, 0, ids.incrementAndGet(), "test");
    }

    private ActionOutcome call(String type, String config, Map<String, Object> data, TestActionContext context) {
        @SuppressWarnings("unchecked")
        Map<String, Object> c = (Map<String, Object>) TestJson.plain(config);
        return registry.execute(new ActionInvocation(type, c, data, context, Duration.ofSeconds(20)));
    }

    @Test
    void templatesAndReferencesBecomeArgumentsNotShellText() throws Exception {
        Map<String, Object> data = Map.of("input", Map.of("name", "Ada; touch " + f.root + "/pwned",
                "args", List.of("x", "$(id)")));
        ActionOutcome out = call("shell.exec", "{\"command\": [\"/bin/echo\", \"hello {{input.name}}\", "
                + "{\"$ref\": \"input.args[1]\"}]}", data, f.context);
        assertThat(out.error()).isNull();
        assertThat(((Map<?, ?>) out.output()).get("stdout")).isEqualTo("hello Ada; touch " + f.root + "/pwned $(id)\n");
        assertThat(f.root.resolve("pwned")).doesNotExist();
        assertThat(out.warnings()).isEmpty();
    }

    @Test
    void theSchemaRefusesAShellStringBeforeAnythingRuns() {
        ActionOutcome out = call("shell.exec", "{\"command\": \"echo hi\"}", Map.of(), f.context);
        assertThat(out.error().code()).isEqualTo(ActionErrors.ACTION_INPUT_INVALID);
        ActionOutcome refused = call("shell.exec", "{\"command\": [\"sh\", \"-c\", \"id\"]}", Map.of(), f.context);
        assertThat(refused.error().code()).isEqualTo(ShellErrors.COMMAND_REFUSED);
        assertThat(registry.validateConfig("shell.exec", Map.of("command", "git status"))).isNotEmpty();
    }

    @Test
    void aDryRunPreviewsBothAndChangesNothing() throws Exception {
        TestActionContext dry = new TestActionContext().dryRun(true);
        Path file = f.root.resolve("made-by-touch");
        ActionOutcome exec = call("shell.exec", "{\"command\": [\"touch\", \"" + file + "\"]}", Map.of(), dry);
        assertThat(exec.previewed()).isTrue();
        assertThat(((Map<?, ?>) exec.output()).get("command")).isEqualTo(List.of("/usr/bin/touch", file.toString()));
        ActionOutcome write = call("file.write", "{\"path\": \"" + f.root + "/w.txt\", \"content\": \"{{input.x}}\"}",
                Map.of("input", Map.of("x", "y")), dry);
        assertThat(write.previewed()).isTrue();
        assertThat(file).doesNotExist();
        assertThat(f.root.resolve("w.txt")).doesNotExist();
        // the same calls for real
        assertThat(call("shell.exec", "{\"command\": [\"touch\", \"" + file + "\"]}", Map.of(), f.context).error())
                .isNull();
        assertThat(file).exists();
        assertThat(call("file.write", "{\"path\": \"" + f.root + "/w.txt\", \"content\": \"{{input.x}}\"}",
                Map.of("input", Map.of("x", "y")), f.context).error()).isNull();
        assertThat(Files.readString(f.root.resolve("w.txt"))).isEqualTo("y");
    }
}
