package io.devrig.shell.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.devrig.api.error.DevRigException;
import io.devrig.api.error.ErrorCategory;
import io.devrig.api.error.ErrorCodes;
import io.devrig.api.inbox.InboxItem;
import io.devrig.api.inbox.InboxQuery;
import io.devrig.api.inbox.InboxStatus;
import io.devrig.api.inbox.Priority;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.karaf.shell.support.CommandException;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

class InboxCommandsTest {

    private static final String NL = System.lineSeparator();
    private static final String GITHUB = "io.devrig.plugin.github";
    private static final String MAIL = "io.devrig.plugin.mail";
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    private final FakeInbox inbox = new FakeInbox();
    private final Leaks.Out out = new Leaks.Out();
    private final InboxCommands commands = new InboxCommands(inbox, out.stream, () -> inbox.now, BERLIN);

    private CommandException failure(ThrowingCallable call) {
        CommandException e = catchThrowableOfType(CommandException.class, call);
        assertThat(e).as("the command fails").isNotNull();
        assertThat(Leaks.shownByKaraf(e)).isEqualTo(e.getNiceHelp() + NL).doesNotContain("Exception");
        return e;
    }

    private void threeItems() {
        inbox.add("01A", GITHUB, "pull_request", "Fix the build", Priority.HIGH, InboxStatus.UNREAD, true, 10)
                .add("01B", MAIL, "email", "Re: " + "x".repeat(70), Priority.NORMAL, InboxStatus.READ, false, 20)
                .add("01C", GITHUB, "issue", "Old news", Priority.LOW, InboxStatus.ARCHIVED, false, 30);
    }

    // ---- inbox

    @Test
    void inboxListsTheItemsNotArchivedAndHowManyMatch() throws Exception {
        threeItems();

        commands.list(InboxQuery.all());

        String title = "Re: " + "x".repeat(53) + "...";
        assertThat(title).hasSize(InboxText.TITLE_WIDTH);
        assertThat(out.text()).isEqualTo(String.join(NL,
                "ID  | PLUGIN                  | TYPE         | PRIORITY | STATUS | ACT | TITLE"
                        + " ".repeat(56) + "| UPDATED",
                "----+-------------------------+--------------+----------+--------+-----+-" + "-".repeat(61)
                        + "+---------------------",
                "01A | io.devrig.plugin.github | pull_request | high     | unread | *   | Fix the build"
                        + " ".repeat(48) + "| 2026-11-23 07:50:00Z",
                "01B | io.devrig.plugin.mail   | email        | normal   | read   |     | " + title
                        + " | 2026-11-23 07:40:00Z",
                "2 of 2 items.", ""));
    }

    @Test
    void inboxPassesEveryFilterAndPageAndCountsWithoutThePage() throws Exception {
        for (int i = 1; i <= 5; i++) {
            inbox.add("01U" + i, GITHUB, "pull_request", "pr " + i, Priority.values()[i % 4], InboxStatus.UNREAD, true, i);
        }
        inbox.add("01S", GITHUB, "pull_request", "snoozed", Priority.LOW, InboxStatus.SNOOZED, true, 9)
                .add("01M", MAIL, "pull_request", "other plugin", Priority.LOW, InboxStatus.UNREAD, true, 9)
                .add("01N", GITHUB, "issue", "other type", Priority.LOW, InboxStatus.UNREAD, true, 9)
                .add("01X", GITHUB, "pull_request", "not actionable", Priority.LOW, InboxStatus.UNREAD, false, 9);
        InboxQuery query = InboxQuery.all().withStatuses(InboxText.statuses(List.of("unread,SNOOZED")))
                .withTypes(List.of("pull_request")).withPlugin(GITHUB).withActionable(true).withPage(2, 2)
                .withOrder(InboxQuery.Order.UPDATED);

        commands.list(query);

        assertThat(out.text()).contains("01U3 ", "01U4 ").doesNotContain("01U1", "01U2", "01U5", "01M", "01N", "01X")
                .endsWith("2 of 6 items (from #3)." + NL);
        assertThat(inbox.lastQuery).isEqualTo(query);
    }

    @Test
    void inboxSaysNoItemsOrThatThePageIsPastTheEnd() throws Exception {
        commands.list(InboxQuery.all());
        assertThat(out.text()).isEqualTo("No items." + NL);

        threeItems();
        Leaks.Out page = new Leaks.Out();
        new InboxCommands(inbox, page.stream, () -> inbox.now, BERLIN).list(InboxQuery.all().withPage(10, 10));
        assertThat(page.text()).isEqualTo("0 of 2 items (from #11)." + NL);
    }

    @Test
    void inboxTextFromPluginsCannotRewriteTheTerminal() throws Exception {
        inbox.add("01A", GITHUB, "pull_request", "evil\u001b[2J\ntitle", Priority.HIGH, InboxStatus.UNREAD, false, 1);
        commands.list(InboxQuery.all());
        assertThat(out.text()).contains("evil [2J title").doesNotContain("\u001b");
    }

    // ---- inbox-search

    @Test
    void searchPrintsRankIdPluginStatusTitleAndSnippet() throws Exception {
        threeItems();
        inbox.add("01D", GITHUB, "pull_request", "build build failing", Priority.URGENT, InboxStatus.UNREAD, true, 5);

        commands.search("build", InboxQuery.all());

        assertThat(out.text()).isEqualTo(String.join(NL,
                "RANK  | ID  | PLUGIN                  | STATUS | TITLE               | SNIPPET",
                "------+-----+-------------------------+--------+---------------------+----------------------",
                "-2.00 | 01D | io.devrig.plugin.github | unread | build build failing | [build] build failing",
                "-1.00 | 01A | io.devrig.plugin.github | unread | Fix the build       | Fix the [build]",
                "2 matches.", ""));
        assertThat(inbox.lastSearch).isEqualTo("build");
    }

    @Test
    void searchAppliesTheFiltersAndSaysWhenTheLimitCut() throws Exception {
        threeItems();
        inbox.add("01D", GITHUB, "pull_request", "build again", Priority.URGENT, InboxStatus.UNREAD, true, 5);

        commands.search("build", InboxQuery.all().withPlugin(GITHUB).withPage(1, 0));

        assertThat(out.text()).contains("01A").doesNotContain("01D")
                .endsWith("1 match (the best 1; see more with --offset 1)." + NL);
        assertThat(inbox.lastQuery.pluginId()).isEqualTo(GITHUB);
    }

    @Test
    void searchSaysWhenOnlyTheNewestMatchesWereRanked() throws Exception {
        threeItems();
        inbox.add("01D", GITHUB, "pull_request", "build again", Priority.URGENT, InboxStatus.UNREAD, true, 5);
        inbox.rankWindow = 1;

        commands.search("build", InboxQuery.all());

        assertThat(out.text()).endsWith("1 match." + NL
                + "Ranked among the newest 1 matches only; add words or filters to reach older items." + NL);

        out.reset();
        inbox.rankWindow = 2;
        commands.search("build", InboxQuery.all());
        assertThat(out.text()).endsWith("2 matches." + NL).doesNotContain("Ranked among");
    }

    @Test
    void searchWithoutMatchesOrWithABadQuery() throws Exception {
        threeItems();
        commands.search("nothing-like-it", InboxQuery.all());
        assertThat(out.text()).isEqualTo("No matches." + NL);

        assertThat(failure(() -> commands.search("\"unclosed", InboxQuery.all())).getNiceHelp())
                .isEqualTo("Error: the search query cannot be parsed: unterminated string");
        assertThat(failure(() -> commands.search("  ", InboxQuery.all())).getNiceHelp())
                .isEqualTo("Error: give the text to search for");
    }

    // ---- inbox-show

    @Test
    void showPrintsEveryFieldTheBodyAndTheMetadata() throws Exception {
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("repo", "acme/api");
        metadata.put("labels", List.of("ci", "bug"));
        metadata.put("checks", Map.of("passed", 3));
        inbox.put(new InboxItem("01A", GITHUB, "pr-42", "pull_request", "Fix the build", "Line one\r\n\n\tcode\u001b[31m",
                "CI is red", "https://github.com/acme/api/pull/42", Priority.HIGH, InboxStatus.SNOOZED, true, metadata,
                "2026-11-24T08:00:00.000Z", "2026-11-22T10:00:00Z", "needs-review", "A one-line fix to CI.",
                "Thanks!\nLooks good.", "2026-11-23T07:00:00.000Z", "2026-11-23T06:00:00.000Z", "2026-11-23T07:30:00.000Z"));

        commands.show("01A");

        assertThat(out.text()).isEqualTo(String.join(NL,
                "Item:           01A",
                "Plugin:         io.devrig.plugin.github",
                "External id:    pr-42",
                "Type:           pull_request",
                "Title:          Fix the build",
                "Preview:        CI is red",
                "Priority:       high",
                "Status:         snoozed",
                "Snoozed until:  2026-11-24 08:00:00Z",
                "Actionable:     yes",
                "Source:         https://github.com/acme/api/pull/42",
                "Source created: 2026-11-22 10:00:00Z",
                "Stored:         2026-11-23 06:00:00Z",
                "Updated:        2026-11-23 07:30:00Z",
                "Synced:         2026-11-23 07:00:00Z",
                "AI class:       needs-review",
                "AI summary:     A one-line fix to CI.",
                "",
                "Body:",
                "  Line one",
                "",
                "  \tcode [31m",
                "",
                "Metadata:",
                "  {",
                "    \"repo\": \"acme/api\",",
                "    \"labels\": [",
                "      \"ci\",",
                "      \"bug\"",
                "    ],",
                "    \"checks\": {",
                "      \"passed\": 3",
                "    }",
                "  }",
                "",
                "AI draft:",
                "  Thanks!",
                "  Looks good.", ""));
    }

    @Test
    void showOfAPlainItemLeavesOutTheAiFieldsAndMarksWhatIsEmpty() throws Exception {
        threeItems();

        commands.show("01B");

        assertThat(out.text()).contains("Status:         read" + NL, "Actionable:     no" + NL, "Source:         -" + NL,
                "Body:           -" + NL, "Metadata:       {}" + NL)
                .doesNotContain("AI ", "Snoozed until", "Body:" + NL);
        assertThat(failure(() -> commands.show("nope")).getNiceHelp()).isEqualTo("Error: no inbox item with id 'nope'");
    }

    // ---- inbox-read, inbox-archive, inbox-unsnooze

    @Test
    void readMarksItemsAndSaysHowManyChanged() throws Exception {
        threeItems();
        inbox.add("01D", GITHUB, "issue", "another", Priority.LOW, InboxStatus.UNREAD, false, 1);

        commands.markRead(List.of("01A", "01D", "01A"), true);
        commands.markRead(List.of("01A", "01B", "01C"), true);
        commands.markRead(List.of("01A"), false);

        assertThat(out.text()).isEqualTo(String.join(NL, "Marked 2 items read.",
                "Marked 0 of 3 items read; 3 were already read, archived or snoozed.",
                "Marked 1 item unread.", ""));
        assertThat(inbox.changes.get(0)).isEqualTo("markRead(true) [01A, 01D]");
        assertThat(inbox.get("01A").orElseThrow().status()).isEqualTo(InboxStatus.UNREAD);
        assertThat(inbox.get("01D").orElseThrow().status()).isEqualTo(InboxStatus.READ);
    }

    @Test
    void unknownIdsAreNamedAfterTheCountAndFailTheCommand() {
        threeItems();

        CommandException e = failure(() -> commands.markRead(List.of("01A", "nope", "01B", "gone"), true));

        assertThat(out.text()).isEqualTo("Marked 1 of 2 items read; 1 was already read, archived or snoozed." + NL);
        assertThat(e.getNiceHelp()).isEqualTo("Error: no inbox items with ids 'nope', 'gone'");
        assertThat(inbox.changes).containsExactly("markRead(true) [01A, 01B]");

        assertThat(failure(() -> commands.archive(List.of("nope"), false)).getNiceHelp())
                .isEqualTo("Error: no inbox item with id 'nope'");
        assertThat(inbox.changes).as("nothing to change, no call").hasSize(1);
        assertThat(failure(() -> commands.unsnooze(List.of(" ", ""))).getNiceHelp())
                .isEqualTo("Error: give at least one item id");
    }

    @Test
    void archiveAndUndo() throws Exception {
        threeItems();

        commands.archive(List.of("01A", "01C"), false);
        commands.archive(List.of("01A", "01B"), true);

        assertThat(out.text()).isEqualTo(String.join(NL, "Archived 1 of 2 items; 1 was already archived.",
                "Moved 1 of 2 items back to the inbox; 1 was not archived.", ""));
        assertThat(inbox.get("01A").orElseThrow().status()).isEqualTo(InboxStatus.READ);
        assertThat(inbox.changes).containsExactly("archive [01A, 01C]", "unarchive [01A, 01B]");
    }

    @Test
    void unsnoozeBringsSnoozedItemsBack() throws Exception {
        threeItems();
        inbox.add("01S", GITHUB, "issue", "later", Priority.LOW, InboxStatus.SNOOZED, false, 1);

        commands.unsnooze(List.of("01S"));
        commands.unsnooze(List.of("01S", "01A"));

        assertThat(out.text()).isEqualTo(String.join(NL, "Unsnoozed 1 item.",
                "Unsnoozed 0 of 2 items; 2 were not snoozed.", ""));
        assertThat(inbox.get("01S").orElseThrow().status()).isEqualTo(InboxStatus.UNREAD);
    }

    // ---- inbox-snooze

    @Test
    void snoozeUntilARelativeTimeAnInstantOrTomorrow() throws Exception {
        threeItems();

        commands.snooze(List.of("01A", "01B"), "2h");
        commands.snooze(List.of("01A"), "2026-11-30T12:00:00Z");
        commands.snooze(List.of("01A"), "tomorrow");

        assertThat(out.text()).isEqualTo(String.join(NL,
                "Snoozed 2 items until 2026-11-23 10:00:00Z (2026-11-23 11:00 Europe/Berlin).",
                "Snoozed 1 item until 2026-11-30 12:00:00Z (2026-11-30 13:00 Europe/Berlin).",
                // 09:00 the next day in the system time zone (Berlin: UTC+1 in November)
                "Snoozed 1 item until 2026-11-24 08:00:00Z (2026-11-24 09:00 Europe/Berlin).", ""));
        assertThat(inbox.get("01A").orElseThrow().snoozedUntil()).isEqualTo("2026-11-24T08:00:00.000Z");
        assertThat(inbox.changes).containsExactly("snooze(2026-11-23T10:00:00.000Z) [01A, 01B]",
                "snooze(2026-11-30T12:00:00.000Z) [01A]", "snooze(2026-11-24T08:00:00.000Z) [01A]");
    }

    @Test
    void snoozeInAUtcZoneShowsOnlyUtcAndSaysWhatWasLeft() throws Exception {
        threeItems();
        InboxCommands utc = new InboxCommands(inbox, out.stream, () -> inbox.now, ZoneOffset.UTC);

        utc.snooze(List.of("01A", "01C"), "30m");

        assertThat(out.text()).isEqualTo("Snoozed 1 of 2 items until 2026-11-23 08:30:00Z; 1 was left as it was." + NL);
    }

    @Test
    void snoozeRefusesPastAndUnreadableTimesBeforeTouchingAnything() {
        threeItems();

        assertThat(failure(() -> commands.snooze(List.of("01A"), "2026-11-23T07:00:00Z")).getNiceHelp())
                .isEqualTo("Error: the snooze time 2026-11-23 07:00:00Z (2026-11-23 08:00 Europe/Berlin) is not in the"
                        + " future (now: 2026-11-23 08:00:00Z)");
        assertThat(failure(() -> commands.snooze(List.of("01A"), "0m")).getNiceHelp()).contains("is not in the future");
        assertThat(failure(() -> commands.snooze(List.of("01A"), "soon")).getNiceHelp())
                .isEqualTo("Error: cannot read the time 'soon'; give an ISO-8601 time (2026-11-24T09:00:00Z), a duration"
                        + " (30m, 2h, 1d, 1w) or tomorrow");
        assertThat(failure(() -> commands.snooze(List.of("nope"), "1d")).getNiceHelp())
                .isEqualTo("Error: no inbox item with id 'nope'");
        assertThat(inbox.changes).isEmpty();
        assertThat(out.text()).isEmpty();
    }

    // ---- inbox-act

    @Test
    void actPrintsTheActionsOutputAsIndentedJson() throws Exception {
        threeItems();
        inbox.action("github.merge_pr", Set.of(GITHUB), List.of("method"), in -> Map.of("merged", true, "sha", "abc",
                "itemUpdate", Map.of("status", "archived")));

        commands.act("01A", "github.merge_pr", "{\"method\": \"squash\", \"n\": 2, \"x\": 1.5, \"tags\": [\"a\", null]}");

        assertThat(out.text()).startsWith("{" + NL).contains("  \"merged\": true", "  \"sha\": \"abc\"",
                "    \"status\": \"archived\"").endsWith("}" + NL);
        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("method", "squash");
        expected.put("n", 2);
        expected.put("x", new java.math.BigDecimal("1.5")); // decimals are read exactly
        expected.put("tags", java.util.Arrays.asList("a", null));
        assertThat(inbox.actInputs).containsExactly(expected);
        assertThat(inbox.get("01A").orElseThrow().status()).isEqualTo(InboxStatus.ARCHIVED);
    }

    @Test
    void actWithoutInputOrOutput() throws Exception {
        threeItems();
        inbox.action("mail.mark_spam", Set.of(MAIL), List.of(), in -> null);

        commands.act("01B", "mail.mark_spam", null);

        assertThat(out.text()).isEqualTo("null" + NL);
        assertThat(inbox.actInputs).containsExactly((Map<String, Object>) null);
    }

    @Test
    void actFailuresAreOneLine() {
        threeItems();
        inbox.action("github.merge_pr", Set.of(GITHUB), List.of("method", "sha"), in -> Map.of());
        inbox.action("github.boom", Set.of(GITHUB), List.of(), in -> {
            throw new DevRigException(ErrorCodes.PLUGIN_ERROR, ErrorCategory.PLUGIN, "merge refused:\nbranch protected");
        });

        assertThat(failure(() -> commands.act("nope", "github.merge_pr", null)).getNiceHelp())
                .isEqualTo("Error: no inbox item with id 'nope'");
        assertThat(failure(() -> commands.act("01B", "github.merge_pr", null)).getNiceHelp())
                .isEqualTo("Error: action type 'github.merge_pr' does not apply to items of io.devrig.plugin.mail");
        assertThat(failure(() -> commands.act("01A", "github.merge_pr", "{}")).getNiceHelp())
                .isEqualTo("Error: the input does not match the action's input schema: $.method: required; $.sha: required");
        assertThat(failure(() -> commands.act("01A", "github.boom", null)).getNiceHelp())
                .isEqualTo("Error: merge refused: branch protected");
        assertThat(out.text()).isEmpty();
    }

    // ---- inbox-stats

    @Test
    void statsPrintsTheFiguresAndBothTables() throws Exception {
        threeItems();
        inbox.add("01D", GITHUB, "issue", "old", Priority.URGENT, InboxStatus.READ, true, 60 * 25)
                .add("01E", GITHUB, "issue", "new", Priority.HIGH, InboxStatus.UNREAD, false, 5);

        commands.stats();

        assertThat(out.text()).isEqualTo(String.join(NL,
                "Items:      4 (not archived)",
                "Unread:     2",
                "Actionable: 2",
                "Last 24 h:  3",
                "",
                "PLUGIN                  | ITEMS",
                "------------------------+------",
                "io.devrig.plugin.github | 3",
                "io.devrig.plugin.mail   | 1",
                "",
                "PRIORITY | ITEMS",
                "---------+------",
                "urgent   | 1",
                "high     | 2",
                "normal   | 1",
                "low      | 0", ""));
    }

    @Test
    void statsOfAnEmptyInboxIsTheFiguresAlone() throws Exception {
        inbox.add("01C", GITHUB, "issue", "Old news", Priority.LOW, InboxStatus.ARCHIVED, false, 30);

        commands.stats();

        assertThat(out.text()).isEqualTo(String.join(NL, "Items:      0 (not archived)", "Unread:     0",
                "Actionable: 0", "Last 24 h:  0", ""));
    }

    // ---- the service down or failing

    @Test
    void everyCommandSaysSoWhenTheInboxIsNotRunning() {
        InboxCommands none = new InboxCommands(null, out.stream, () -> inbox.now, BERLIN);
        for (ThrowingCallable call : List.<ThrowingCallable>of(() -> none.list(InboxQuery.all()),
                () -> none.search("x", InboxQuery.all()), () -> none.show("a"), () -> none.markRead(List.of("a"), true),
                () -> none.archive(List.of("a"), false), () -> none.archive(List.of("a"), true),
                () -> none.snooze(List.of("a"), "1h"), () -> none.unsnooze(List.of("a")),
                () -> none.act("a", "t.x", null), none::stats)) {
            assertThat(failure(call).getNiceHelp()).isEqualTo("Error: the inbox is not running");
        }
        assertThat(out.text()).isEmpty();
    }

    @Test
    void aFailingInboxIsOneErrorLine() {
        inbox.failWith(new DevRigException(ErrorCodes.DB_UNAVAILABLE, ErrorCategory.TRANSIENT, "the database is closed"));
        for (ThrowingCallable call : List.<ThrowingCallable>of(() -> commands.list(InboxQuery.all()),
                () -> commands.show("a"), () -> commands.markRead(List.of("a"), true), commands::stats,
                () -> commands.act("a", "t.x", null))) {
            assertThat(failure(call).getNiceHelp()).isEqualTo("Error: the database is closed");
        }
    }
}
