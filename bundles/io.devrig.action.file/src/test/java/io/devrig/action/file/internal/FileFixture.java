package io.devrig.action.file.internal;

import io.devrig.action.file.roots.RootRule;
import io.devrig.testing.TestActionContext;
import java.lang.annotation.Annotation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A real folder layout in a temp folder: {@code root/} (the one file root), {@code outside/}
 * (not allowed) and {@code karaf/data}, {@code karaf/etc} (DevRig's own, protected), with the
 * three actions built on that rule.
 */
final class FileFixture {

    final Path root;
    final Path outside;
    final Path data;
    final RootRule rule;
    final ReadAction read;
    final WriteAction write;
    final TransformAction transform;
    final TestActionContext context = new TestActionContext();

    FileFixture(Path tmp) throws Exception {
        this(tmp, 10L * 1024 * 1024, 10L * 1024 * 1024);
    }

    FileFixture(Path tmp, long maxRead, long maxWrite) throws Exception {
        root = Files.createDirectories(tmp.resolve("root")).toRealPath();
        outside = Files.createDirectories(tmp.resolve("outside")).toRealPath();
        // DevRig's folders inside the root, as if an admin had configured a too-wide root
        data = Files.createDirectories(root.resolve("karaf/data"));
        Files.createDirectories(root.resolve("karaf/etc"));
        rule = new RootRule(List.of(root), List.of(data, root.resolve("karaf/etc")), "test config");
        FileConfig config = config(new String[] {root.toString()}, maxRead, maxWrite);
        read = new ReadAction(rule, config);
        write = new WriteAction(rule, config);
        transform = new TransformAction(rule, config);
    }

    static FileConfig config(String[] roots, long maxRead, long maxWrite) {
        return new FileConfig() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return FileConfig.class;
            }

            @Override
            public String[] roots() {
                return roots;
            }

            @Override
            public long maxReadBytes() {
                return maxRead;
            }

            @Override
            public long maxWriteBytes() {
                return maxWrite;
            }
        };
    }
}
