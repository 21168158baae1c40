package io.devrig.plugin.guard.internal;

import io.devrig.plugin.guard.runtime.Checks;
import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the guard costs, printed beside a baseline measured in the same run, in alternating
 * rounds (median of each): loading a plugin's classes with and without weaving, and a
 * checked call against the same call unchecked. Not a test: nothing is asserted on time.
 * Run with {@code mvn -Pbench test -pl bundles/io.devrig.plugin.guard} (the profile adds
 * the shipped git and GitHub plugins as the class corpus).
 */
class GuardBenchmark {

    static final int ROUNDS = 31;
    static final String PLUGIN = ClassGuardTest.PLUGIN;   // the test policy answers for it

    @TempDir
    Path tmp;

    @Test
    void classLoading() throws Exception {
        Map<String, byte[]> shipped = corpus(true);
        Map<String, byte[]> hostile = corpus(false);
        Map<String, byte[]> both = new LinkedHashMap<>(shipped);
        both.putAll(hostile);
        for (int i = 0; i < 5 * ROUNDS; i++) {   // warm-up: the JIT compiles ASM, the checks and the loaders first
            ClassGuard.weave(both.values().iterator().next(), PLUGIN);
            load(both, i % 2 == 0);
        }
        classLoading("the shipped git and GitHub plugins", shipped);
        classLoading("the hostile test classes", hostile);
        classLoading("both together", both);
    }

    void classLoading(String what, Map<String, byte[]> corpus) throws Exception {
        // weaving alone, per class
        int rewritten = 0;
        for (Map.Entry<String, byte[]> e : corpus.entrySet()) {
            byte[] woven = ClassGuard.weave(e.getValue(), PLUGIN);
            if (woven != null) {
                rewritten++;
            }
        }
        long[] weaveOnly = new long[ROUNDS];
        for (int r = 0; r < ROUNDS; r++) {
            long t0 = System.nanoTime();
            for (byte[] b : corpus.values()) {
                ClassGuard.weave(b, PLUGIN);
            }
            weaveOnly[r] = System.nanoTime() - t0;
        }
        Map<String, byte[]> preWoven = new LinkedHashMap<>();
        corpus.forEach((name, b) -> {
            byte[] w = ClassGuard.weave(b, PLUGIN);
            preWoven.put(name, w == null ? b : w);
        });
        long[] plain = new long[ROUNDS];
        long[] woven = new long[ROUNDS];
        long[] defineWoven = new long[ROUNDS];
        for (int r = 0; r < ROUNDS; r++) {   // alternate (and rotate the order), so noise and GC fall on all
            for (int k = 0; k < 3; k++) {
                switch ((r + k) % 3) {
                    case 0 -> plain[r] = load(corpus, false);
                    case 1 -> woven[r] = load(corpus, true);
                    default -> defineWoven[r] = load(preWoven, false);
                }
            }
        }
        System.out.printf("%n[bench] class loading (define + link + verify) of %s: %d classes, %d rewritten%n",
                what, corpus.size(), rewritten);
        System.out.printf("[bench]   with the weaving hook   %8.2f ms%n", median(woven) / 1e6);
        System.out.printf("[bench]   without (baseline)      %8.2f ms%n", median(plain) / 1e6);
        System.out.printf("[bench]   ratio                   %8.2f x%n", (double) median(woven) / median(plain));
        System.out.printf("[bench]   woven bytes, defined    %8.2f ms (the woven classes' own cost, no weaving)%n",
                median(defineWoven) / 1e6);
        System.out.printf("[bench]   weaving alone           %8.2f ms (%.1f µs a class)%n", median(weaveOnly) / 1e6,
                median(weaveOnly) / 1e3 / corpus.size());
    }

    @Test
    void perCall() throws Exception {
        Path data = Files.createDirectories(tmp.resolve("data")).toRealPath();
        Path own = Files.createDirectories(data.resolve("devrig/plugins/" + PLUGIN));
        ClassGuardTest.TestPolicy policy = new ClassGuardTest.TestPolicy(own, List.of(data));
        policy.granted = Set.of("files:read");
        Checks.install(policy);
        try {
            String name = "io.devrig.plugin.guard.internal.benchcalls.CallLoops";
            Map<String, byte[]> one = Map.of(name, ClassGuardTest.bytes(name));
            Class<?> wovenClass = new CorpusLoader(one, true).loadClass(name);
            Class<?> plainClass = new CorpusLoader(one, false).loadClass(name);
            Path outside = Files.createDirectories(tmp.resolve("elsewhere"));
            measure("Class.forName", wovenClass, plainClass, "forName", 200_000, new Object[] {200_000});
            measure("Method.invoke (own method)", wovenClass, plainClass, "invoke", 200_000, new Object[] {200_000});
            measure("Files.isDirectory (own folder)", wovenClass, plainClass, "isDirectory", 20_000, new Object[] {20_000, own});
            measure("Files.isDirectory (elsewhere, files:read)", wovenClass, plainClass, "isDirectory", 20_000,
                    new Object[] {20_000, outside});
        } finally {
            Checks.install(null);
        }
    }

    static void measure(String what, Class<?> woven, Class<?> plain, String method, int n, Object[] args) throws Exception {
        Method w = Arrays.stream(woven.getMethods()).filter(m -> m.getName().equals(method)).findFirst().orElseThrow();
        Method p = Arrays.stream(plain.getMethods()).filter(m -> m.getName().equals(method)).findFirst().orElseThrow();
        long[] tw = new long[ROUNDS];
        long[] tp = new long[ROUNDS];
        for (int r = 0; r < ROUNDS; r++) {
            for (int k = 0; k < 2; k++) {   // swap the order every round
                boolean plainNow = (r + k) % 2 == 0;
                long t0 = System.nanoTime();
                (plainNow ? p : w).invoke(null, args);
                (plainNow ? tp : tw)[r] = System.nanoTime() - t0;
            }
        }
        double cw = (double) median(tw) / n;
        double cp = (double) median(tp) / n;
        System.out.printf("[bench] %-42s checked %8.1f ns/call, plain %8.1f ns/call, +%.1f ns (%.2f x)%n",
                what, cw, cp, cw - cp, cw / cp);
    }

    static long load(Map<String, byte[]> corpus, boolean weave) throws Exception {
        long t0 = System.nanoTime();
        CorpusLoader loader = new CorpusLoader(corpus, weave);
        for (String name : corpus.keySet()) {
            loader.loadClass(name).getDeclaredMethods();   // links (and so verifies) without initialising
        }
        return System.nanoTime() - t0;
    }

    static long median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    /**
     * The plugin classes to load: the shipped git and GitHub plugins when the bench profile
     * put them on the class path, plus the hostile test classes.
     */
    static Map<String, byte[]> corpus(boolean shipped) throws IOException {
        Map<String, byte[]> out = new LinkedHashMap<>();
        if (!shipped) {
            return hostile(out);
        }
        for (Path entry : PluginInstallBenchmark.shippedPlugins()) {
            {
                try (ZipFile zip = new ZipFile(entry.toFile())) {
                    for (ZipEntry e : java.util.Collections.list(zip.entries())) {
                        if (e.getName().endsWith(".class") && !e.getName().endsWith("package-info.class")) {
                            out.put(e.getName().replace('/', '.').replace(".class", ""), zip.getInputStream(e).readAllBytes());
                        }
                    }
                }
            }
        }
        return out;
    }

    static Map<String, byte[]> hostile(Map<String, byte[]> out) throws IOException {
        Path hostile = Path.of("target/test-classes/io/devrig/plugin/guard/internal/hostile");
        try (var files = Files.list(hostile)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                String name = "io.devrig.plugin.guard.internal.hostile." + p.getFileName().toString().replace(".class", "");
                byte[] bytes = Files.readAllBytes(p);
                try {
                    ClassGuard.weave(bytes, PLUGIN);
                    out.put(name, bytes);
                } catch (ClassGuard.Refused e) {
                    // refused while loading: not loadable woven, so not in the comparison
                }
            }
        }
        return out;
    }

    /** Defines the corpus classes itself (woven or not), like a bundle class loader with a weaving hook. */
    static final class CorpusLoader extends ClassGuardTest.DefiningLoader {
        private final Map<String, byte[]> corpus;
        private final boolean weave;

        CorpusLoader(Map<String, byte[]> corpus, boolean weave) {
            this.corpus = new HashMap<>(corpus);
            this.weave = weave;
        }

        @Override
        byte[] bytesFor(String name) {
            byte[] original = corpus.get(name);
            byte[] woven = original != null && weave ? ClassGuard.weave(original, PLUGIN) : null;
            return woven == null ? original : woven;
        }
    }
}
