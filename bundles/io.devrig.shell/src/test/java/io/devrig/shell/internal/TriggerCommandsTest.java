package io.devrig.shell.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.devrig.api.error.DevRigException;
import io.devrig.api.error.ErrorCategory;
import io.devrig.api.error.ErrorCodes;
import io.devrig.api.trigger.FireResult;
import io.devrig.api.trigger.TriggerEvent;
import io.devrig.api.trigger.TriggerManager;
import io.devrig.api.trigger.TriggerState;
import io.devrig.api.trigger.TriggerStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.karaf.shell.support.CommandException;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

class TriggerCommandsTest {

    private static final String NL = System.lineSeparator();
    private static final Instant FIRED = Instant.parse("2026-12-06T09:00:00.250Z");

    private final FakeTriggers manager = new FakeTriggers();
    private final Leaks.Out out = new Leaks.Out();
    private final TriggerCommands commands = new TriggerCommands(manager, out.stream);

    private CommandException failure(ThrowingCallable call) {
        CommandException e = catchThrowableOfType(CommandException.class, call);
        assertThat(e).as("the command fails").isNotNull();
        assertThat(Leaks.shownByKaraf(e)).isEqualTo(e.getNiceHelp() + NL).doesNotContain("Exception");
        return e;
    }

    @Test
    void listShowsEachTriggerOnOneLine() throws Exception {
        manager.put(new TriggerStatus("01TRG", "nightly", 3, "cron", TriggerState.ACTIVE, FIRED,
                Instant.parse("2026-12-07T03:00:00Z"), 12, 1, "boom"));
        manager.put(new TriggerStatus("01HOOK", "deploy", 1, "webhook", TriggerState.WAITING, null, null, 0, 0, null));
        commands.list();
        String text = out.text();
        assertThat(text).contains("TRIGGER").contains("NEXT");
        assertThat(text.lines().filter(l -> l.contains("01TRG")).findFirst().orElseThrow())
                .contains("nightly").contains("cron").contains("active").contains("12").contains("2026-12-06 09:00:00")
                .contains("2026-12-07 03:00:00");
        assertThat(text.lines().filter(l -> l.contains("01HOOK")).findFirst().orElseThrow()).contains("waiting");
    }

    @Test
    void anEmptyListSaysHowATriggerComes() throws Exception {
        commands.list();
        assertThat(out.text()).startsWith("No triggers. A workflow gets one when a version with a trigger");
    }

    @Test
    void showSaysWhyATriggerWaitsAndItsLastErrorOnOneLine() throws Exception {
        manager.put(new TriggerStatus("01HOOK", "deploy", 2, "webhook", TriggerState.WAITING, null, null, 0, 2,
                "bad\u001b[31m thing"));
        commands.show("01HOOK");
        assertThat(out.text()).contains("Workflow:   deploy v2").contains("Type:       webhook")
                .contains(TriggerCommands.WAITING).contains("Errors:     2").doesNotContain("\u001b");
    }

    @Test
    void pauseAndResumeSayWhatHappened() throws Exception {
        manager.put(new TriggerStatus("01TRG", "nightly", 3, "cron", TriggerState.ACTIVE, null, null, 0, 0, null));
        commands.pause("01TRG");
        assertThat(out.text()).isEqualTo("Trigger 01TRG of workflow nightly is paused; it fires again after "
                + "devrig:trigger-resume 01TRG." + NL);
        out.reset();
        commands.resume("01TRG");
        assertThat(out.text()).isEqualTo("Trigger 01TRG of workflow nightly is active." + NL);
        assertThat(manager.calls).containsExactly("pause 01TRG", "resume 01TRG");
    }

    @Test
    void eventsShowDuplicatesAndRefusalsWithTheirReasons() throws Exception {
        manager.put(new TriggerStatus("01TRG", "deploy", 1, "webhook", TriggerState.ACTIVE, FIRED, null, 1, 0, null));
        manager.events.add(new TriggerEvent("01EV3", "01TRG", "deploy", "key-b", FIRED, FireResult.Outcome.REFUSED,
                null, null, "skipped: entry condition 0 does not hold"));
        manager.events.add(new TriggerEvent("01EV2", "01TRG", "deploy", "key-a", FIRED, FireResult.Outcome.DUPLICATE,
                null, "01EV1", null));
        manager.events.add(new TriggerEvent("01EV1", "01TRG", "deploy", "key-a", FIRED, FireResult.Outcome.STARTED,
                "01RUN", null, null));
        commands.events("01TRG", 20);
        String text = out.text();
        assertThat(text).contains("refused").contains("skipped: entry condition 0 does not hold")
                .contains("duplicate").contains("repeats 01EV1").contains("started").contains("01RUN");
        assertThat(text).doesNotContain("(the newest");
        out.reset();
        commands.events("01TRG", 2);
        assertThat(out.text()).contains("(the newest 2; see more with --limit)");
    }

    @Test
    void unknownIdsAndAMissingManagerAreOneErrorLine() {
        assertThat(failure(() -> commands.show("nope")).getNiceHelp())
                .isEqualTo("Error: no trigger 'nope' (see devrig:triggers)");
        assertThat(failure(() -> commands.pause("nope")).getNiceHelp()).isEqualTo("Error: no trigger 'nope'");
        TriggerCommands none = new TriggerCommands(null, out.stream);
        assertThat(failure(none::list).getNiceHelp()).isEqualTo("Error: " + TriggerCommands.NOT_RUNNING);
    }

    /** A manager holding statuses and events in memory; pause and resume change the state. */
    private static final class FakeTriggers implements TriggerManager {
        final Map<String, TriggerStatus> statuses = new LinkedHashMap<>();
        final List<TriggerEvent> events = new ArrayList<>();
        final List<String> calls = new ArrayList<>();

        void put(TriggerStatus s) {
            statuses.put(s.id(), s);
        }

        @Override
        public List<TriggerStatus> triggers() {
            return List.copyOf(statuses.values());
        }

        @Override
        public Optional<TriggerStatus> trigger(String id) {
            return Optional.ofNullable(statuses.get(id));
        }

        @Override
        public TriggerStatus pause(String id) {
            calls.add("pause " + id);
            return with(id, TriggerState.PAUSED);
        }

        @Override
        public TriggerStatus resume(String id) {
            calls.add("resume " + id);
            return with(id, TriggerState.ACTIVE);
        }

        private TriggerStatus with(String id, TriggerState state) {
            TriggerStatus s = trigger(id).orElseThrow(() -> new DevRigException(ErrorCodes.NOT_FOUND,
                    ErrorCategory.PERMANENT, "no trigger '" + id + "'"));
            TriggerStatus changed = new TriggerStatus(s.id(), s.workflowId(), s.workflowVersion(), s.type(), state,
                    s.lastFiredAt(), s.nextFireAt(), s.fireCount(), s.errorCount(), s.lastError());
            put(changed);
            return changed;
        }

        @Override
        public List<TriggerEvent> events(String id, int limit) {
            return events.stream().filter(e -> e.triggerId().equals(id)).limit(limit).toList();
        }
    }
}
