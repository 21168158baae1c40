package io.devrig.shell.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.devrig.api.trigger.Webhooks;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.CommandException;
import org.junit.jupiter.api.Test;

class HooksCommandTest {

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final HooksCommand command = new HooksCommand();

    HooksCommandTest() {
        command.out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    }

    private String output() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void isTheKarafCommandDevrigHooks() {
        assertThat(HooksCommand.class).hasAnnotation(Service.class);
        assertThat(HooksCommand.class.getAnnotation(Command.class).scope()).isEqualTo("devrig");
        assertThat(HooksCommand.class.getAnnotation(Command.class).name()).isEqualTo("hooks");
    }

    @Test
    void listsEachHookWithItsUrlSchemeAndSecretNames() throws Exception {
        command.hooks = () -> List.of(
                new Webhooks.Hook("github/push", "http://127.0.0.1:8181/hooks/github/push", List.of("POST"), "github",
                        List.of("gh.hook"), "t1", "ci", 2),
                new Webhooks.Hook("ping", "http://127.0.0.1:8181/hooks/ping", List.of("GET", "POST"), "standard",
                        List.of("sw.old", "sw.new"), "t2", "pinger\u001b[31m", 1),
                new Webhooks.Hook("open", "http://127.0.0.1:8181/hooks/open", List.of("PUT"), "none", List.of(), "t3", "o", 1));

        command.execute();

        String[] lines = output().split("\\R");
        assertThat(lines[0]).contains("PATH", "URL", "METHODS", "SIGNATURE", "SECRETS", "WORKFLOW");
        assertThat(output()).contains("http://127.0.0.1:8181/hooks/github/push").contains("gh.hook").contains("ci v2")
                .contains("GET,POST").contains("sw.old, sw.new").contains("none").doesNotContain("\u001b");
    }

    @Test
    void saysWhenThereIsNoneOrTheBundleIsDown() throws Exception {
        command.hooks = List::of;
        command.execute();
        assertThat(output()).startsWith("No live webhooks.");

        command.hooks = null;
        CommandException e = catchThrowableOfType(CommandException.class, command::execute);
        assertThat(e.getNiceHelp()).isEqualTo("Error: " + HooksCommand.NOT_RUNNING);
    }
}
