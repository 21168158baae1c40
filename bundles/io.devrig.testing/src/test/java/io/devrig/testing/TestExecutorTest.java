package io.devrig.testing;

import static io.devrig.testing.DevRigAssertions.devrigError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.devrig.api.action.ActionDescriptor;
import io.devrig.api.error.DevRigException;
import io.devrig.api.error.ErrorCategory;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TestExecutorTest {

    @Test
    void theBuilderMakesTheDescriptor() {
        ActionDescriptor d = TestExecutor.builder("mail.send").name("Send").category("notify").input("{}")
                .output("{\"type\":\"object\"}").sideEffects(true).configVersion(3).build().descriptor();
        assertThat(d).isEqualTo(new ActionDescriptor("mail.send", "Send", "", "notify", "{}",
                "{\"type\":\"object\"}", true, 3));
        assertThat(TestExecutor.of("data.x", (i, c) -> i).descriptor())
                .isEqualTo(ActionDescriptor.of("data.x", null, null, null, null));
    }

    @Test
    void callsAreCounted() throws Exception {
        TestExecutor e = TestExecutor.builder("data.echo").build();
        TestActionContext ctx = new TestActionContext();
        assertThat(e.execute(Map.of("a", 1), ctx)).isEqualTo(Map.of("a", 1));
        assertThat(e.preview(Map.of("a", 1), ctx))
                .isEqualTo(Map.of("preview", true, "actionType", "data.echo", "input", Map.of("a", 1)));
        e.execute(Map.of(), ctx);
        assertThat(e.executions()).hasValue(2);
        assertThat(e.previews()).hasValue(1);
        assertThat(e.threads()).containsExactly(Thread.currentThread().getName());
        assertThat(e.contexts()).containsExactly(ctx, ctx, ctx);
    }

    @Test
    void devrigErrorReturnsTheErrorAndFailsOtherwise() {
        DevRigException boom = new DevRigException("X_BOOM", ErrorCategory.PERMANENT, "boom");
        assertThat(devrigError(() -> TestExecutor.of("data.x", (i, c) -> {
            throw boom;
        }).execute(null, new TestActionContext()))).isSameAs(boom);
        assertThatThrownBy(() -> devrigError(() -> { })).isInstanceOf(AssertionError.class);
        assertThatThrownBy(() -> devrigError(() -> {
            throw new IllegalStateException();
        })).isInstanceOf(AssertionError.class);
    }
}
