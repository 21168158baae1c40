package io.devrig.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.devrig.api.action.ActionContext.LogLevel;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class TestActionContextTest {

    @Test
    void defaults() {
        Instant before = Instant.now();
        TestActionContext ctx = new TestActionContext();
        assertThat(ctx.runId()).isEqualTo("run-1");
        assertThat(ctx.workflowId()).isEqualTo("wf-1");
        assertThat(ctx.nodeId()).isEqualTo("node-1");
        assertThat(ctx.correlationId()).isEqualTo("corr-1");
        assertThat(ctx.attempt()).isEqualTo(1);
        assertThat(ctx.idempotencyKey()).isEqualTo("run-1:node-1");
        assertThat(ctx.dryRun()).isFalse();
        assertThat(ctx.cancelled()).isFalse();
        assertThat(ctx.deadline()).isAfterOrEqualTo(before.plus(Duration.ofMinutes(1)))
                .isBeforeOrEqualTo(Instant.now().plus(Duration.ofMinutes(1)));
    }

    @Test
    void theDeadlineIsFixedWhenSet() throws Exception {
        TestActionContext ctx = new TestActionContext().deadlineIn(Duration.ofMillis(300));
        Instant deadline = ctx.deadline();
        Thread.sleep(5);
        assertThat(ctx.deadline()).isEqualTo(deadline).isBeforeOrEqualTo(Instant.now().plusMillis(300));
        assertThat(new TestActionContext().deadline(null).deadline()).isNull();
    }

    @Test
    void theIdempotencyKeyFollowsTheIdsUnlessSet() {
        TestActionContext ctx = new TestActionContext().runId("r").nodeId("n").attempt(2).dryRun(true);
        assertThat(ctx.idempotencyKey()).isEqualTo("r:n");
        assertThat(ctx.attempt()).isEqualTo(2);
        assertThat(ctx.dryRun()).isTrue();
        assertThat(ctx.idempotencyKey("k").idempotencyKey()).isEqualTo("k");
    }

    @Test
    void cancelAndLogs() {
        TestActionContext ctx = new TestActionContext();
        ctx.log(LogLevel.WARN, "careful");
        ctx.cancel();
        assertThat(ctx.cancelled()).isTrue();
        assertThat(ctx.logs()).containsExactly("WARN careful");
    }
}
