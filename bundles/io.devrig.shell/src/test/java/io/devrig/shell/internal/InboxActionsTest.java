package io.devrig.shell.internal;

import static io.devrig.shell.internal.CommandTesting.cursorAt;
import static io.devrig.shell.internal.CommandTesting.field;
import static io.devrig.shell.internal.CommandTesting.fields;
import static io.devrig.shell.internal.CommandTesting.prepare;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.devrig.api.error.DevRigException;
import io.devrig.api.error.ErrorCategory;
import io.devrig.api.error.ErrorCodes;
import io.devrig.api.inbox.Inbox;
import io.devrig.api.inbox.InboxQuery;
import io.devrig.api.inbox.InboxStatus;
import io.devrig.api.inbox.Priority;
import java.io.ByteArrayInputStream;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.impl.action.command.DefaultActionPreparator;
import org.apache.karaf.shell.support.CommandException;
import org.apache.karaf.shell.support.completers.StringsCompleter;
import org.junit.jupiter.api.Test;

/** The inbox actions and completers: what Karaf reads, parses and injects, and the wiring. */
class InboxActionsTest {

    private static final String NL = System.lineSeparator();
    private static final String GITHUB = "io.devrig.plugin.github";
    private static final List<Class<? extends InboxAction>> ACTIONS = List.of(InboxListCommand.class,
            InboxSearchCommand.class, InboxShowCommand.class, InboxReadCommand.class, InboxArchiveCommand.class,
            InboxSnoozeCommand.class, InboxUnsnoozeCommand.class, InboxActCommand.class, InboxStatsCommand.class);

    private final FakeInbox inbox = new FakeInbox();
    private final Leaks.Out out = new Leaks.Out();

    @Test
    void everyCommandIsAKarafServiceInScopeDevrigWithAnOptionalInboxReference() {
        Map<String, Class<?>> names = new TreeMap<>();
        for (Class<? extends Action> action : ACTIONS) {
            assertThat(action).hasAnnotation(Service.class);
            Command command = action.getAnnotation(Command.class);
            assertThat(command.scope()).isEqualTo("devrig");
            assertThat(command.description()).isNotBlank();
            names.put(command.name(), action);
            List<Field> references = fields(action).stream().filter(f -> f.isAnnotationPresent(Reference.class)).toList();
            assertThat(references).extracting(Field::getType).containsExactly(Inbox.class);
            // one mandatory reference would hold back every command of the bundle
            assertThat(references.get(0).getAnnotation(Reference.class).optional()).isTrue();
        }
        assertThat(names.keySet()).containsExactly("inbox", "inbox-act", "inbox-archive", "inbox-read", "inbox-search",
                "inbox-show", "inbox-snooze", "inbox-stats", "inbox-unsnooze");
        for (Class<?> completer : List.of(InboxItemIdCompleter.class, InboxTypeCompleter.class)) {
            assertThat(completer).hasAnnotation(Service.class);
            assertThat(Completer.class).isAssignableFrom(completer);
            for (Field f : completer.getDeclaredFields()) {
                if (f.isAnnotationPresent(Reference.class)) {
                    assertThat(f.getAnnotation(Reference.class).optional()).isTrue();
                }
            }
        }
    }

    @Test
    void idsPluginsTypesStatusesPrioritiesAndOrdersComplete() throws Exception {
        for (Class<?> c : List.of(InboxShowCommand.class, InboxActCommand.class)) {
            assertThat(field(c, "id").getAnnotation(Completion.class).value()).isEqualTo(InboxItemIdCompleter.class);
            assertThat(field(c, "id").getAnnotation(Argument.class).required()).isTrue();
        }
        for (Class<?> c : List.of(InboxReadCommand.class, InboxArchiveCommand.class, InboxUnsnoozeCommand.class)) {
            Argument ids = field(c, "ids").getAnnotation(Argument.class);
            assertThat(ids.required() && ids.multiValued()).isTrue();
            assertThat(field(c, "ids").getAnnotation(Completion.class).value()).isEqualTo(InboxItemIdCompleter.class);
        }
        assertThat(field(InboxSnoozeCommand.class, "args").getAnnotation(Argument.class).multiValued()).isTrue();
        assertThat(field(InboxSnoozeCommand.class, "args").getAnnotation(Completion.class).value())
                .isEqualTo(InboxItemIdCompleter.class);
        for (Class<?> c : List.of(InboxListCommand.class, InboxSearchCommand.class)) {
            assertThat(field(c, "plugin").getAnnotation(Completion.class).value()).isEqualTo(PluginIdCompleter.class);
            assertThat(field(c, "types").getAnnotation(Completion.class).value()).isEqualTo(InboxTypeCompleter.class);
            assertThat(values(field(c, "statuses"))).isEqualTo(InboxText.statusNames());
            assertThat(values(field(c, "priorities"))).isEqualTo(InboxText.priorityNames());
            for (String multi : List.of("statuses", "priorities", "types")) {
                assertThat(field(c, multi).getAnnotation(Option.class).multiValued()).as(multi).isTrue();
            }
        }
        assertThat(values(field(InboxListCommand.class, "order"))).isEqualTo(InboxText.orderNames());
    }

    private static String values(Field f) {
        Completion c = f.getAnnotation(Completion.class);
        assertThat(c.value()).isEqualTo(StringsCompleter.class);
        return String.join(", ", c.values());
    }

    @Test
    void karafParsesTheDocumentedCommandLines() throws Exception {
        InboxListCommand list = new InboxListCommand();
        prepare(list, "--status", "unread", "-s", "snoozed", "--priority", "high,urgent", "--plugin", GITHUB, "-t", "issue",
                "--type", "pull_request", "--actionable", "-n", "20", "--offset", "40", "--order", "priority");
        assertThat(List.<Object>of(list.statuses, list.priorities, list.plugin, list.types, list.actionable, list.limit,
                list.offset, list.order)).containsExactly(List.of("unread", "snoozed"), List.of("high,urgent"), GITHUB,
                        List.of("issue", "pull_request"), true, "20", "40", "priority");

        InboxSearchCommand search = new InboxSearchCommand();
        prepare(search, "-s", "read", "--plugin", GITHUB, "\"flaky test\" OR build*");
        assertThat(List.<Object>of(search.statuses, search.plugin, search.text))
                .containsExactly(List.of("read"), GITHUB, "\"flaky test\" OR build*");

        InboxReadCommand read = new InboxReadCommand();
        prepare(read, "--unread", "01A", "01B", "01C");
        assertThat(List.<Object>of(read.unread, read.ids)).containsExactly(true, List.of("01A", "01B", "01C"));

        InboxArchiveCommand archive = new InboxArchiveCommand();
        prepare(archive, "--undo", "01A");
        assertThat(List.<Object>of(archive.undo, archive.ids)).containsExactly(true, List.of("01A"));

        InboxSnoozeCommand snooze = new InboxSnoozeCommand();
        prepare(snooze, "01A", "01B", "tomorrow");
        assertThat(snooze.args).containsExactly("01A", "01B", "tomorrow");

        InboxActCommand act = new InboxActCommand();
        prepare(act, "01A", "github.merge_pr", "{\"method\": \"squash\"}");
        assertThat(List.of(act.id, act.actionType, act.json)).containsExactly("01A", "github.merge_pr", "{\"method\": \"squash\"}");
        InboxActCommand piped = new InboxActCommand();
        prepare(piped, "--stdin", "01A", "github.merge_pr");
        assertThat(List.<Object>of(piped.stdin, piped.id, piped.actionType)).containsExactly(true, "01A", "github.merge_pr");
        assertThat(piped.json).isNull();

        InboxShowCommand show = new InboxShowCommand();
        prepare(show, "01A");
        assertThat(show.id).isEqualTo("01A");
    }

    // ---- the actions run their commands

    private <A extends InboxAction> A wired(A action) {
        action.inbox = inbox;
        action.out = out.stream;
        action.clock = () -> inbox.now;
        action.zone = ZoneId.of("Europe/Berlin");
        return action;
    }

    private void items() {
        inbox.add("01A", GITHUB, "pull_request", "Fix the build", Priority.HIGH, InboxStatus.UNREAD, true, 10)
                .add("01B", "io.devrig.plugin.mail", "email", "Lunch?", Priority.LOW, InboxStatus.READ, false, 20);
    }

    @Test
    void theListAndSearchActionsBuildTheQueryTheirOptionsSay() throws Exception {
        items();
        InboxListCommand list = wired(new InboxListCommand());
        list.statuses = List.of("unread", "read,SNOOZED");
        list.priorities = List.of("high");
        list.plugin = " " + GITHUB + " ";
        list.types = List.of("pull_request", " ");
        list.actionable = true;
        list.limit = "20";
        list.offset = "0";
        list.order = "updated";
        list.execute();
        assertThat(inbox.lastQuery).isEqualTo(InboxQuery.all()
                .withStatuses(List.of(InboxStatus.UNREAD, InboxStatus.READ, InboxStatus.SNOOZED))
                .withPriorities(List.of(Priority.HIGH)).withPlugin(GITHUB).withTypes(List.of("pull_request"))
                .withActionable(true).withPage(20, 0).withOrder(InboxQuery.Order.UPDATED));
        assertThat(out.text()).contains("01A").endsWith("1 of 1 item." + NL);

        InboxListCommand plain = wired(new InboxListCommand());
        plain.execute();
        assertThat(inbox.lastQuery).as("no option: no filter, 50 newest").isEqualTo(InboxQuery.all());

        InboxSearchCommand search = wired(new InboxSearchCommand());
        search.text = "lunch";
        search.limit = "5";
        search.offset = "0";
        search.execute();
        assertThat(inbox.lastSearch).isEqualTo("lunch");
        assertThat(inbox.lastQuery).isEqualTo(InboxQuery.all().withPage(5, 0));
        assertThat(out.text()).contains("[Lunch]?");
    }

    @Test
    void theItemActionsRunTheirCommands() throws Exception {
        items();
        inbox.action("github.merge_pr", Set.of(GITHUB), List.of(), in -> Map.of("merged", in.get("method")));

        InboxShowCommand show = wired(new InboxShowCommand());
        show.id = "01A";
        show.execute();
        assertThat(out.text()).contains("Title:          Fix the build" + NL);

        InboxReadCommand read = wired(new InboxReadCommand());
        read.ids = List.of("01A");
        read.execute();
        read.unread = true;
        read.execute();

        InboxSnoozeCommand snooze = wired(new InboxSnoozeCommand());
        snooze.args = List.of("01A", "01B", "1d");
        snooze.execute();

        InboxUnsnoozeCommand unsnooze = wired(new InboxUnsnoozeCommand());
        unsnooze.ids = List.of("01B");
        unsnooze.execute();

        InboxArchiveCommand archive = wired(new InboxArchiveCommand());
        archive.ids = List.of("01B");
        archive.execute();
        archive.undo = true;
        archive.execute();

        InboxActCommand act = wired(new InboxActCommand());
        act.id = "01A";
        act.actionType = "github.merge_pr";
        act.stdin = true;
        act.in = new ByteArrayInputStream("{\"method\": \"rebase\"}\n".getBytes(StandardCharsets.UTF_8));
        act.execute();

        wired(new InboxStatsCommand()).execute();

        assertThat(out.text()).contains(String.join(NL, "Marked 1 item read.", "Marked 1 item unread.",
                "Snoozed 2 items until 2026-11-24 08:00:00Z (2026-11-24 09:00 Europe/Berlin).", "Unsnoozed 1 item.",
                "Archived 1 item.", "Moved 1 item back to the inbox.", "{", "  \"merged\": \"rebase\"", "}",
                "Items:      2 (not archived)", ""));
        assertThat(inbox.changes).containsExactly("markRead(true) [01A]", "markRead(false) [01A]",
                "snooze(2026-11-24T08:00:00.000Z) [01A, 01B]", "unsnooze [01B]", "archive [01B]", "unarchive [01B]");
    }

    @Test
    void badArgumentsAreOneLineAndTouchNothing() {
        items();
        InboxListCommand list = wired(new InboxListCommand());
        list.statuses = List.of("unread,new");
        assertThat(shown(list)).isEqualTo("Error: unknown status 'new'; use one of: unread, read, archived, snoozed" + NL);
        list.statuses = null;
        list.priorities = List.of("p1");
        assertThat(shown(list)).isEqualTo("Error: unknown priority 'p1'; use one of: urgent, high, normal, low" + NL);
        list.priorities = null;
        list.order = "newest";
        assertThat(shown(list)).isEqualTo("Error: unknown order 'newest'; use one of: created, updated, priority" + NL);
        list.order = null;
        list.limit = "501";
        assertThat(shown(list)).isEqualTo("Error: --limit must be a whole number from 1 to 500, not '501'" + NL);
        list.limit = null;
        list.offset = "-1";
        assertThat(shown(list)).isEqualTo("Error: --offset must be a whole number from 0 to 1000000, not '-1'" + NL);
        assertThat(inbox.lastQuery).isNull();

        InboxSearchCommand search = wired(new InboxSearchCommand());
        search.text = "x";
        search.statuses = List.of("gone");
        assertThat(shown(search)).startsWith("Error: unknown status 'gone'");
        assertThat(inbox.lastSearch).isNull();

        InboxSnoozeCommand snooze = wired(new InboxSnoozeCommand());
        snooze.args = List.of("01A");
        assertThat(shown(snooze)).isEqualTo(
                "Error: give one or more item ids and then the time, e.g. devrig:inbox-snooze <id> 2h" + NL);
        snooze.args = List.of("01A", "yesterday");
        assertThat(shown(snooze)).startsWith("Error: cannot read the time 'yesterday'; ");
        snooze.args = List.of("01A", "2026-01-01T00:00:00Z");
        assertThat(shown(snooze)).startsWith("Error: the snooze time 2026-01-01 00:00:00Z").contains("is not in the future");
        assertThat(inbox.changes).isEmpty();

        InboxActCommand act = wired(new InboxActCommand());
        act.id = "01A";
        act.actionType = "github.merge_pr";
        // what Gogo hands over for an unquoted {"method": "squash"}
        act.json = "{method: squash}";
        assertThat(shown(act)).isEqualTo("Error: the input is not valid JSON (line 1, column 2). Put it in single"
                + " quotes: '{\"key\": \"value\"}'" + NL);
        act.json = "[1]";
        assertThat(shown(act)).isEqualTo("Error: the input must be a JSON object: '{\"key\": \"value\"}'" + NL);
        assertThat(inbox.acts).isEmpty();

        InboxReadCommand read = wired(new InboxReadCommand());
        read.ids = List.of("01A", "nope");
        assertThat(shown(read)).isEqualTo("Error: no inbox item with id 'nope'" + NL);
        assertThat(out.text()).isEqualTo("Marked 1 item read." + NL);
    }

    private static String shown(Action action) {
        CommandException e = catchThrowableOfType(CommandException.class, action::execute);
        assertThat(e).isNotNull();
        return Leaks.shownByKaraf(e);
    }

    @Test
    void withoutTheServiceEveryActionSaysTheInboxIsNotRunning() throws Exception {
        for (Class<? extends InboxAction> type : ACTIONS) {
            InboxAction action = type.getDeclaredConstructor().newInstance();
            action.out = out.stream;
            if (action instanceof InboxSearchCommand s) {
                s.text = "x";
            } else if (action instanceof InboxShowCommand s) {
                s.id = "01A";
            } else if (action instanceof InboxIdsAction a) {
                a.ids = List.of("01A");
            } else if (action instanceof InboxSnoozeCommand s) {
                s.args = List.of("01A", "1h");
            } else if (action instanceof InboxActCommand a) {
                a.id = "01A";
                a.actionType = "a.b";
            }
            assertThat(shown(action)).as(type.getSimpleName()).isEqualTo("Error: the inbox is not running" + NL);
        }
        assertThat(out.text()).isEmpty();
    }

    // ---- completers

    @Test
    void theCompletersOfferRecentIdsAndTypesInEveryStatus() {
        items();
        inbox.add("01C", GITHUB, "issue", "archived", Priority.LOW, InboxStatus.ARCHIVED, false, 5)
                .add("02D", GITHUB, "issue", "other", Priority.LOW, InboxStatus.UNREAD, false, 5);
        InboxItemIdCompleter ids = new InboxItemIdCompleter();
        ids.inbox = inbox;
        List<String> candidates = new ArrayList<>();
        ids.complete(FakeSession.console(""), cursorAt("devrig:inbox-archive", "01"), candidates);
        assertThat(candidates).extracting(String::strip).containsExactlyInAnyOrder("01A", "01B", "01C");
        assertThat(inbox.lastQuery).isEqualTo(InboxItemIdCompleter.recent());
        assertThat(inbox.lastQuery.limit()).isEqualTo(InboxItemIdCompleter.RECENT);
        assertThat(inbox.lastQuery.statuses()).containsExactlyInAnyOrder(InboxStatus.values());

        InboxTypeCompleter types = new InboxTypeCompleter();
        types.inbox = inbox;
        List<String> typeCandidates = new ArrayList<>();
        types.complete(FakeSession.console(""), cursorAt("devrig:inbox", ""), typeCandidates);
        assertThat(typeCandidates).extracting(String::strip).containsExactlyInAnyOrder("pull_request", "email", "issue");
    }

    @Test
    void theCompletersOfferNothingWithoutTheServiceOrWhenItFails() {
        List<String> candidates = new ArrayList<>();
        InboxItemIdCompleter failingIds = new InboxItemIdCompleter();
        failingIds.inbox = inbox.failWith(new DevRigException(ErrorCodes.DB_BUSY, ErrorCategory.TRANSIENT, "busy"));
        InboxTypeCompleter failingTypes = new InboxTypeCompleter();
        failingTypes.inbox = inbox;
        for (Completer c : List.of(new InboxItemIdCompleter(), new InboxTypeCompleter(), failingIds, failingTypes)) {
            assertThat(c.complete(FakeSession.console(""), cursorAt("devrig:inbox-show", ""), candidates)).isEqualTo(-1);
        }
        assertThat(candidates).isEmpty();
    }
}
