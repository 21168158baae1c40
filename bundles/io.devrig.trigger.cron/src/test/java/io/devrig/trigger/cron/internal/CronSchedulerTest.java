package io.devrig.trigger.cron.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.devrig.api.time.DevRigClock;
import io.devrig.api.trigger.TriggerHandler;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The scheduler with its real thread and the wall clock: threads come and go with the schedules. */
class CronSchedulerTest {

    private final CronTriggerType type = new CronTriggerType();

    @AfterEach
    void deactivate() {
        type.deactivate();
    }

    private static boolean cronThreadAlive() {
        return Thread.getAllStackTraces().keySet().stream()
                .anyMatch(t -> t.isAlive() && CronScheduler.THREAD_NAME.equals(t.getName()));
    }

    /** Waits (up to 10 s, a bound, not a measurement) for a thread to end. */
    private static void awaitEnd(Thread t) throws InterruptedException {
        if (t != null) {
            t.join(TimeUnit.SECONDS.toMillis(10));
            assertThat(t.isAlive()).as("the scheduler thread ended").isFalse();
        }
    }

    @Test
    void oneThreadForManySchedulesAndNoneOnceTheyAreStopped() throws InterruptedException {
        CronScheduler scheduler = CronScheduler.threaded(DevRigClock.system());
        CronTriggerType t = new CronTriggerType(DevRigClock.system(), scheduler);
        List<TriggerHandler> handlers = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            // 1 January, far from now: nothing fires during the test
            TriggerHandler h = t.createHandler(new FakeTriggerContext("t" + i,
                    Map.of("expression", "0 0 1 1 *"), DevRigClock.system()));
            h.start();
            handlers.add(h);
        }
        Thread thread = scheduler.thread();
        assertThat(thread).isNotNull();
        assertThat(thread.isAlive()).isTrue();
        assertThat(Thread.getAllStackTraces().keySet().stream()
                .filter(x -> CronScheduler.THREAD_NAME.equals(x.getName()))).hasSize(1);
        assertThat(scheduler.size()).isEqualTo(200);
        handlers.forEach(TriggerHandler::stop);
        assertThat(scheduler.size()).isZero();
        awaitEnd(thread);
        assertThat(scheduler.thread()).isNull();
        t.deactivate();
    }

    @Test
    void fireThroughTheThreadThenStopLeavesNothingRunning() throws InterruptedException {
        CountDownLatch fired = new CountDownLatch(2);
        FakeTriggerContext ctx = new FakeTriggerContext("every-second", Map.of("expression", "* * * * * ?"),
                DevRigClock.system());
        ctx.onFire = fired::countDown;
        TriggerHandler h = type.createHandler(ctx);
        h.start();
        assertThat(fired.await(30, TimeUnit.SECONDS)).as("two fires arrived").isTrue();
        assertThat(ctx.started()).hasSizeGreaterThanOrEqualTo(2).doesNotHaveDuplicates()
                .allMatch(k -> k.startsWith("every-second@") && k.endsWith(".000Z"));
        Instant next = h.nextFireAt().orElseThrow();
        assertThat(next.getNano()).isZero();
        h.stop();
        int after = ctx.fires().size();
        // a batch that took the entry before stop() returned: once stopped, the handler hands nothing over
        ((CronHandler) h).fire(next.plusSeconds(5));
        assertThat(((CronHandler) h).next()).isNull();
        assertThat(ctx.fires()).hasSize(after);
        assertThat(h.nextFireAt()).isEmpty();
    }

    @Test
    void deactivationEndsTheThreadEvenWithSchedulesLeft() throws InterruptedException {
        CronScheduler scheduler = CronScheduler.threaded(DevRigClock.system());
        CronTriggerType t = new CronTriggerType(DevRigClock.system(), scheduler);
        TriggerHandler h = t.createHandler(new FakeTriggerContext("left", Map.of("expression", "0 0 1 1 *"),
                DevRigClock.system()));
        h.start();
        Thread thread = scheduler.thread();
        assertThat(thread.isAlive()).isTrue();
        t.deactivate();
        awaitEnd(thread);
        assertThat(scheduler.size()).isZero();
        // a handler started after deactivation does not bring a thread back
        TriggerHandler late = t.createHandler(new FakeTriggerContext("late", Map.of("expression", "* * * * *"),
                DevRigClock.system()));
        late.start();
        assertThat(scheduler.thread()).isNull();
        h.stop();
        late.stop();
    }

    @Test
    void noCronThreadIsLeftBehindByTheseTests() throws InterruptedException {
        TriggerHandler h = type.createHandler(new FakeTriggerContext("x", Map.of("expression", "0 0 1 1 *"),
                DevRigClock.system()));
        h.start();
        assertThat(cronThreadAlive()).isTrue();
        h.stop();
        type.deactivate();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (CronScheduler.THREAD_NAME.equals(t.getName())) {
                awaitEnd(t);
            }
        }
        assertThat(cronThreadAlive()).isFalse();
    }
}
