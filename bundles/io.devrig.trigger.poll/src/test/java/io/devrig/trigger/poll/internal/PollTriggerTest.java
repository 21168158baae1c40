package io.devrig.trigger.poll.internal;

import static io.devrig.testing.TestJson.object;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.devrig.action.http.internal.HttpRequestAction;
import io.devrig.action.http.testing.Clients;
import io.devrig.action.http.testing.TestServer;
import io.devrig.action.internal.ActionRegistryImpl;
import io.devrig.api.error.DevRigException;
import io.devrig.api.http.OutboundHttp;
import io.devrig.api.routes.ContextInfo;
import io.devrig.camel.CamelContexts;
import io.devrig.camel.CamelRuntime;
import io.devrig.template.internal.TemplateEngineComponent;
import io.devrig.testing.TestExecutor;
import io.devrig.testing.TestTriggerContext;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The polling trigger on real parts: the JDK HTTP server on 127.0.0.1, the real OutboundHttp of
 * io.devrig.http allowed to reach that one port only, the real action registry with the real
 * http.request, and a real Camel context from {@link CamelContexts#standalone()}. Polls are
 * driven by calling the handler (its timer's first tick is an hour away) except in the one test
 * of the real timer; nothing asserts on time.
 */
class PollTriggerTest {

    /** So that the real timer never ticks in tests that drive the handler themselves. */
    static final long NEVER_MS = TimeUnit.HOURS.toMillis(1);

    static TestServer server;
    static TestServer stranger;
    static OutboundHttp http;
    static final Clients.FakeVault VAULT = new Clients.FakeVault().with("feed-token", "s3cr3t-feed-token-value");

    final AtomicReference<String> body = new AtomicReference<>();
    final AtomicInteger status = new AtomicInteger(200);
    final List<CamelRuntime> runtimes = new ArrayList<>();
    final List<PollTriggerType> types = new ArrayList<>();
    ActionRegistryImpl registry;

    @BeforeAll
    static void servers() {
        server = new TestServer();
        stranger = new TestServer();
        http = Clients.outbound("127.0.0.1:" + server.port()); // stranger's port is not allowed
    }

    @AfterAll
    static void close() throws Exception {
        Clients.close(http);
        server.close();
        stranger.close();
    }

    @BeforeEach
    void create() {
        server.seen.clear();
        stranger.seen.clear();
        VAULT.asked.clear();
        server.on("/feed", (ex, seen) -> TestServer.send(ex, status.get(), "application/json", body.get()));
        stranger.reply("/feed", 200, "application/json", "{\"secret\": \"internal\"}");
        registry = new ActionRegistryImpl(new TemplateEngineComponent(), () -> null);
        registry.addExecutor(new HttpRequestAction(http, VAULT), null, null, 0, 1, "test");
    }

    @AfterEach
    void stop() {
        types.forEach(PollTriggerType::deactivate);
        assertThat(runtimes.stream().flatMap(r -> r.contexts().stream()).toList()).as("no context left").isEmpty();
    }

    /** A fresh type in a fresh Camel context: a DevRig start. */
    PollTriggerType type(long minIntervalMs, long firstPollDelayMs) throws Exception {
        CamelRuntime runtime = CamelContexts.standalone();
        runtimes.add(runtime);
        PollTriggerType type = new PollTriggerType(() -> timers(runtime), PollTimers::close, registry, minIntervalMs,
                firstPollDelayMs, Clock.systemUTC());
        types.add(type);
        return type;
    }

    static PollTimers timers(CamelRuntime runtime) {
        try {
            return new PollTimers(runtime);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    PollHandler started(TestTriggerContext context) throws Exception {
        PollHandler handler = (PollHandler) type(PollConfig.MIN_INTERVAL_MS, NEVER_MS).createHandler(context);
        handler.start();
        return handler;
    }

    Map<String, Object> httpConfig(String dedup) {
        return object("{'intervalMs': 60000, 'source': {'type': 'http', 'url': '" + server.url("/feed") + "',"
                + " 'auth': {'type': 'bearer', 'secret': 'feed-token'}}" + (dedup == null ? "" : ", 'deduplication': " + dedup)
                + "}");
    }

    /** The context after a restart: same trigger, same configuration, the state the manager kept. */
    static TestTriggerContext restarted(TestTriggerContext before) {
        TestTriggerContext after = new TestTriggerContext("wf", before.config());
        after.saveState(before.state());
        return after;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> payload(TestTriggerContext context, int i) {
        return (Map<String, Object>) context.fired.get(i).payload();
    }

    @Test
    void hashFiresOnlyWhenTheBodyChangesAlsoAcrossARestart() throws Exception {
        TestTriggerContext context = new TestTriggerContext("wf", httpConfig(null));
        PollHandler handler = started(context);
        body.set("{\"items\": [1, 2]}");

        handler.poll();
        assertThat(context.fired).as("the first poll records the state without firing").isEmpty();
        assertThat(context.state()).containsKey(Changes.HASH);
        handler.poll();
        assertThat(context.fired).as("unchanged").isEmpty();

        body.set("{\"items\": [1, 2, 3]}");
        handler.poll();
        handler.poll();
        assertThat(context.fired).hasSize(1);
        Map<String, Object> p = payload(context, 0);
        assertThat(p.get("previous")).isEqualTo(object("{'items': [1, 2]}"));
        assertThat(p.get("current")).isEqualTo(object("{'items': [1, 2, 3]}"));
        assertThat(p.get("source")).isEqualTo(Map.of("type", "http", "method", "GET", "url", server.url("/feed")));
        assertThat(p).containsKey("polledAt");
        assertThat(server.last().header("authorization")).as("auth from the vault").isEqualTo("Bearer s3cr3t-feed-token-value");
        assertThat(context.state().toString() + context.fired).doesNotContain("s3cr3t");
        handler.stop();

        TestTriggerContext after = restarted(context);
        PollHandler again = started(after);
        again.poll();
        assertThat(after.fired).as("unchanged data after a restart does not fire").isEmpty();
        body.set("{\"items\": [3]}");
        again.poll();
        assertThat(after.fired).hasSize(1);
        assertThat(payload(after, 0).get("previous")).as("the previous data survived the restart")
                .isEqualTo(object("{'items': [1, 2, 3]}"));
        assertThat(after.fired.get(0).key()).isNotEqualTo(context.fired.get(0).key());
        again.stop();
    }

    @Test
    void aChangedSourceStartsAgainFromAFirstPoll() throws Exception {
        TestTriggerContext context = new TestTriggerContext("wf", httpConfig(null));
        PollHandler handler = started(context);
        body.set("{\"v\": 1}");
        handler.poll();
        handler.stop();

        // a new version polling with another strategy keeps the type's state row, but not its meaning
        TestTriggerContext next = new TestTriggerContext("wf", httpConfig("{'strategy': 'field', 'field': 'v'}"));
        next.saveState(context.state());
        body.set("{\"v\": 2}");
        PollHandler other = started(next);
        other.poll();
        assertThat(next.fired).isEmpty();
        other.stop();
    }

    @Test
    void fieldFiresOnlyWhenTheValueChangesAlsoAcrossARestart() throws Exception {
        TestTriggerContext context = new TestTriggerContext("wf", httpConfig("{'strategy': 'field', 'field': 'release.version'}"));
        PollHandler handler = started(context);
        body.set("{\"release\": {\"version\": \"1.0\"}, \"checkedAt\": 1}");
        handler.poll();
        body.set("{\"release\": {\"version\": \"1.0\"}, \"checkedAt\": 2}");
        handler.poll();
        assertThat(context.fired).as("other fields changed, the field did not").isEmpty();

        body.set("{\"release\": {\"version\": \"1.1\"}, \"checkedAt\": 3}");
        handler.poll();
        assertThat(context.fired).hasSize(1);
        Map<String, Object> p = payload(context, 0);
        assertThat(p.get("field")).isEqualTo(Map.of("path", "release.version", "previous", "1.0", "current", "1.1"));
        assertThat(p.get("previous")).isEqualTo(object("{'release': {'version': '1.0'}, 'checkedAt': 2}"));
        handler.stop();

        TestTriggerContext after = restarted(context);
        PollHandler again = started(after);
        body.set("{\"release\": {\"version\": \"1.1\"}, \"checkedAt\": 4}");
        again.poll();
        assertThat(after.fired).as("same value after a restart").isEmpty();

        body.set("{\"release\": {}, \"checkedAt\": 5}");
        again.poll();
        assertThat(after.fired).isEmpty();
        assertThat(after.errors).singleElement().asString().contains("no value at deduplication.field 'release.version'");
        again.stop();
    }

    @Test
    void timestampFiresForNewerItemsOnlyAlsoAcrossARestart() throws Exception {
        TestTriggerContext context = new TestTriggerContext("wf",
                httpConfig("{'strategy': 'timestamp', 'items': 'data', 'field': 'updatedAt'}"));
        PollHandler handler = started(context);
        body.set("{\"data\": [{\"id\": 1, \"updatedAt\": \"2026-12-01T10:00:00Z\"},"
                + " {\"id\": 2, \"updatedAt\": \"2026-12-01T11:00:00+01:00\"}]}");
        handler.poll();
        assertThat(context.fired).isEmpty();
        assertThat(context.state().get(Changes.LAST_TIMESTAMP)).isEqualTo("2026-12-01T10:00:00Z");

        body.set("{\"data\": [{\"id\": 4, \"updatedAt\": \"2026-12-01T10:30:00Z\"}, {\"id\": 1, \"updatedAt\":"
                + " \"2026-12-01T10:00:00Z\"}, {\"id\": 3, \"updatedAt\": \"2026-12-01T10:10:00Z\"}]}");
        handler.poll();
        assertThat(context.fired).hasSize(2);
        assertThat(payload(context, 0).get("current")).isEqualTo(object("{'id': 3, 'updatedAt': '2026-12-01T10:10:00Z'}"));
        assertThat(payload(context, 1).get("current")).isEqualTo(object("{'id': 4, 'updatedAt': '2026-12-01T10:30:00Z'}"));
        assertThat(payload(context, 0).get("previous")).isEqualTo("2026-12-01T10:00:00Z");
        assertThat(payload(context, 1).get("timestamp")).isEqualTo("2026-12-01T10:30:00Z");
        handler.poll();
        assertThat(context.fired).as("the same items again").hasSize(2);
        handler.stop();

        TestTriggerContext after = restarted(context);
        PollHandler again = started(after);
        again.poll();
        assertThat(after.fired).as("no item is newer after a restart").isEmpty();
        body.set("{\"data\": [{\"id\": 5, \"updatedAt\": \"not a time\"}]}");
        again.poll();
        assertThat(after.fired).isEmpty();
        assertThat(after.errors).singleElement().asString().contains("item 0 has no ISO-8601 timestamp");
        again.stop();
    }

    @Test
    void aPluginActionWithoutSideEffectsIsPolledAndOneWithSideEffectsIsRefused() throws Exception {
        AtomicInteger count = new AtomicInteger(1);
        registry.addExecutor(TestExecutor.builder("demo.count").sideEffects(false)
                .body((input, ctx) -> Map.of("count", count.get(), "asked", input)).build(), null, null, 0, 2, "test");
        registry.addExecutor(TestExecutor.builder("demo.send").sideEffects(true).body((input, ctx) -> "sent").build(),
                null, null, 0, 3, "test");
        PollTriggerType type = type(PollConfig.MIN_INTERVAL_MS, NEVER_MS);

        Map<String, Object> config = object("{'intervalMs': 5000, 'source': {'type': 'plugin', 'actionType':"
                + " 'demo.count', 'input': {'q': 'a {{not}} template'}}}");
        assertThat(type.validate(config)).isEmpty();
        TestTriggerContext context = new TestTriggerContext("wf", config);
        PollHandler handler = (PollHandler) type.createHandler(context);
        handler.start();
        handler.poll();
        handler.poll();
        assertThat(context.fired).isEmpty();
        count.set(2);
        handler.poll();
        assertThat(context.fired).singleElement().extracting(f -> ((Map<?, ?>) f.payload()).get("current"))
                .isEqualTo(Map.of("count", 2, "asked", Map.of("q", "a {{not}} template")));
        handler.stop();

        Map<String, Object> sends = object("{'intervalMs': 5000, 'source': {'type': 'plugin', 'actionType': 'demo.send'}}");
        assertThat(type.validate(sends)).singleElement().asString()
                .startsWith("$.trigger.source.actionType: action 'demo.send' declares side effects");
        assertThatThrownBy(() -> type.createHandler(new TestTriggerContext("wf", sends)))
                .isInstanceOf(DevRigException.class).hasMessageContaining("declares side effects");
        assertThat(type.validate(object("{'intervalMs': 5000, 'source': {'type': 'plugin', 'actionType': 'no.such'}}")))
                .containsExactly("$.trigger.source.actionType: no action 'no.such' is installed");
    }

    @Test
    void anSsrfRefusedUrlStaysRefusedAndIsReported() throws Exception {
        Map<String, Object> config = object("{'intervalMs': 5000, 'source': {'type': 'http', 'url': '"
                + stranger.url("/feed") + "'}}");
        TestTriggerContext context = new TestTriggerContext("wf", config);
        PollHandler handler = started(context);
        for (int i = 0; i < 12; i++) {
            handler.tick();
        }
        handler.poll();
        assertThat(stranger.seen).as("no request reached the server that is not allow-listed").isEmpty();
        assertThat(context.fired).isEmpty();
        assertThat(context.errors).isNotEmpty().allSatisfy(e -> assertThat(e)
                .contains("HTTP_DESTINATION_REFUSED").contains("loopback").doesNotContain("/feed"));
        assertThat(context.status().errorCount()).isEqualTo(context.errors.size());
        handler.stop();
    }

    @Test
    void failuresBackOffUpToTenIntervalsAndASuccessResetsThem() throws Exception {
        TestTriggerContext context = new TestTriggerContext("wf", httpConfig(null));
        PollHandler handler = started(context);
        body.set("{\"ok\": false}");
        status.set(503);
        StringBuilder polled = new StringBuilder();
        for (int tick = 0; tick < 40; tick++) {
            int before = server.seen.size();
            handler.tick();
            polled.append(server.seen.size() - before);
        }
        // failures 1, 2, 3 wait 2, 4, 8 intervals; from the 4th on 10 (the cap)
        assertThat(polled.toString()).isEqualTo("1010001000000010000000001000000000100000");
        assertThat(context.errors).hasSize(6).allSatisfy(e -> assertThat(e).contains("HTTP_STATUS").contains("503"));
        assertThat(context.errors.get(5)).endsWith("(6 in a row; next poll in 10 intervals)");
        assertThat(handler.nextFireAt()).isPresent();

        status.set(200);
        polled.setLength(0);
        for (int tick = 0; tick < 12; tick++) {
            int before = server.seen.size();
            handler.tick();
            polled.append(server.seen.size() - before);
        }
        // the 6th failure left 4 of its 9 skipped ticks; then the poll succeeds and every tick polls
        assertThat(polled.toString()).as("back to every interval after the first success").isEqualTo("000011111111");
        assertThat(handler.failures()).isZero();
        assertThat(context.errors).hasSize(6);
        handler.stop();
    }

    @Test
    void validateRefusesWithJsonPaths() throws Exception {
        PollTriggerType type = type(PollConfig.MIN_INTERVAL_MS, NEVER_MS);
        String url = server.url("/feed");
        assertThat(type.validate(object("{'intervalMs': 4999, 'source': {'type': 'http', 'url': '" + url + "'}}")))
                .containsExactly("$.trigger.intervalMs: must be a whole number of milliseconds from 5000 to 604800000,"
                        + " got number 4999");
        assertThat(type.validate(object("{'intervalMs': 5000, 'source': {'type': 'http', 'url': '" + url + "'}}")))
                .isEmpty();
        assertThat(type.validate(object("{'source': {'type': 'http', 'url': '" + url + "'}}")))
                .singleElement().asString().startsWith("$.trigger.intervalMs: required");
        assertThat(type.validate(object("{'intervalMs': 5000, 'maxRetries': 3, 'source': {'type': 'ftp'},"
                + " 'deduplication': {'strategy': 'field'}}"))).containsExactly(
                        "$.trigger.maxRetries: not supported: a failed poll is retried at the next interval, with the"
                                + " interval doubled after each failure in a row (up to 10 times); see the README",
                        "$.trigger.source.type: must be \"http\" or \"plugin\", got string \"ftp\"",
                        "$.trigger.deduplication.field: required for this strategy: a data path such as \"data.version\"");
        assertThat(type.validate(object("{'intervalMs': 5000, 'source': {'type': 'http', 'url': '" + url
                + "', 'method': 'DELETE'}}"))).containsExactly("$.trigger.source.method: must be \"GET\" or \"POST\","
                        + " got string \"DELETE\"");
        assertThat(type.validate(object("{'intervalMs': 5000, 'source': {'type': 'http', 'url': '" + url
                + "', 'timeoutMs': 'soon'}}"))).singleElement().asString().startsWith("$.trigger.source.timeoutMs:");
        assertThat(type.validate(object("{'intervalMs': 5000, 'source': {'type': 'http', 'url': '" + url
                + "'}, 'deduplication': {'strategy': 'field', 'field': 'a[b'}}"))).singleElement().asString()
                        .startsWith("$.trigger.deduplication.field:");
        // http.request's schema, then its own checks as a dry-run that sends nothing (the header)
        assertThat(type.validate(object("{'intervalMs': 5000, 'source': {'type': 'http', 'url': '" + url
                + "', 'headers': {'Authorization': 'Bearer abc'}}}"))).singleElement().asString()
                        .startsWith("$.trigger.source.headers.Authorization: credentials are never written into a node");
        assertThat(type.validate(object("{'intervalMs': 5000, 'source': {'type': 'http', 'url': '" + url
                + "', 'auth': {'type': 'basic', 'secret': 'feed-token'}}}")))
                        .contains("$.trigger.source.auth: required property 'username' not found");
        assertThat(type.validate(object("{'intervalMs': 5000, 'source': {'type': 'http', 'url': '" + url
                + "', 'body': {'a': 1}}}"))).containsExactly("$.trigger.source.body: only a POST sends a body");
        assertThat(type.validate(object("{'intervalMs': 5000, 'source': {'type': 'http', 'method': 'POST', 'url': '"
                + url + "', 'body': {'a': 1}}}"))).isEmpty();
        assertThat(server.seen).as("validating sends nothing").isEmpty();
        assertThat(VAULT.asked).as("and reads no secret").isEmpty();
        assertThatThrownBy(() -> type.createHandler(new TestTriggerContext("wf", object("{'intervalMs': 10}"))))
                .isInstanceOf(DevRigException.class).hasMessageContaining("$.trigger.intervalMs");
    }

    @Test
    void aRealTimerPollsAndStopRemovesTheRouteAndItsThread() throws Exception {
        body.set("{\"n\": 0}");
        PollTriggerType type = type(20, 0);
        CamelRuntime runtime = runtimes.get(runtimes.size() - 1);
        TestTriggerContext context = new TestTriggerContext("wf", object("{'intervalMs': 20, 'source': {'type':"
                + " 'http', 'url': '" + server.url("/feed") + "'}}"));
        PollHandler handler = (PollHandler) type.createHandler(context);
        assertThat(type.validate(context.config())).isEmpty();
        assertThat(runtime.contexts()).as("no Camel context before a poll starts (none at boot)").isEmpty();
        handler.start();
        ContextInfo info = runtime.contexts().get(0);
        assertThat(info.name()).isEqualTo("devrig-poll");
        assertThat(info.routes()).singleElement().satisfies(r -> {
            assertThat(r.id()).isEqualTo("T1");
            assertThat(r.endpointUri()).isEqualTo("timer://poll-T1?delay=0&period=20");
        });

        awaitRequests(2);
        body.set("{\"n\": 1}");
        int seenAtChange = server.seen.size();
        awaitRequests(seenAtChange + 2);
        assertThat(context.fired).as("one change, one fire").hasSize(1);
        assertThat(timerThreads()).as("the trigger's timer thread").isNotEmpty();

        handler.stop();
        assertThat(runtime.contexts().get(0).routes()).as("stop removes the route").isEmpty();
        assertThat(timerThreadsLeft()).as("no Camel thread of the trigger is left").isEmpty();
        handler.stop(); // twice is fine

        type.deactivate();
        assertThat(runtime.contexts()).as("the type's deactivation stops its context").isEmpty();
    }

    void awaitRequests(int n) throws InterruptedException {
        for (int i = 0; i < 3000 && server.seen.size() < n; i++) {
            Thread.sleep(10);
        }
        assertThat(server.seen.size()).as("requests the timer made").isGreaterThanOrEqualTo(n);
    }

    static List<String> timerThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                .filter(n -> n.contains("timer://poll-T1")).toList();
    }

    /** A cancelled java.util.Timer's thread ends on its own, soon after the cancel. */
    static List<String> timerThreadsLeft() throws InterruptedException {
        for (int i = 0; i < 500 && !timerThreads().isEmpty(); i++) {
            Thread.sleep(10);
        }
        return timerThreads();
    }
}
