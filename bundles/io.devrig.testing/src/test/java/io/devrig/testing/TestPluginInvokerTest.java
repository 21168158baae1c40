package io.devrig.testing;

import static io.devrig.testing.DevRigAssertions.devrigError;
import static org.assertj.core.api.Assertions.assertThat;

import io.devrig.api.error.DevRigException;
import io.devrig.api.error.ErrorCategory;
import io.devrig.api.error.ErrorCodes;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TestPluginInvokerTest {

    private final TestPluginInvoker invoker = new TestPluginInvoker();

    @AfterEach
    void close() {
        invoker.close();
    }

    @Test
    void aCallRunsOnAPluginThreadAndIsRecorded() {
        String thread = invoker.invoke("acme", "action:x", () -> Thread.currentThread().getName());
        invoker.invoke("acme", "sync", Duration.ofSeconds(5), () -> 1);
        assertThat(thread).isEqualTo(TestPluginInvoker.THREAD_NAME);
        assertThat(invoker.called()).containsExactly("acme action:x", "acme sync");
        assertThat(invoker.calls()).extracting(TestPluginInvoker.Call::timeout)
                .containsExactly(null, Duration.ofSeconds(5));
        assertThat(invoker.stats("acme").executionCount()).isEqualTo(2);
        assertThat(invoker.stats("other").executionCount()).isZero();
    }

    @Test
    void theTimeLimitInterruptsTheCall() throws Exception {
        CountDownLatch interrupted = new CountDownLatch(1);
        DevRigException e = devrigError(() -> invoker.invoke("slow", "op", Duration.ofMillis(100), () -> {
            try {
                Thread.sleep(30_000);
            } catch (InterruptedException ie) {
                interrupted.countDown();
                throw ie;
            }
            return null;
        }));
        assertThat(e.code()).isEqualTo(ErrorCodes.PLUGIN_TIMEOUT);
        assertThat(e.category()).isEqualTo(ErrorCategory.TIMEOUT);
        assertThat(e.getMessage()).contains("within 100 ms");
        assertThat(interrupted.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(invoker.stats("slow").failureCount()).isEqualTo(1);
    }

    @Test
    void aPluginsOwnErrorPassesAndOthersArePluginErrors() {
        DevRigException own = new DevRigException("ACME_NO", ErrorCategory.PERMANENT, "no");
        assertThat(devrigError(() -> invoker.invoke("p", "op", () -> {
            throw own;
        }))).isSameAs(own);
        DevRigException wrapped = devrigError(() -> invoker.invoke("p", "op", () -> {
            throw new IllegalStateException("kaput");
        }));
        assertThat(wrapped.code()).isEqualTo(ErrorCodes.PLUGIN_ERROR);
        assertThat(wrapped).hasRootCauseInstanceOf(IllegalStateException.class);
    }

    @Test
    void refusedCallsAreRecordedButNotRun() {
        invoker.refuseWith((plugin, op) -> new DevRigException(ErrorCodes.PLUGIN_CIRCUIT_OPEN, ErrorCategory.PLUGIN,
                plugin + " is degraded"));
        DevRigException e = devrigError(() -> invoker.invoke("p", "op", () -> {
            throw new AssertionError("must not run");
        }));
        assertThat(e.code()).isEqualTo(ErrorCodes.PLUGIN_CIRCUIT_OPEN);
        assertThat(e.error().message()).isEqualTo("p is degraded");
        assertThat(invoker.called()).containsExactly("p op");
        invoker.refuseWith(null);
        assertThat(invoker.invoke("p", "op", () -> "ran")).isEqualTo("ran");
    }

    @Test
    void cancelCallsEndsThePluginsCallsInFlight() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        AtomicReference<DevRigException> error = new AtomicReference<>();
        Thread caller = new Thread(() -> {
            try {
                invoker.invoke("p", "op", () -> {
                    started.countDown();
                    Thread.sleep(30_000);
                    return null;
                });
            } catch (DevRigException e) {
                error.set(e);
            }
        });
        caller.start();
        assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
        invoker.cancelCalls("other");
        invoker.cancelCalls("p");
        caller.join(10_000);
        assertThat(caller.isAlive()).isFalse();
        assertThat(error.get().code()).isEqualTo(ErrorCodes.CANCELLED);
    }
}
