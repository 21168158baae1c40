package io.devrig.trigger.webhook.internal;

import static io.devrig.testing.DevRigAssertions.devrigError;
import static org.assertj.core.api.Assertions.assertThat;

import io.devrig.api.error.ErrorCodes;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import io.devrig.api.trigger.TriggerHandler;
import io.devrig.api.trigger.Webhooks.Hook;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Handlers own their path from start to stop; one path, one workflow. */
class HookLifecycleTest {

    private final HookRegistry registry = new HookRegistry(() -> "http://127.0.0.1:8181");
    private final WebhookTriggerType type = new WebhookTriggerType(registry, new MemoryVault());

    private TriggerHandler handler(String workflowId, int version, Map<String, Object> config) {
        return type.createHandler(new FakeTriggerContext(workflowId, version, config));
    }

    private static void assertDevRigError(ThrowingCallable call, String code, String message) {
        var e = devrigError(call);
        assertThat(e.code()).isEqualTo(code);
        assertThat(e.error().message()).isEqualTo(message);
    }

    @Test
    void aHandlerServesItsPathFromStartToStop() {
        TriggerHandler h = handler("wf-a", 1, Map.of("path", "a", "signature", "none"));
        assertThat(registry.find("a")).as("not before start").isNull();

        h.start();
        assertThat(registry.find("a")).isSameAs(h);

        h.stop();
        h.stop(); // more than once is fine
        assertThat(registry.find("a")).isNull();
    }

    @Test
    void aSecondWorkflowCannotTakeAPath() {
        handler("wf-a", 1, Map.of("path", "shared", "signature", "none")).start();

        assertDevRigError(() -> handler("wf-b", 1, Map.of("path", "shared", "signature", "none")), ErrorCodes.CONFLICT,
                "the webhook path /hooks/shared is already used by workflow wf-a (version 1)");
        // created while the path was free, started after another workflow took it
        TriggerHandler late = handler("wf-c", 1, Map.of("path", "other", "signature", "none"));
        handler("wf-d", 1, Map.of("path", "other", "signature", "none")).start();
        assertDevRigError(late::start, ErrorCodes.CONFLICT,
                "the webhook path /hooks/other is already used by workflow wf-d (version 1)");
    }

    @Test
    void aNewerVersionTakesThePathOverAndTheOldStopLeavesItAlone() {
        TriggerHandler v1 = handler("wf-a", 1, Map.of("path", "a", "signature", "none"));
        v1.start();
        TriggerHandler v2 = handler("wf-a", 2, Map.of("path", "a", "signature", "none", "methods", List.of("PUT")));
        v2.start();
        assertThat(registry.find("a")).isSameAs(v2);

        v1.stop();
        assertThat(registry.find("a")).isSameAs(v2);
        // an older version cannot take it back
        assertDevRigError(() -> handler("wf-a", 1, Map.of("path", "a", "signature", "none")), ErrorCodes.CONFLICT,
                "the webhook path /hooks/a is already used by workflow wf-a (version 2)");
    }

    @Test
    void anInvalidConfigurationCreatesNoHandler() {
        assertDevRigError(() -> handler("wf-a", 1, Map.of("path", "a")), ErrorCodes.INVALID_INPUT,
                "invalid webhook trigger: $.trigger.signature: required: standard, github, hmac, or none (explicitly unsigned)");
    }

    @Test
    void hooksListNamesAndUrlsNeverValues() {
        handler("issue-triage", 3, Map.of("signature", "standard", "secrets", List.of("sw.old", "sw.new"))).start();
        handler("wf-b", 1, Map.of("path", "b/ping", "signature", "none", "methods", List.of("GET", "POST"))).start();

        assertThat(registry.hooks()).containsExactly(
                new Hook("b/ping", "http://127.0.0.1:8181/hooks/b/ping", List.of("GET", "POST"), "none", List.of(),
                        "trg-wf-b-1", "wf-b", 1),
                new Hook("wf/issue-triage", "http://127.0.0.1:8181/hooks/wf/issue-triage", List.of("POST"), "standard",
                        List.of("sw.old", "sw.new"), "trg-issue-triage-3", "issue-triage", 3));
    }
}
