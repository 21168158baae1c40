package io.devrig.camel;

import io.devrig.api.routes.RouteInfo;
import io.devrig.api.routes.ContextInfo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.file.FileComponent;
import org.apache.camel.component.quartz.QuartzComponent;
import org.apache.camel.component.timer.TimerComponent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CamelRuntimeTest {

    private final CamelRuntime runtime = CamelContexts.standalone();

    @Test
    void timerAndFileRoutesRunAndLeaveNoThreadBehind(@TempDir Path dir) throws Exception {
        Path inbox = Files.createDirectories(dir.resolve("in"));
        CountDownLatch ticks = new CountDownLatch(3);
        CountDownLatch picked = new CountDownLatch(1);
        StringBuilder pickedBody = new StringBuilder();

        OwnedCamelContext camel = runtime.start("rt-timer-file", context -> {
            context.addComponent("timer", new TimerComponent());
            context.addComponent("file", new FileComponent());
            context.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("timer:tick?period=20").routeId("ticker").process(e -> ticks.countDown());
                    from("file:" + inbox.toAbsolutePath() + "?delay=20&initialDelay=0").routeId("picker")
                            .process(e -> {
                                pickedBody.append(e.getMessage().getBody(String.class));
                                picked.countDown();
                            });
                }
            });
        });
        Files.writeString(inbox.resolve("hello.txt"), "hello from disk");

        assertThat(ticks.await(30, TimeUnit.SECONDS)).as("three timer fires").isTrue();
        assertThat(picked.await(30, TimeUnit.SECONDS)).as("file picked up").isTrue();
        assertThat(pickedBody).hasToString("hello from disk");
        // picked files move to .camel, so the route consumed it rather than only reading it
        waitUntilGone(inbox.resolve("hello.txt"));

        List<ContextInfo> contexts = runtime.contexts();
        assertThat(contexts).singleElement().satisfies(c -> {
            assertThat(c.name()).isEqualTo("rt-timer-file");
            assertThat(c.state()).isEqualTo("Started");
            assertThat(c.routes()).extracting(RouteInfo::id).containsExactly("picker", "ticker");
            assertThat(c.routes()).allSatisfy(r -> assertThat(r.state()).isEqualTo("Started"));
            assertThat(c.routes().get(1).exchangesTotal()).isGreaterThanOrEqualTo(3);
            assertThat(c.routes().get(1).exchangesFailed()).isZero();
            assertThat(c.routes().get(1).endpointUri()).isEqualTo("timer://tick?period=20");
        });
        assertThat(liveThreadsNamed("rt-timer-file")).as("Camel's threads carry the context name").isNotEmpty();

        camel.close();
        camel.close(); // twice: nothing

        assertThat(runtime.contexts()).isEmpty();
        assertThat(camel.context().isStopped()).isTrue();
        assertThat(threadsLeft("rt-timer-file")).isEmpty();
    }

    @Test
    void quartzCronRouteFiresAndItsSchedulerStopsWithTheContext() throws Exception {
        CountDownLatch fired = new CountDownLatch(1);
        OwnedCamelContext camel = runtime.start("rt-quartz", context -> {
            context.addComponent("quartz", new QuartzComponent());
            context.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("quartz://devrig/every-second?cron=* * * * * ?").routeId("cron").process(e -> fired.countDown());
                }
            });
        });
        assertThat(fired.await(30, TimeUnit.SECONDS)).isTrue();
        assertThat(liveThreadsNamed("rt-quartz")).as("Quartz threads carry the context name").isNotEmpty();

        camel.close();

        assertThat(threadsLeft("rt-quartz")).isEmpty();
    }

    @Test
    void failedExchangesAreCounted() throws Exception {
        CountDownLatch attempts = new CountDownLatch(2);
        try (OwnedCamelContext camel = runtime.start("rt-failing", context -> {
            context.addComponent("timer", new TimerComponent());
            context.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("timer:boom?period=20&repeatCount=2").routeId("boom").process(e -> {
                        attempts.countDown();
                        throw new IllegalStateException("expected in this test");
                    });
                }
            });
        })) {
            assertThat(attempts.await(30, TimeUnit.SECONDS)).isTrue();
            RouteInfo boom = waitForExchanges(2);
            assertThat(boom.exchangesFailed()).isEqualTo(2);
        }
    }

    @Test
    void stoppedAndSuspendedRoutesShowTheirState() throws Exception {
        try (OwnedCamelContext camel = runtime.start("rt-states", context -> {
            context.addComponent("timer", new TimerComponent());
            context.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("timer:a?period=60000").routeId("a").log("a");
                    from("timer:b?period=60000").routeId("b").log("b");
                    from("timer:c?period=60000").routeId("c").autoStartup(false).log("c");
                }
            });
        })) {
            camel.context().getRouteController().suspendRoute("b");
            assertThat(runtime.contexts().get(0).routes()).extracting(RouteInfo::state)
                    .containsExactly("Started", "Suspended", "Stopped");
        }
    }

    @Test
    void aSecondContextOfTheSameNameIsRefused() throws Exception {
        try (OwnedCamelContext first = runtime.start("rt-dup", context -> { })) {
            assertThatThrownBy(() -> runtime.start("rt-dup", context -> { }))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("rt-dup");
            assertThat(runtime.contexts()).extracting(ContextInfo::name).containsExactly("rt-dup");
        }
        assertThatThrownBy(() -> runtime.start(" ", context -> { })).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aFailingSetupLeavesNothingRunning() throws Exception {
        assertThatThrownBy(() -> runtime.start("rt-broken", context -> {
            context.addComponent("timer", new TimerComponent());
            context.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("timer:ok?period=20").log("ok");
                    // no such component was added, and none is discovered under this name
                    from("nosuch:thing").log("never");
                }
            });
        })).hasMessageContaining("nosuch");

        assertThat(runtime.contexts()).isEmpty();
        assertThat(threadsLeft("rt-broken")).isEmpty();
        // the name is free again
        assertThat(runtime.contexts()).isEmpty();
    }

    private RouteInfo waitForExchanges(long total) throws InterruptedException {
        for (int i = 0; i < 3000; i++) {
            RouteInfo r = runtime.contexts().get(0).routes().get(0);
            if (r.exchangesTotal() >= total) {
                return r;
            }
            Thread.sleep(10);
        }
        throw new AssertionError("the route never counted " + total + " exchanges");
    }

    private static void waitUntilGone(Path file) throws InterruptedException {
        for (int i = 0; i < 3000 && Files.exists(file); i++) {
            Thread.sleep(10);
        }
        assertThat(file).doesNotExist();
    }

    static List<Thread> liveThreadsNamed(String contextName) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && t.getName().contains(contextName)).toList();
    }

    /** Threads carrying the context's name that are still alive after up to 10 s to finish. */
    static List<String> threadsLeft(String contextName) throws InterruptedException {
        for (Thread t : liveThreadsNamed(contextName)) {
            t.join(10_000);
        }
        return liveThreadsNamed(contextName).stream().map(Thread::getName).toList();
    }
}
