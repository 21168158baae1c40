package io.devrig.action.internal;

import static io.devrig.action.internal.Fixtures.TEMPLATES;
import static io.devrig.action.internal.Fixtures.call;
import static org.assertj.core.api.Assertions.assertThat;

import io.devrig.api.action.ActionDescriptor;
import io.devrig.api.action.ActionErrors;
import io.devrig.testing.TestActionContext;
import io.devrig.testing.TestExecutor;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class WhiteboardTest {

    private final ActionRegistryImpl registry = new ActionRegistryImpl(TEMPLATES, () -> null);
    private final TestActionContext ctx = new TestActionContext();

    @AfterEach
    void close() {
        registry.close();
    }

    private static TestExecutor answering(String type, String answer) {
        return TestExecutor.of(type, (i, c) -> answer);
    }

    @Test
    void listsSortedByTypeAndByCategory() {
        registry.addExecutor(answering("http.request", "h"), null, null, 0, 1, "core");
        registry.addExecutor(answering("data.transform", "d"), null, null, 0, 2, "core");
        registry.addExecutor(new TestExecutor(ActionDescriptor.of("data.filter", null, null, null, null)
                .withCategory("filters"), (i, c) -> null), null, null, 0, 3, "core");
        assertThat(registry.list()).extracting(ActionDescriptor::type)
                .containsExactly("data.filter", "data.transform", "http.request");
        assertThat(registry.listByCategory("data")).extracting(ActionDescriptor::type).containsExactly("data.transform");
        assertThat(registry.listByCategory("filters")).extracting(ActionDescriptor::type).containsExactly("data.filter");
        assertThat(registry.listByCategory("none")).isEmpty();
        assertThat(registry.has("http.request")).isTrue();
        assertThat(registry.has("http.nope")).isFalse();
        assertThat(registry.has(null)).isFalse();
        assertThat(registry.descriptor("data.transform")).map(ActionDescriptor::category).contains("data");
    }

    @Test
    void serviceThatGoesTakesItsTypeAndComesBack() {
        registry.addExecutor(answering("x.one", "1"), null, null, 0, 10, "core");
        assertThat(registry.has("x.one")).isTrue();
        registry.removeExecutor(10);
        assertThat(registry.has("x.one")).isFalse();
        assertThat(registry.list()).isEmpty();
        assertThat(registry.execute(call("x.one", Map.of(), ctx)).error().code()).isEqualTo(ActionErrors.ACTION_UNKNOWN);
        registry.addExecutor(answering("x.one", "again"), null, null, 0, 11, "core");
        assertThat(registry.execute(call("x.one", Map.of(), ctx)).output()).isEqualTo("again");
    }

    @Test
    void duplicateTypesUseRankingThenAgeAndFallBack() {
        registry.addExecutor(answering("x.dup", "old-rank0"), null, null, 0, 20, "a");
        registry.addExecutor(answering("x.dup", "new-rank0"), null, null, 0, 21, "b");
        assertThat(registry.execute(call("x.dup", Map.of(), ctx)).output()).isEqualTo("old-rank0");
        registry.addExecutor(answering("x.dup", "new-rank5"), "acme.plugin", "action:x.dup", 5, 22, "acme.plugin");
        assertThat(registry.execute(call("x.dup", Map.of(), ctx)).output()).isNull(); // plugin without invoker
        assertThat(registry.pluginId("x.dup")).contains("acme.plugin");
        registry.removeExecutor(22);
        assertThat(registry.execute(call("x.dup", Map.of(), ctx)).output()).isEqualTo("old-rank0");
        assertThat(registry.pluginId("x.dup")).isEmpty();
        registry.removeExecutor(20);
        assertThat(registry.execute(call("x.dup", Map.of(), ctx)).output()).isEqualTo("new-rank0");
        registry.removeExecutor(21);
        assertThat(registry.has("x.dup")).isFalse();
        assertThat(registry.list()).isEmpty();
    }

    @Test
    void executorWhoseDescriptorFailsIsIgnored() {
        TestExecutor broken = new TestExecutor(null, (i, c) -> null) {
            @Override
            public ActionDescriptor descriptor() {
                throw new IllegalStateException("no descriptor");
            }
        };
        assertThat(registry.addExecutor(broken, null, null, 0, 30, "core")).isFalse();
        assertThat(registry.addExecutor(new TestExecutor(null, (i, c) -> null), null, null, 0, 31, "core")).isFalse();
        assertThat(registry.list()).isEmpty();
    }
}
