package io.devrig.action.file.roots;

import static io.devrig.testing.DevRigAssertions.devrigError;
import static org.assertj.core.api.Assertions.assertThat;

import io.devrig.api.error.DevRigException;
import io.devrig.api.error.ErrorCategory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The root rule against a real folder tree with real symbolic links. */
class RootRuleTest {

    @TempDir
    Path tmp;
    Path root;
    Path outside;
    Path data;
    RootRule rule;

    @BeforeEach
    void setUp() throws Exception {
        root = Files.createDirectories(tmp.resolve("root")).toRealPath();
        outside = Files.createDirectories(tmp.resolve("outside")).toRealPath();
        data = Files.createDirectories(root.resolve("devrig/data"));
        Files.writeString(outside.resolve("secret.txt"), "TOP-SECRET");
        rule = new RootRule(List.of(root), List.of(data), "PID x, key roots");
    }

    static void refusedBy(DevRigException e, String rule) {
        assertThat(e.code()).isEqualTo(RootRule.PATH_REFUSED);
        assertThat(e.category()).isEqualTo(ErrorCategory.PERMANENT);
        assertThat(e.error().details()).containsEntry("rule", rule);
        assertThat(e.getMessage()).contains("'" + rule + "'").doesNotContain("TOP-SECRET");
    }

    @Test
    void aFileInsideARootIsAllowedAsItsRealPath() throws Exception {
        Path file = Files.writeString(root.resolve("a.txt"), "x");
        assertThat(rule.confine(file.toString())).isEqualTo(file);
        // not existing yet (a file to write) is allowed too, below existing or missing folders
        assertThat(rule.confine(root + "/new/deeper/b.txt")).isEqualTo(root.resolve("new/deeper/b.txt"));
        assertThat(rule.confine(root + "/./a.txt")).isEqualTo(file);
        assertThat(rule.confine(root + "//a.txt")).isEqualTo(file);
    }

    @Test
    void noRootsAllowNothing() {
        RootRule none = new RootRule(List.of(), List.of(), "PID io.devrig.action.file, key roots");
        DevRigException e = devrigError(() -> none.confine(root.resolve("a.txt").toString()));
        refusedBy(e, RootRule.RULE_NO_ROOTS);
        assertThat(e.getMessage()).contains("PID io.devrig.action.file, key roots");
    }

    @Test
    void relativeAndMalformedPathsAreRefused() {
        refusedBy(devrigError(() -> rule.confine("a.txt")), RootRule.RULE_ABSOLUTE);
        refusedBy(devrigError(() -> rule.confine("./a.txt")), RootRule.RULE_ABSOLUTE);
        refusedBy(devrigError(() -> rule.confine("")), RootRule.RULE_SYNTAX);
        refusedBy(devrigError(() -> rule.confine(root + "/a\0b")), RootRule.RULE_SYNTAX);
        refusedBy(devrigError(() -> rule.confine(root + "/" + "x".repeat(5000))), RootRule.RULE_SYNTAX);
    }

    @Test
    void parentSegmentsAreRefusedEvenWhenTheyStayInside() throws Exception {
        Files.createDirectories(root.resolve("sub"));
        refusedBy(devrigError(() -> rule.confine(root + "/../outside/secret.txt")), RootRule.RULE_PARENT);
        refusedBy(devrigError(() -> rule.confine(root + "/sub/../a.txt")), RootRule.RULE_PARENT);
    }

    @Test
    void pathsOutsideEveryRootAreRefused() {
        refusedBy(devrigError(() -> rule.confine(outside.resolve("secret.txt").toString())), RootRule.RULE_OUTSIDE);
        refusedBy(devrigError(() -> rule.confine("/etc/passwd")), RootRule.RULE_OUTSIDE);
        // a sibling whose name starts like the root is not inside it
        refusedBy(devrigError(() -> rule.confine(root + "2/a.txt")), RootRule.RULE_OUTSIDE);
        refusedBy(devrigError(() -> rule.confine(root.getParent().toString())), RootRule.RULE_OUTSIDE);
    }

    @Test
    void aSymbolicLinkOutOfTheRootIsRefused() throws Exception {
        Files.createSymbolicLink(root.resolve("link.txt"), outside.resolve("secret.txt"));
        Files.createSymbolicLink(root.resolve("linkdir"), outside);
        DevRigException e = devrigError(() -> rule.confine(root + "/link.txt"));
        refusedBy(e, RootRule.RULE_OUTSIDE);
        assertThat(e.getMessage()).contains("symbolic link");
        refusedBy(devrigError(() -> rule.confine(root + "/linkdir/secret.txt")), RootRule.RULE_OUTSIDE);
        // a file that does not exist yet, below a linked folder, is outside too
        refusedBy(devrigError(() -> rule.confine(root + "/linkdir/new.txt")), RootRule.RULE_OUTSIDE);
    }

    @Test
    void aDanglingLinkIsRefused() throws Exception {
        Files.createSymbolicLink(root.resolve("dangling"), outside.resolve("not-yet"));
        refusedBy(devrigError(() -> rule.confine(root + "/dangling")), RootRule.RULE_OUTSIDE);
        refusedBy(devrigError(() -> rule.confine(root + "/dangling/x")), RootRule.RULE_OUTSIDE);
    }

    @Test
    void aLinkThatStaysInsideIsFollowed() throws Exception {
        Path target = Files.writeString(Files.createDirectories(root.resolve("real")).resolve("t.txt"), "x");
        Files.createSymbolicLink(root.resolve("alias"), root.resolve("real"));
        assertThat(rule.confine(root + "/alias/t.txt")).isEqualTo(target);
    }

    @Test
    void aRootThatIsItselfALinkIsResolved() throws Exception {
        Path link = Files.createSymbolicLink(tmp.resolve("rootlink"), root);
        RootRule linked = new RootRule(List.of(link), List.of(), "x");
        Path file = Files.writeString(root.resolve("a.txt"), "x");
        assertThat(linked.confine(link + "/a.txt")).isEqualTo(file);
        assertThat(linked.confine(file.toString())).isEqualTo(file);
        assertThat(linked.roots()).containsExactly(link);
    }

    @Test
    void devrigsOwnFoldersAreRefusedEvenInsideARoot() throws Exception {
        Files.writeString(data.resolve("devrig.db"), "db");
        refusedBy(devrigError(() -> rule.confine(data + "/devrig.db")), RootRule.RULE_PROTECTED);
        refusedBy(devrigError(() -> rule.confine(data.toString())), RootRule.RULE_PROTECTED);
        // and through a link inside the root that points into it
        Files.createSymbolicLink(root.resolve("db"), data.resolve("devrig.db"));
        refusedBy(devrigError(() -> rule.confine(root + "/db")), RootRule.RULE_PROTECTED);
        // the parent of data stays allowed
        assertThat(rule.confine(root + "/devrig/other.txt")).isEqualTo(root.resolve("devrig/other.txt"));
    }

    @Test
    void aRootCreatedAfterTheRuleCountsFromThen() throws Exception {
        Path later = tmp.resolve("later");
        RootRule r = new RootRule(List.of(later), List.of(), "x");
        assertThat(r.confine(later + "/a.txt")).isEqualTo(later.resolve("a.txt"));
        Files.createDirectories(outside.resolve("t"));
        Files.createSymbolicLink(later, outside.resolve("t"));
        // now the root is a link: the real folder is the root
        assertThat(r.confine(later + "/a.txt")).isEqualTo(outside.resolve("t/a.txt"));
    }
}
