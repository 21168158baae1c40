package io.devrig.trigger.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.devrig.api.time.DevRigClock;
import io.devrig.api.trigger.TriggerType;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12's cron benchmark end to end: 10,000 published workflows with cron triggers, run by
 * the real cron type and the trigger manager on a SQLite file, 5,000 of them due in the same
 * second. Measured from that second: each fire's lag to its committed {@code trigger_events}
 * row (p50, p99), and the time until all 5,000 runs with their queue jobs were committed
 * (their {@code created_at}: under the burst the manager commits the events first and the
 * runs moments later; runs are only enqueued: no worker executes them, as a burst meets busy
 * workers).
 *
 * <p>Baseline in the same run, on a copy of the same tables: a plain loop that writes the
 * same 5,000 events, runs and jobs through the store in transactions of 500 (the manager's
 * group size), with nothing else: the durable work alone.
 *
 * <p>{@code mvn -Pbench test -pl bundles/io.devrig.trigger -Dtest=CronFiresBenchmark}
 */
class CronFiresBenchmark {

    static final int SCHEDULES = Integer.getInteger("bench.schedules", 10_000);
    static final int DUE = SCHEDULES / 2;

    @TempDir
    Path dir;

    @Test
    void fiveThousandDueInOneSecond() throws Exception {
        try (TriggerHarness h = new TriggerHarness(dir.resolve("manager"), false)) {
            io.devrig.trigger.cron.internal.CronTriggerType cron = new io.devrig.trigger.cron.internal.CronTriggerType();
            TriggerManagerImpl manager = h.startManager();
            manager.addType(cron, "cron");
            long t0 = System.nanoTime();
            // the due second: far enough ahead for the publishes and the handlers
            Instant due = Instant.now().plus(Duration.ofSeconds(Math.max(60, SCHEDULES / 100)))
                    .truncatedTo(ChronoUnit.SECONDS);
            if (due.atZone(ZoneOffset.UTC).getSecond() > 44) {
                due = due.plusSeconds(20); // the second fire (15 s later) stays in the same minute
            }
            ZonedDateTime z = due.atZone(ZoneOffset.UTC);
            Instant again = due.plusSeconds(15);
            // each due schedule fires twice: first after start (its workflow's graph is read and
            // compiled once per process), then warm
            String dueExpr = z.getSecond() + "," + (z.getSecond() + 15) + " " + z.getMinute() + " " + z.getHour()
                    + " * * ?";
            ZonedDateTime later = z.plusHours(2);
            String laterExpr = later.getSecond() + " " + later.getMinute() + " " + later.getHour() + " * * ?";
            for (int i = 0; i < SCHEDULES; i++) {
                h.publish("w" + i, Map.of("type", "cron", "expression", i < DUE ? dueExpr : laterExpr));
            }
            manager.awaitIdle();
            double setup = (System.nanoTime() - t0) / 1e9;
            assertThat(manager.triggers()).hasSize(SCHEDULES);
            if (Instant.now().isAfter(due.minusSeconds(2))) {
                throw new AssertionError("setup took " + setup + " s: the due second passed; raise the lead time");
            }
            // wait for both seconds and their runs
            while (h.count("SELECT count(*) FROM workflow_runs") < 2L * DUE) {
                if (Instant.now().isAfter(again.plusSeconds(120))) {
                    throw new AssertionError("only " + h.count("SELECT count(*) FROM workflow_runs") + " runs");
                }
                Thread.sleep(20);
            }
            Instant firstSecond = due;
            List<Instant> fired = h.db.read(x -> x.query("SELECT fired_at FROM trigger_events WHERE outcome = "
                    + "'started' ORDER BY fired_at", r -> DevRigClock.parse(r.getString(1))));
            assertThat(fired).hasSize(2 * DUE);
            long[] cold = fired.subList(0, DUE).stream().mapToLong(f -> Duration.between(firstSecond, f).toMillis())
                    .sorted().toArray();
            long[] warm = fired.subList(DUE, 2 * DUE).stream().mapToLong(f -> Duration.between(again, f).toMillis())
                    .sorted().toArray();
            assertThat(h.count("SELECT count(*) FROM job_queue")).isEqualTo(2L * DUE);
            List<Instant> created = h.db.read(x -> x.query("SELECT created_at FROM workflow_runs ORDER BY created_at",
                    r -> DevRigClock.parse(r.getString(1))));
            long coldRuns = Duration.between(firstSecond, created.get(DUE - 1)).toMillis();
            long warmRuns = Duration.between(again, created.get(2 * DUE - 1)).toMillis();
            try {
                var d = io.devrig.trigger.cron.internal.CronTriggerType.class.getDeclaredMethod("deactivate");
                d.setAccessible(true);
                d.invoke(cron);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }

            // the same durable work alone, on the same kind of file, in groups of 500
            double plainMs = plain(dir.resolve("plain"));
            System.out.printf("[benchmark] cron: %,d schedules, %,d due in the same second (setup %.1f s: publishes "
                    + "and handlers)%n", SCHEDULES, DUE, setup);
            for (String[] shape : new String[][] {{"first fire after start", "0"}, {"second fire (warm)", "1"}}) {
                long[] lags = shape[1].equals("0") ? cold : warm;
                long all = shape[1].equals("0") ? coldRuns : warmRuns;
                System.out.printf("[benchmark] %s: fire lag to the committed event p50 %d ms, p99 %d ms (goal: p99 < "
                        + "1 s); all %,d runs with their jobs committed %d ms after the second; baseline: the same "
                        + "events, runs and jobs by a plain loop in groups of 500 %.0f ms; ratio %.2fx%n", shape[0],
                        lags[lags.length / 2], lags[(int) Math.ceil(lags.length * 0.99) - 1], DUE, all, plainMs,
                        all / plainMs);
            }
        }
    }

    /** Writes DUE trigger events with their runs and jobs in transactions of 500; milliseconds. */
    private double plain(Path at) throws Exception {
        try (TriggerHarness p = new TriggerHarness(at, false)) {
            p.publish("plain", null);
            p.db.write(x -> x.update("INSERT INTO triggers (id, workflow_id, workflow_version, type, config) "
                    + "VALUES ('T', 'plain', 1, 'cron', '{}')"));
            long t0 = System.nanoTime();
            for (int start = 0; start < DUE; start += TriggerManagerImpl.MAX_BATCH) {
                int from = start;
                p.db.write(x -> {
                    String now = DevRigClock.system().timestamp();
                    for (int i = from; i < Math.min(DUE, from + TriggerManagerImpl.MAX_BATCH); i++) {
                        String id = "E" + i;
                        x.update("INSERT INTO trigger_events (id, trigger_id, workflow_id, dedup_key, payload, fired_at, "
                                + "outcome) VALUES (?, 'T', 'plain', ?, '{}', ?, 'started')", id, "k" + i, now);
                        x.update("INSERT INTO workflow_runs (id, workflow_id, workflow_version, trigger_event_id, status, "
                                + "context, input, correlation_id, created_at) VALUES (?, 'plain', 1, ?, 'pending', '{}', "
                                + "'{}', ?, ?)", "R" + i, id, "C" + i, now);
                        x.update("INSERT INTO job_queue (id, type, payload, priority, status, max_attempts, created_at) "
                                + "VALUES (?, 'flow.run', ?, 0, 'pending', 3, ?)", "J" + i, "{\"runId\":\"R" + i + "\"}",
                                now);
                    }
                    return null;
                });
            }
            return (System.nanoTime() - t0) / 1e6;
        }
    }
}
