package io.devrig.action.notify.internal;

import static io.devrig.testing.DevRigAssertions.devrigError;
import static org.assertj.core.api.Assertions.assertThat;

import io.devrig.action.http.internal.HttpRequestAction;
import io.devrig.action.http.testing.Clients;
import io.devrig.action.http.testing.TestServer;
import io.devrig.action.internal.ActionRegistryImpl;
import io.devrig.api.action.ActionInvocation;
import io.devrig.api.action.ActionOutcome;
import io.devrig.api.error.DevRigException;
import io.devrig.api.error.ErrorCategory;
import io.devrig.api.error.ErrorCodes;
import io.devrig.api.http.OutboundHttp;
import io.devrig.common.json.Json;
import io.devrig.template.internal.TemplateEngineComponent;
import io.devrig.testing.TestActionContext;
import io.devrig.testing.TestJson;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * notify.webhook in the real action registry, which runs the real http.request on the real
 * outbound client against a chat-webhook-like server on 127.0.0.1 (allow-listed in this test
 * only); the webhook URL is a vault secret.
 */
class NotifyWebhookActionTest {

    static final String HOOK_PATH = "/services/T000/B000/" + UUID.randomUUID();

    static TestServer chat;
    static OutboundHttp allowed;
    static OutboundHttp defaults;
    final Clients.FakeVault vault = new Clients.FakeVault();
    final TestActionContext context = new TestActionContext();
    ActionRegistryImpl registry;
    NotifyWebhookAction action;

    @BeforeAll
    static void start() {
        chat = new TestServer();
        allowed = Clients.outbound("127.0.0.1:" + chat.port());
        defaults = Clients.outbound();
    }

    @AfterAll
    static void stop() throws Exception {
        Clients.close(allowed);
        Clients.close(defaults);
        chat.close();
    }

    @BeforeEach
    void create() {
        vault.with("slack-hook", chat.url(HOOK_PATH));
        chat.seen.clear();
        action = new NotifyWebhookAction(registry(allowed));
    }

    ActionRegistryImpl registry(OutboundHttp http) {
        registry = new ActionRegistryImpl(new TemplateEngineComponent(), () -> null);
        registry.addExecutor(new HttpRequestAction(http, vault), null, null, 0, 1, "test");
        return registry;
    }

    @Test
    void postsTheJsonPayloadToTheUrlInTheVault() {
        chat.reply(HOOK_PATH, 200, "text/plain", "ok");
        // a message holding template syntax is sent as it is, never rendered again
        Object out = action.execute(TestJson.object("{'urlSecret': 'slack-hook',"
                + " 'payload': {'text': 'Deploy of {{service}} failed', 'blocks': [1, 2.5]}}"), context);

        assertThat(out).isEqualTo(Map.of("delivered", true, "status", 200, "response", "ok"));
        TestServer.Seen seen = chat.last();
        assertThat(seen.method()).isEqualTo("POST");
        assertThat(seen.path()).isEqualTo(HOOK_PATH);
        assertThat(seen.header("content-type")).isEqualTo("application/json");
        assertThat(seen.header("idempotency-key")).isEqualTo("run-1:node-1");
        assertThat(Json.readTree(seen.body())).isEqualTo(TestJson.tree(
                "{'text': 'Deploy of {{service}} failed', 'blocks': [1, 2.5]}"));
        assertThat(String.join("\n", context.logs())).doesNotContain(HOOK_PATH);
    }

    @Test
    void aFailingWebhookKeepsHttpRequestsErrorWithoutTheUrl() {
        chat.reply(HOOK_PATH, 500, "text/plain", "no_service " + HOOK_PATH);
        DevRigException e = devrigError(() -> action.execute(TestJson.object("{'urlSecret': 'slack-hook',"
                + " 'payload': {'text': 'x'}}"), context));
        assertThat(e.code()).isEqualTo("HTTP_STATUS");
        assertThat(e.category()).isEqualTo(ErrorCategory.TRANSIENT);
        assertThat(e.toString() + e.error().details()).doesNotContain(HOOK_PATH);

        chat.reply(HOOK_PATH, 404, "text/plain", "no_team");
        DevRigException gone = devrigError(() -> action.execute(TestJson.object("{'urlSecret': 'slack-hook',"
                + " 'payload': {'text': 'x'}}"), context));
        assertThat(gone.category()).isEqualTo(ErrorCategory.PERMANENT);
    }

    @Test
    void theDefaultOutboundPolicyRefusesLoopbackAndMetadata() {
        NotifyWebhookAction refusing = new NotifyWebhookAction(registry(defaults));
        DevRigException e = devrigError(() -> refusing.execute(TestJson.object("{'urlSecret': 'slack-hook',"
                + " 'payload': {'text': 'x'}}"), context));
        assertThat(e.code()).isEqualTo(ErrorCodes.HTTP_DESTINATION_REFUSED);
        DevRigException metadata = devrigError(() -> refusing.execute(TestJson.object(
                "{'url': 'http://169.254.169.254/latest/meta-data/', 'payload': {'text': 'x'}}"), context));
        assertThat(metadata.code()).isEqualTo(ErrorCodes.HTTP_DESTINATION_REFUSED);
        assertThat(chat.seen).isEmpty();
    }

    @Test
    void aDryRunThroughTheRegistrySendsNothing() {
        registry.addExecutor(action, null, null, 0, 2, "test");
        ActionOutcome outcome = registry.execute(new ActionInvocation("notify.webhook",
                TestJson.object("{'urlSecret': 'slack-hook', 'payload': {'text': '{{trigger.payload.msg}}'}}"),
                TestJson.object("{'trigger': {'payload': {'msg': 'hello'}}}"), context.dryRun(true),
                Duration.ofSeconds(10)));
        assertThat(outcome.succeeded()).isTrue();
        assertThat(outcome.previewed()).isTrue();
        assertThat(TestJson.write(outcome.output())).isEqualTo(TestJson.write(TestJson.object("{'preview': true,"
                + " 'sent': false, 'request': {'method': 'POST', 'url': '(the URL in vault secret \\u0027slack-hook\\u0027)',"
                + " 'payload': {'text': 'hello'}}}")));
        assertThat(chat.seen).isEmpty();
        assertThat(vault.asked).isEmpty();
    }

    @Test
    void theRegistryRunsItForRealWhenNotADryRun() {
        chat.reply(HOOK_PATH, 204, null, "");
        registry.addExecutor(action, null, null, 0, 2, "test");
        ActionOutcome outcome = registry.execute(new ActionInvocation("notify.webhook",
                TestJson.object("{'urlSecret': 'slack-hook', 'payload': {'text': '{{trigger.payload.msg}}'},"
                        + " 'idempotencyKey': false}"),
                TestJson.object("{'trigger': {'payload': {'msg': 'hello'}}}"), context, Duration.ofSeconds(10)));
        assertThat(outcome.error()).isNull();
        assertThat(TestJson.write(outcome.output())).isEqualTo("{\"delivered\":true,\"status\":204,\"response\":null}");
        assertThat(Json.readTree(chat.last().body())).isEqualTo(TestJson.tree("{'text': 'hello'}"));
        assertThat(chat.last().header("idempotency-key")).isNull();
    }

    @Test
    void theComponentBorrowsTheRegistryPerCallAndGivesItBack() {
        chat.reply(HOOK_PATH, 200, "text/plain", "ok");
        java.util.concurrent.atomic.AtomicInteger gets = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicInteger ungets = new java.util.concurrent.atomic.AtomicInteger();
        @SuppressWarnings("unchecked")
        org.osgi.service.component.ComponentServiceObjects<io.devrig.api.action.ActionRegistry> objects =
                (org.osgi.service.component.ComponentServiceObjects<io.devrig.api.action.ActionRegistry>)
                java.lang.reflect.Proxy.newProxyInstance(getClass().getClassLoader(),
                        new Class<?>[] {org.osgi.service.component.ComponentServiceObjects.class}, (p, m, a) -> {
                            if (m.getName().equals("getService")) {
                                gets.incrementAndGet();
                                return registry;
                            }
                            if (m.getName().equals("ungetService")) {
                                ungets.incrementAndGet();
                                return null;
                            }
                            throw new UnsupportedOperationException(m.getName());
                        });
        NotifyWebhookAction component = new NotifyWebhookAction(objects);
        assertThat(gets).hasValue(0); // not at activation: that would be an SCR cycle
        component.execute(TestJson.object("{'urlSecret': 'slack-hook', 'payload': {'text': 'x'}}"), context);
        chat.reply(HOOK_PATH, 500, "text/plain", "down");
        devrigError(() -> component.execute(TestJson.object("{'urlSecret': 'slack-hook', 'payload': {'text': 'x'}}"),
                context));
        assertThat(gets).hasValue(2);
        assertThat(ungets).hasValue(2);
    }

    @Test
    void badInputIsRefused() {
        for (String bad : new String[] {"{'payload': {}}", "{'url': 'http://x.example', 'urlSecret': 's', 'payload': {}}",
            "{'url': 'http://x.example'}", "{'url': 'http://x.example', 'payload': 'text'}",
            "{'url': 'http://x.example', 'payload': {}, 'method': 'GET'}"}) {
            assertThat(devrigError(() -> action.execute(TestJson.object(bad), context)).code()).as(bad)
                    .isEqualTo(ErrorCodes.INVALID_INPUT);
        }
        assertThat(chat.seen).isEmpty();
    }
}
