package io.devrig.action.file.internal;

import static io.devrig.testing.DevRigAssertions.devrigError;
import static org.assertj.core.api.Assertions.assertThat;

import io.devrig.action.file.roots.RootRule;
import io.devrig.api.error.DevRigException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** file.read and file.write on real files in a temp folder. */
class ReadWriteTest {

    @TempDir
    Path tmp;
    FileFixture f;

    @BeforeEach
    void setUp() throws Exception {
        f = new FileFixture(tmp);
        Files.writeString(f.outside.resolve("secret.txt"), "TOP-SECRET");
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> read(Map<String, Object> input) {
        return (Map<String, Object>) f.read.execute(input, f.context);
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> write(Map<String, Object> input) {
        return (Map<String, Object>) f.write.execute(input, f.context);
    }

    static Map<String, Object> in(Object... pairs) {
        Map<String, Object> m = new HashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            m.put((String) pairs[i], pairs[i + 1]);
        }
        return m;
    }

    @Test
    void readsTextAndBytes() throws Exception {
        Path file = Files.writeString(f.root.resolve("notes.txt"), "grüße\n");
        Map<String, Object> out = read(in("path", file.toString()));
        assertThat(out).containsEntry("content", "grüße\n").containsEntry("as", "text")
                .containsEntry("encoding", "UTF-8").containsEntry("size", 8).containsEntry("path", file.toString());
        assertThat((String) out.get("modifiedAt")).endsWith("Z");

        byte[] binary = {0, (byte) 0xff, (byte) 0xfe, 10, 13};
        Files.write(f.root.resolve("b.bin"), binary);
        Map<String, Object> b = read(in("path", f.root + "/b.bin", "as", "base64"));
        assertThat(Base64.getDecoder().decode((String) b.get("content"))).isEqualTo(binary);
        assertThat(b).doesNotContainKey("encoding");

        Files.write(f.root.resolve("latin.txt"), "grüße".getBytes(StandardCharsets.ISO_8859_1));
        assertThat(read(in("path", f.root + "/latin.txt", "encoding", "ISO-8859-1"))).containsEntry("content", "grüße");
    }

    @Test
    void invalidTextIsAnErrorThatQuotesNothing() throws Exception {
        byte[] bytes = "TOP-SECRET \u00fc".getBytes(StandardCharsets.ISO_8859_1);
        Files.write(f.root.resolve("latin.txt"), bytes);
        DevRigException e = devrigError(() -> read(in("path", f.root + "/latin.txt")));
        assertThat(e.code()).isEqualTo(FileErrors.UNREADABLE);
        assertThat(e.getMessage()).contains("base64").doesNotContain("TOP-SECRET");
        assertThat(devrigError(() -> read(in("path", f.root + "/latin.txt", "encoding", "no-such-charset"))).code())
                .isEqualTo("INVALID_INPUT");
    }

    @Test
    void sizeCapsRefuseLargerFiles() throws Exception {
        Files.write(f.root.resolve("big.bin"), new byte[2000]);
        DevRigException e = devrigError(() -> read(in("path", f.root + "/big.bin", "maxBytes", 1999)));
        assertThat(e.code()).isEqualTo(FileErrors.TOO_LARGE);
        assertThat(e.error().details()).containsEntry("limit", 1999L).containsEntry("size", 2000L);
        assertThat(read(in("path", f.root + "/big.bin", "maxBytes", 2000, "as", "base64"))).containsEntry("size", 2000);
        // the input cannot raise the configured limit
        FileFixture small = new FileFixture(tmp.resolve("small"), 100, 100);
        Files.write(small.root.resolve("big.bin"), new byte[101]);
        assertThat(devrigError(() -> small.read.execute(in("path", small.root + "/big.bin"), small.context)).code())
                .isEqualTo(FileErrors.TOO_LARGE);
        assertThat(devrigError(() -> small.read.execute(in("path", small.root + "/big.bin", "maxBytes", 1000),
                small.context)).code()).isEqualTo("INVALID_INPUT");
        assertThat(devrigError(() -> small.write.execute(in("path", small.root + "/w.txt", "content", "x".repeat(101)),
                small.context)).code()).isEqualTo(FileErrors.TOO_LARGE);
        assertThat(small.root.resolve("w.txt")).doesNotExist();
    }

    @Test
    void missingFilesFoldersAndRefusedPaths() throws Exception {
        assertThat(devrigError(() -> read(in("path", f.root + "/nope.txt"))).code()).isEqualTo(FileErrors.NOT_FOUND);
        assertThat(devrigError(() -> read(in("path", f.root.toString()))).code()).isEqualTo(FileErrors.NOT_A_FILE);
        DevRigException outside = devrigError(() -> read(in("path", f.outside + "/secret.txt")));
        assertThat(outside.code()).isEqualTo(RootRule.PATH_REFUSED);
        assertThat(outside.getMessage()).doesNotContain("TOP-SECRET");
        assertThat(devrigError(() -> read(in("path", f.root + "/../outside/secret.txt"))).code())
                .isEqualTo(RootRule.PATH_REFUSED);
        Files.createSymbolicLink(f.root.resolve("s.txt"), f.outside.resolve("secret.txt"));
        assertThat(devrigError(() -> read(in("path", f.root + "/s.txt"))).error().details())
                .containsEntry("rule", RootRule.RULE_OUTSIDE);
        Files.writeString(f.data.resolve("devrig.db"), "db");
        assertThat(devrigError(() -> read(in("path", f.data + "/devrig.db"))).error().details())
                .containsEntry("rule", RootRule.RULE_PROTECTED);
        assertThat(devrigError(() -> read(in("path", f.root + "/x", "extra", 1))).code()).isEqualTo("INVALID_INPUT");
    }

    @Test
    void createNeverReplacesOtherContent() throws Exception {
        String path = f.root + "/out.txt";
        assertThat(write(in("path", path, "content", "one"))).containsEntry("created", true)
                .containsEntry("bytesWritten", 3).containsEntry("size", 3L).containsEntry("mode", "create");
        // the same content again (a retried node) is done already
        assertThat(write(in("path", path, "content", "one"))).containsEntry("created", false)
                .containsEntry("bytesWritten", 0);
        DevRigException e = devrigError(() -> write(in("path", path, "content", "two")));
        assertThat(e.code()).isEqualTo(FileErrors.EXISTS);
        assertThat(Files.readString(Path.of(path))).isEqualTo("one");
        assertNoTempFiles();
    }

    @Test
    void overwriteAppendAndBase64() throws Exception {
        String path = f.root + "/out.txt";
        assertThat(write(in("path", path, "content", "v1", "mode", "overwrite"))).containsEntry("created", true);
        assertThat(write(in("path", path, "content", "v2", "mode", "overwrite"))).containsEntry("created", false);
        assertThat(Files.readString(Path.of(path))).isEqualTo("v2");
        write(in("path", path, "content", "+more", "mode", "append"));
        assertThat(Files.readString(Path.of(path))).isEqualTo("v2+more");
        write(in("path", f.root + "/new.log", "content", "first", "mode", "append"));
        assertThat(Files.readString(f.root.resolve("new.log"))).isEqualTo("first");
        write(in("path", f.root + "/b.bin", "content", Base64.getEncoder().encodeToString(new byte[] {1, 2, 0}), "as",
                "base64"));
        assertThat(Files.readAllBytes(f.root.resolve("b.bin"))).containsExactly(1, 2, 0);
        assertThat(devrigError(() -> write(in("path", f.root + "/c.bin", "content", "%%%", "as", "base64"))).code())
                .isEqualTo("INVALID_INPUT");
        assertNoTempFiles();
    }

    @Test
    void aPermissionProblemIsPermanentOtherFailuresTransient() {
        // (the tests may run as root, which no file permission stops: the mapping is checked directly)
        DevRigException denied = FileErrors.io("read", "/x", new java.nio.file.AccessDeniedException("/x"));
        assertThat(denied.code()).isEqualTo(FileErrors.IO);
        assertThat(denied.category()).isEqualTo(io.devrig.api.error.ErrorCategory.PERMANENT);
        DevRigException full = FileErrors.io("write", "/x", new java.io.IOException("No space left on device"));
        assertThat(full.category()).isEqualTo(io.devrig.api.error.ErrorCategory.TRANSIENT);
        assertThat(full.getMessage()).isEqualTo("FILE_IO_ERROR (transient): cannot write '/x': IOException");
    }

    @Test
    void overwriteKeepsTheFilesPermissions() throws Exception {
        Path file = Files.writeString(f.root.resolve("script.sh"), "old");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-x---"));
        write(in("path", file.toString(), "content", "new", "mode", "overwrite"));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rwxr-x---");
    }

    @Test
    void foldersAreCreatedOnlyWhenAsked() throws Exception {
        String path = f.root + "/a/b/c.txt";
        assertThat(devrigError(() -> write(in("path", path, "content", "x"))).code()).isEqualTo(FileErrors.NOT_FOUND);
        assertThat(f.root.resolve("a")).doesNotExist();
        write(in("path", path, "content", "x", "createFolders", true));
        assertThat(Files.readString(Path.of(path))).isEqualTo("x");
    }

    @Test
    void writesThroughLinksOrIntoDevrigsFoldersAreRefused() throws Exception {
        Files.createSymbolicLink(f.root.resolve("out"), f.outside);
        Files.createSymbolicLink(f.root.resolve("secret.txt"), f.outside.resolve("secret.txt"));
        for (String mode : List.of("create", "overwrite", "append")) {
            assertThat(devrigError(() -> write(in("path", f.root + "/out/x.txt", "content", "x", "mode", mode)))
                    .code()).isEqualTo(RootRule.PATH_REFUSED);
            assertThat(devrigError(() -> write(in("path", f.root + "/secret.txt", "content", "x", "mode", mode)))
                    .code()).isEqualTo(RootRule.PATH_REFUSED);
            assertThat(devrigError(() -> write(in("path", f.data + "/x.cfg", "content", "x", "mode", mode)))
                    .error().details()).containsEntry("rule", RootRule.RULE_PROTECTED);
            assertThat(devrigError(() -> write(in("path", f.root + "/../outside/x.txt", "content", "x", "mode", mode)))
                    .error().details()).containsEntry("rule", RootRule.RULE_PARENT);
        }
        assertThat(Files.readString(f.outside.resolve("secret.txt"))).isEqualTo("TOP-SECRET");
        try (Stream<Path> files = Files.list(f.outside)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("secret.txt");
        }
        assertThat(devrigError(() -> write(in("path", f.root.toString(), "content", "x", "mode", "overwrite"))).code())
                .isEqualTo(FileErrors.NOT_A_FILE);
        // even with the whole file system as a root, '/' is no file to write
        WriteAction everything = new WriteAction(new RootRule(List.of(Path.of("/")), List.of(), "test"),
                FileFixture.config(new String[] {"/"}, 100, 100));
        assertThat(devrigError(() -> everything.execute(in("path", "/", "content", "x", "mode", "overwrite"), f.context))
                .code()).isEqualTo(FileErrors.NOT_A_FILE);
    }

    @Test
    void aDryRunPreviewsAndWritesNothing() throws Exception {
        Map<String, Object> preview = castMap(f.write.preview(in("path", f.root + "/p.txt", "content", "abc",
                "mode", "overwrite"), f.context.dryRun(true)));
        assertThat(preview).containsEntry("preview", true).containsEntry("path", f.root.resolve("p.txt").toString())
                .containsEntry("bytes", 3).containsEntry("exists", false).containsEntry("actionType", "file.write");
        assertThat(f.root.resolve("p.txt")).doesNotExist();
        // a refused path is refused in the preview too
        assertThat(devrigError(() -> f.write.preview(in("path", f.outside + "/x", "content", "x"), f.context)).code())
                .isEqualTo(RootRule.PATH_REFUSED);
    }

    /**
     * Overwrite is atomic: while a writer replaces a 256 KiB file again and again with all-'a'
     * or all-'b' content, a reader never sees a mix, a short file or no file.
     */
    @Test
    void aConcurrentReaderNeverSeesAPartialFile() throws Exception {
        int size = 256 * 1024;
        String a = "a".repeat(size);
        String b = "b".repeat(size);
        Path file = f.root.resolve("shared.txt");
        write(in("path", file.toString(), "content", a, "mode", "overwrite"));
        AtomicBoolean done = new AtomicBoolean();
        AtomicInteger reads = new AtomicInteger();
        AtomicReference<String> bad = new AtomicReference<>();
        CountDownLatch started = new CountDownLatch(1);
        Thread reader = new Thread(() -> {
            started.countDown();
            while (!done.get() && bad.get() == null) {
                try {
                    byte[] seen = Files.readAllBytes(file);
                    reads.incrementAndGet();
                    if (seen.length != size || !(allSame(seen, (byte) 'a') || allSame(seen, (byte) 'b'))) {
                        bad.set("read " + seen.length + " bytes, mixed or short");
                    }
                } catch (Exception e) {
                    bad.set(e.toString());
                }
            }
        });
        reader.start();
        started.await();
        for (int i = 0; i < 200; i++) {
            write(in("path", file.toString(), "content", i % 2 == 0 ? b : a, "mode", "overwrite"));
        }
        done.set(true);
        reader.join();
        assertThat(bad.get()).isNull();
        assertThat(reads.get()).isPositive();
        assertNoTempFiles();
    }

    private static boolean allSame(byte[] bytes, byte value) {
        for (byte x : bytes) {
            if (x != value) {
                return false;
            }
        }
        return true;
    }

    private void assertNoTempFiles() throws Exception {
        List<String> names = new ArrayList<>();
        try (Stream<Path> all = Files.walk(f.root)) {
            all.forEach(p -> names.add(p.getFileName().toString()));
        }
        assertThat(names).noneMatch(n -> n.endsWith(".tmp"));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> castMap(Object o) {
        return (Map<String, Object>) o;
    }
}
