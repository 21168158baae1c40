package io.devrig.shell.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.devrig.camel.CamelContexts;
import io.devrig.camel.CamelRuntime;
import io.devrig.camel.OwnedCamelContext;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.direct.DirectComponent;
import org.apache.camel.component.timer.TimerComponent;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.CommandException;
import org.junit.jupiter.api.Test;

/** devrig:routes against a real (standalone) Camel runtime. */
class RoutesCommandTest {

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

    @Test
    void isAKarafCommandInScopeDevrig() {
        assertThat(RoutesCommand.class).hasAnnotation(Service.class);
        Command command = RoutesCommand.class.getAnnotation(Command.class);
        assertThat(command.scope()).isEqualTo("devrig");
        assertThat(command.name()).isEqualTo("routes");
    }

    @Test
    void withoutTheRuntimeOneErrorLine() {
        RoutesCommand command = new RoutesCommand();
        command.out = out;

        CommandException e = catchThrowableOfType(CommandException.class, command::execute);

        assertThat(e.getNiceHelp()).isEqualTo("Error: " + RoutesCommand.NOT_RUNNING).doesNotContain("\n");
        assertThat(bytes.toString(StandardCharsets.UTF_8)).isEmpty();
    }

    @Test
    void noContextsIsSaidInWords() throws Exception {
        RoutesCommand.print(CamelContexts.standalone(), out);
        assertThat(bytes.toString(StandardCharsets.UTF_8)).isEqualTo("No Camel contexts are running." + System.lineSeparator());
    }

    @Test
    void listsContextsRoutesStatesAndCounts() throws Exception {
        CamelRuntime runtime = CamelContexts.standalone();
        CountDownLatch ticks = new CountDownLatch(2);
        try (OwnedCamelContext cron = runtime.start("devrig-test-cron", context -> {
            context.addComponent("timer", new TimerComponent());
            context.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("timer:tick?period=10&repeatCount=2").routeId("tick").process(e -> ticks.countDown());
                    from("timer:idle?period=60000").routeId("idle").autoStartup(false).log("idle");
                }
            });
        });
             OwnedCamelContext hooks = runtime.start("devrig-test-hooks", context -> {
                 context.addComponent("direct", new DirectComponent());
                 context.addRoutes(new RouteBuilder() {
                     @Override
                     public void configure() {
                         from("direct:in").routeId("hook\u001b[31m").log("in");
                     }
                 });
             })) {
            assertThat(ticks.await(30, TimeUnit.SECONDS)).isTrue();
            waitForTwoExchanges(runtime);

            RoutesCommand command = new RoutesCommand();
            command.runtime = runtime;
            command.out = out;
            command.execute();
        }
        String text = bytes.toString(StandardCharsets.UTF_8);
        assertThat(text).contains("CONTEXT", "ROUTE", "ENDPOINT", "STATE", "EXCHANGES", "FAILED", "UPTIME");
        assertThat(text.lines().filter(l -> l.contains("devrig-test-cron") && l.contains("tick")))
                .singleElement().satisfies(l -> assertThat(l).contains("timer://tick?period=10&repeatCount=2", "Started", " 2 ", " 0 "));
        assertThat(text.lines().filter(l -> l.contains("idle"))).singleElement()
                .satisfies(l -> assertThat(l).contains("Stopped"));
        // control characters from a route id do not reach the terminal
        assertThat(text).contains("devrig-test-hooks").doesNotContain("\u001b");
    }

    private static void waitForTwoExchanges(CamelRuntime runtime) throws InterruptedException {
        for (int i = 0; i < 3000; i++) {
            if (runtime.contexts().get(0).routes().stream().anyMatch(r -> r.exchangesTotal() >= 2)) {
                return;
            }
            Thread.sleep(10);
        }
        throw new AssertionError("two exchanges were never counted");
    }
}
