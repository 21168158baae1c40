package io.devrig.template.internal;

import static io.devrig.template.internal.Templates.ENGINE;
import static io.devrig.template.internal.Templates.JSON;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.devrig.api.template.CompiledTemplate;
import io.devrig.api.template.Escaping;
import io.devrig.api.template.TemplateOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ConcurrencyTest {

    static final int THREADS = 32;
    static final int RENDERS = 500;

    @Test
    void oneCompiledTemplateRendersFromManyThreadsAtOnce() throws Exception {
        CompiledTemplate t = ENGINE.compile(
                "{{#each items}}{{#if (gt this.n 2)}}<{{../who}}:{{@index}}={{this.n}}>{{else}}-{{/if}}{{/each}}",
                TemplateOptions.escaping(Escaping.HTML).withMaxIterations(20));
        CyclicBarrier start = new CyclicBarrier(THREADS);
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int thread = 0; thread < THREADS; thread++) {
                int id = thread;
                results.add(pool.submit(() -> {
                    start.await();
                    int ok = 0;
                    for (int r = 0; r < RENDERS; r++) {
                        int count = 1 + (id + r) % 10;
                        ObjectNode data = JSON.createObjectNode().put("who", "t" + id + "&r" + r);
                        var items = data.putArray("items");
                        StringBuilder expected = new StringBuilder();
                        for (int i = 0; i < count; i++) {
                            items.addObject().put("n", i);
                            expected.append(i > 2 ? "<t" + id + "&amp;r" + r + ":" + i + "=" + i + ">" : "-");
                        }
                        if (t.render(data).contentEquals(expected)) {
                            ok++;
                        }
                    }
                    return ok;
                }));
            }
            for (Future<Integer> f : results) {
                assertThat(f.get(60, TimeUnit.SECONDS)).isEqualTo(RENDERS);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void limitsAreCountedPerRenderNotShared() throws Exception {
        CompiledTemplate t = ENGINE.compile("{{#each v}}x{{/each}}", TemplateOptions.defaults().withMaxIterations(3)
                .withMaxOutputChars(3));
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<String>> results = new ArrayList<>();
            for (int i = 0; i < 2_000; i++) {
                results.add(pool.submit(() -> t.render(Templates.json("{`v`:[1,2,3]}"))));
            }
            for (Future<String> f : results) {
                assertThat(f.get(60, TimeUnit.SECONDS)).isEqualTo("xxx");
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
