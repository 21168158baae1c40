package io.devrig.trigger.file.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.devrig.api.error.DevRigException;
import io.devrig.api.trigger.TriggerHandler;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import io.devrig.testing.TestTriggerContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real folders and the JDK's watch service (inotify on Linux); no test asserts how long anything took. */
class FileTriggerTest {

    @TempDir
    Path tmp;
    Path allowed;
    Path data;
    FileTriggerType type;
    TriggerHandler handler;

    @BeforeEach
    void setUp() throws Exception {
        allowed = Files.createDirectories(tmp.resolve("home")).toRealPath();
        data = Files.createDirectories(allowed.resolve("karaf/data")).toRealPath();
        type = new FileTriggerType(List.of(allowed), List.of(data));
    }

    @AfterEach
    void tearDown() {
        if (handler != null) {
            handler.stop();
        }
        type.deactivate();
    }

    private TestTriggerContext watch(Map<String, Object> config) {
        assertThat(type.validate(config)).isEmpty();
        TestTriggerContext ctx = new TestTriggerContext("wf", config);
        handler = type.createHandler(ctx);
        handler.start();
        return ctx;
    }

    private static void await(String what, BooleanSupplier done) throws InterruptedException {
        long until = System.nanoTime() + 10_000_000_000L;
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > until) {
                throw new AssertionError("timed out waiting until " + what);
            }
            Thread.sleep(20);
        }
    }

    /** Long enough for any late fire of a burst to have happened (several debounce periods). */
    private static void settle() throws InterruptedException {
        Thread.sleep(1_000);
    }

    @Test
    void aBurstOfAHundredWritesToOneFileFiresOnceAfterTheDebounce() throws Exception {
        Path notes = Files.createDirectories(allowed.resolve("notes"));
        Path file = Files.writeString(notes.resolve("today.md"), "start");
        TestTriggerContext ctx = watch(Map.of("paths", List.of(notes + "/**.md"), "debounceMs", 300));
        for (int i = 0; i < 100; i++) {
            Files.writeString(file, "line " + i);
        }
        await("the burst fired", () -> !ctx.fired.isEmpty());
        settle();
        assertThat(ctx.fired).singleElement().satisfies(f -> {
            Map<?, ?> p = (Map<?, ?>) f.payload();
            assertThat(p.get("event")).isEqualTo("change");
            assertThat(p.get("path")).isEqualTo(file.toString());
            assertThat(p.get("name")).isEqualTo("today.md");
            assertThat(p.get("size")).isEqualTo((long) "line 99".length());
            assertThat(f.key()).startsWith(file + ":change:");
        });
    }

    @Test
    void addChangeAndUnlinkAreEventsAndAddedThenRemovedIsNothing() throws Exception {
        Path dir = Files.createDirectories(allowed.resolve("inbox"));
        TestTriggerContext ctx = watch(Map.of("paths", List.of(dir + "/*"), "debounceMs", 100));
        Path a = Files.writeString(dir.resolve("a.txt"), "a");
        await("a was added", () -> ctx.fired.size() == 1);
        Files.delete(a);
        await("a was removed", () -> ctx.fired.size() == 2);
        Path b = Files.writeString(dir.resolve("b.txt"), "b");
        Files.delete(b); // within the debounce: nothing happened
        settle();
        assertThat(ctx.fired).extracting(f -> (Object) ((Map<?, ?>) f.payload()).get("event")).containsExactly("add", "unlink");
    }

    @Test
    void ignorePatternsEventListsAndNewFoldersWithTheirFiles() throws Exception {
        Path repo = Files.createDirectories(allowed.resolve("repo"));
        Files.createDirectories(repo.resolve("node_modules/lib"));
        TestTriggerContext ctx = watch(Map.of("paths", List.of(repo + "/**"), "events", List.of("add"),
                "ignorePatterns", List.of("**/node_modules/**", "**/*.tmp"), "debounceMs", 100));
        Files.writeString(repo.resolve("node_modules/lib/x.js"), "x");
        Files.writeString(repo.resolve("scratch.tmp"), "t");
        // a folder made with files in it: the files count as added
        Path docs = Files.createDirectories(repo.resolve("docs/api"));
        Files.writeString(docs.resolve("index.md"), "# api");
        await("index.md was added", () -> ctx.fired.stream().anyMatch(f -> f.key().contains("index.md")));
        Files.writeString(docs.resolve("index.md"), "# api v2"); // a change: not listed in events
        settle();
        assertThat(ctx.fired).extracting(f -> (Object) ((Map<?, ?>) f.payload()).get("name")).containsExactly("index.md");
    }

    @Test
    void depthAndSymbolicLinksAreNotFollowedByDefault() throws Exception {
        Path top = Files.createDirectories(allowed.resolve("top"));
        Path deep = Files.createDirectories(top.resolve("one/two"));
        Path elsewhere = Files.createDirectories(allowed.resolve("elsewhere"));
        Files.createSymbolicLink(top.resolve("link"), elsewhere);
        TestTriggerContext ctx = watch(Map.of("paths", List.of(top + "/**"), "depth", 1, "debounceMs", 100));
        Files.writeString(deep.resolve("too-deep.txt"), "x");
        Files.writeString(elsewhere.resolve("through-link.txt"), "x");
        Files.writeString(top.resolve("one/shallow.txt"), "x");
        await("shallow.txt was added", () -> !ctx.fired.isEmpty());
        settle();
        assertThat(ctx.fired).extracting(f -> (Object) ((Map<?, ?>) f.payload()).get("name")).containsExactly("shallow.txt");
    }

    @Test
    void pathsOutsideTheAllowedRootsOrInDevRigsOwnFoldersAreRefusedAtPublish() {
        assertThat(type.validate(Map.of("paths", List.of("/etc/**")))).singleElement().satisfies(p -> assertThat(p)
                .startsWith("$.trigger.paths[0]: /etc is outside the folders an admin allows"));
        assertThat(type.validate(Map.of("paths", List.of(data + "/*.db")))).singleElement()
                .isEqualTo("$.trigger.paths[0]: DevRig's own data and etc folders are never watched");
        assertThat(type.validate(Map.of("paths", List.of(allowed + "/../escape/*")))).singleElement()
                .isEqualTo("$.trigger.paths[0]: must not contain . or .. segments");
        assertThat(type.validate(Map.of("paths", List.of("relative/*.md"), "debounceMs", -5, "depth", 99,
                "events", List.of("touch"), "followSymlinks", "yes", "recursive", true)))
                .contains("$.trigger.paths[0]: must be an absolute path (or start with ~/)",
                        "$.trigger.debounceMs: must be a whole number from 0 to 60000",
                        "$.trigger.depth: must be a whole number from 0 to 32",
                        "$.trigger.events: must list add, change and/or unlink",
                        "$.trigger.followSymlinks: must be true or false")
                .anySatisfy(p -> assertThat(p).startsWith("$.trigger.recursive: unknown field"));
        assertThat(type.validate(Map.of())).containsExactly(
                "$.trigger.paths: required: one or more absolute paths or glob patterns, e.g. \"~/notes/**/*.md\"");
        // the roots shrank after the version was published: the handler is not created
        assertThatThrownBy(() -> type.createHandler(new TestTriggerContext("wf", Map.of("paths", List.of("/etc/*")))))
                .isInstanceOf(DevRigException.class).hasMessageContaining("outside the folders");
    }

    @Test
    void afterStopNothingFiresAndTheWatchThreadIsGone() throws Exception {
        Path dir = Files.createDirectories(allowed.resolve("w"));
        TestTriggerContext ctx = watch(Map.of("paths", List.of(dir + "/*"), "debounceMs", 50));
        handler.stop();
        handler = null;
        Files.writeString(dir.resolve("late.txt"), "x");
        settle();
        assertThat(ctx.fired).isEmpty();
        assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().equals("devrig-trigger-file-T1"));
    }
}
