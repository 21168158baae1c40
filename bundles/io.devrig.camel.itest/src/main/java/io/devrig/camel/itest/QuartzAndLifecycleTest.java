package io.devrig.camel.itest;

import static org.assertj.core.api.Assertions.assertThat;

import io.devrig.camel.CamelRuntime;
import io.devrig.camel.OwnedCamelContext;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.timer.TimerComponent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.junit5.context.BundleContextExtension;
import org.osgi.util.tracker.ServiceTracker;
import org.quartz.CronScheduleBuilder;
import org.quartz.Job;
import org.quartz.JobBuilder;
import org.quartz.JobExecutionContext;
import org.quartz.Scheduler;
import org.quartz.TriggerBuilder;
import org.quartz.impl.StdSchedulerFactory;

/**
 * Quartz used directly by an adapter bundle (the exported org.quartz packages), and the runtime's
 * own stop: contexts an adapter left running are stopped with the io.devrig.camel bundle.
 */
@ExtendWith(BundleContextExtension.class)
class QuartzAndLifecycleTest {

    static final CountDownLatch QUARTZ_FIRED = new CountDownLatch(1);

    @InjectBundleContext
    BundleContext context;

    /** A job class of this bundle, instantiated by Quartz inside io.devrig.camel. */
    public static class CountingJob implements Job {
        @Override
        public void execute(JobExecutionContext jobContext) {
            QUARTZ_FIRED.countDown();
        }
    }

    @Test
    void anAdapterCanRunQuartzItselfFromTheExportedPackages() throws Exception {
        Properties p = new Properties();
        p.setProperty(StdSchedulerFactory.PROP_SCHED_INSTANCE_NAME, "itest-direct-quartz");
        p.setProperty("org.quartz.threadPool.threadCount", "1");
        Scheduler scheduler = new StdSchedulerFactory(p).getScheduler();
        try {
            scheduler.scheduleJob(JobBuilder.newJob(CountingJob.class).withIdentity("job", "itest").build(),
                    TriggerBuilder.newTrigger().withIdentity("every-second", "itest")
                            .withSchedule(CronScheduleBuilder.cronSchedule("* * * * * ?")).build());
            scheduler.start();
            assertThat(QUARTZ_FIRED.await(30, TimeUnit.SECONDS)).isTrue();
        } finally {
            scheduler.shutdown(true);
        }
        assertThat(threadsLeft("itest-direct-quartz")).isEmpty();
    }

    @Test
    void stoppingTheCamelBundleStopsContextsLeftRunningAndItComesBack() throws Exception {
        Bundle camel = camelBundle();
        CamelRuntime runtime = runtime();
        CountDownLatch ticked = new CountDownLatch(1);
        OwnedCamelContext leftRunning = runtime.start("itest-left-running", c -> {
            c.addComponent("timer", new TimerComponent());
            c.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("timer:t?period=20").process(e -> ticked.countDown());
                }
            });
        });
        assertThat(ticked.await(30, TimeUnit.SECONDS)).isTrue();

        camel.stop();
        try {
            assertThat(leftRunning.context().isStopped()).isTrue();
            assertThat(threadsLeft("itest-left-running")).isEmpty();
            assertThat(context.getServiceReference(CamelRuntime.class)).isNull();
        } finally {
            camel.start();
        }
        CamelRuntime again = runtime();
        assertThat(again.contexts()).isEmpty();
        try (OwnedCamelContext fresh = again.start("itest-left-running", c -> { })) {
            assertThat(again.contexts()).hasSize(1);
        }
    }

    private CamelRuntime runtime() throws InterruptedException {
        ServiceTracker<CamelRuntime, CamelRuntime> tracker = new ServiceTracker<>(context, CamelRuntime.class, null);
        tracker.open();
        try {
            CamelRuntime runtime = tracker.waitForService(10_000);
            assertThat(runtime).isNotNull();
            return runtime;
        } finally {
            tracker.close();
        }
    }

    private Bundle camelBundle() {
        ServiceReference<CamelRuntime> ref = context.getServiceReference(CamelRuntime.class);
        assertThat(ref).isNotNull();
        return ref.getBundle();
    }

    static List<String> threadsLeft(String name) throws InterruptedException {
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().contains(name)) {
                t.join(10_000);
            }
        }
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.isAlive() && t.getName().contains(name))
                .map(Thread::getName).toList();
    }
}
