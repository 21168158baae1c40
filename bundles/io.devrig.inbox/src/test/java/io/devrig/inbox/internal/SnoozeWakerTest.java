package io.devrig.inbox.internal;

import static io.devrig.inbox.internal.Fixture.A;
import static io.devrig.inbox.internal.Fixture.item;
import static org.assertj.core.api.Assertions.assertThat;

import io.devrig.api.inbox.InboxEvents;
import io.devrig.api.time.DevRigClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SnoozeWakerTest {

    @TempDir
    Path dir;
    Fixture f;

    @BeforeEach
    void open() {
        f = new Fixture(dir);
    }

    @AfterEach
    void close() {
        f.close();
    }

    static void waitFor(BooleanSupplier condition, Duration max) throws InterruptedException {
        long end = System.nanoTime() + max.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("condition not met within " + max);
            }
            Thread.sleep(10);
        }
    }

    @Test
    void thePeriodicSweepBringsBackDueItemsWhileRunning() throws Exception {
        f.store.store(A, List.of(item("1", "a"), item("2", "b")));
        String one = f.idOf(A, "1");
        String two = f.idOf(A, "2");
        f.store.snooze(List.of(one), f.clock.now().plus(Duration.ofHours(1)));
        f.store.snooze(List.of(two), f.clock.now().plus(Duration.ofHours(3)));
        try (SnoozeWaker waker = new SnoozeWaker(f.store, Duration.ofMillis(20))) {
            Thread.sleep(100);
            assertThat(f.rawStatus(one)).isEqualTo("snoozed"); // not due yet
            f.changes.clear();
            f.clock.advance(Duration.ofHours(2));
            waitFor(() -> "unread".equals(f.rawStatus(one)), Duration.ofSeconds(5));
            assertThat(f.rawStatus(two)).isEqualTo("snoozed");
            // the change is announced right after the wake-up's write: wait for it rather than race it
            waitFor(() -> !f.changes.isEmpty(), Duration.ofSeconds(5));
            assertThat(f.changes).containsExactly(new InboxChange(InboxEvents.ITEM_UPDATED, one, A, "1", "notification",
                    "unread"));
            f.clock.advance(Duration.ofHours(2));
            waitFor(() -> "unread".equals(f.rawStatus(two)), Duration.ofSeconds(5));
        }
    }

    @Test
    void anExactWakeUpComesAtTheSnoozeTimeLongBeforeTheNextSweep() throws Exception {
        InboxStore store = f.storeWith(DevRigClock.system());
        store.store(A, List.of(item("1", "a")));
        String one = f.idOf(A, "1");
        try (SnoozeWaker waker = new SnoozeWaker(store, Duration.ofHours(1))) {
            Thread.sleep(50); // the first sweep has run and found nothing
            Instant until = Instant.now().plusMillis(300);
            store.snooze(List.of(one), until);
            waker.snoozed(until);
            waitFor(() -> "unread".equals(f.rawStatus(one)), Duration.ofSeconds(5));
            assertThat(Instant.now()).isAfterOrEqualTo(until);
        }
    }

    @Test
    void snoozesMadeBeforeStartAreArmedByTheFirstSweep() throws Exception {
        InboxStore store = f.storeWith(DevRigClock.system());
        store.store(A, List.of(item("1", "a")));
        String one = f.idOf(A, "1");
        store.snooze(List.of(one), Instant.now().plusMillis(300));
        try (SnoozeWaker waker = new SnoozeWaker(store, Duration.ofHours(1))) {
            waitFor(() -> "unread".equals(f.rawStatus(one)), Duration.ofSeconds(5));
        }
    }

    @Test
    void aFailingSweepDoesNotStopTheTimer() throws Exception {
        f.store.store(A, List.of(item("1", "a")));
        String one = f.idOf(A, "1");
        f.store.snooze(List.of(one), f.clock.now().plus(Duration.ofMinutes(1)));
        f.clock.advance(Duration.ofMinutes(2));
        f.db.write(h -> h.update("ALTER TABLE inbox_items RENAME TO inbox_items_away"));
        try (SnoozeWaker waker = new SnoozeWaker(f.store, Duration.ofMillis(20))) {
            Thread.sleep(100); // sweeps fail: the table is gone
            f.db.write(h -> h.update("ALTER TABLE inbox_items_away RENAME TO inbox_items"));
            waitFor(() -> "unread".equals(f.rawStatus(one)), Duration.ofSeconds(5));
        }
    }
}
