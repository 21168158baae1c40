package io.devrig.sdk.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.devrig.api.action.ActionExecutor;
import io.devrig.api.error.DevRigException;
import io.devrig.api.error.ErrorCategory;
import io.devrig.api.error.ErrorCodes;
import io.devrig.api.http.OutboundRequest;
import io.devrig.api.http.OutboundResponse;
import io.devrig.api.inbox.InboxItemInput;
import io.devrig.api.inbox.InboxQuery;
import io.devrig.api.inbox.InboxStatus;
import io.devrig.api.inbox.StoreResult;
import io.devrig.api.sync.DataSource;
import io.devrig.api.sync.SyncResult;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The fakes keep the host's rules; the runner calls sources and actions as DevRig does. */
class PluginKitTest {

    PluginKit kit = PluginKit.of("com.example.demo", Set.of("inbox:write", "network", "secrets:read"));

    @Test
    void theInboxUpsertsByExternalIdAndRefusesBadItemsOneByOne() {
        StoreResult first = kit.inbox().storeItems(List.of(InboxItemInput.of("1", "t", "One"), InboxItemInput.of("2", "t", " ")));
        assertThat(first.created()).isEqualTo(1);
        assertThat(first.failures()).singleElement().satisfies(f -> {
            assertThat(f.index()).isEqualTo(1);
            assertThat(f.message()).isEqualTo("title: required");
        });

        kit.inbox().archive(List.of("1"));
        StoreResult again = kit.inbox().storeItems(List.of(InboxItemInput.of("1", "t", "One"), InboxItemInput.of("3", "t", "Three")));
        assertThat(again.unchanged()).isEqualTo(1);
        StoreResult changed = kit.inbox().storeItems(List.of(InboxItemInput.of("1", "t", "One, edited")));
        assertThat(changed.updated()).isEqualTo(1);
        assertThat(kit.inbox().item("1").status()).isEqualTo(InboxStatus.UNREAD); // new activity brings it back
        assertThat(kit.inbox().queryItems(InboxQuery.all())).extracting(i -> i.externalId()).containsExactlyInAnyOrder("1", "3");
    }

    @Test
    void theInboxKeepsWhatEachStoreCallReturned() {
        assertThat(kit.inbox().storeResults()).isEmpty();
        kit.inbox().storeItems(List.of(InboxItemInput.of("1", "t", "One"), InboxItemInput.of("2", "t", "")));
        kit.inbox().storeItems(List.of(InboxItemInput.of("1", "t", "One"), InboxItemInput.of("2", "t", "Two")));

        assertThat(kit.inbox().storeResults()).extracting(StoreResult::created, StoreResult::updated,
                StoreResult::unchanged, r -> r.failures().size()).containsExactly(
                        org.assertj.core.groups.Tuple.tuple(1, 0, 0, 1), org.assertj.core.groups.Tuple.tuple(1, 0, 1, 0));
        assertThatThrownBy(() -> kit.inbox().storeResults().clear()).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void theInboxRecordsTheIdsOfEachMarkReadCallAsTheCallGaveThem() {
        kit.inbox().storeItems(List.of(InboxItemInput.of("1", "t", "One"), InboxItemInput.of("2", "t", "Two")));
        List<String> ids = new ArrayList<>(List.of("1", "missing"));

        assertThat(kit.inbox().markRead(ids)).isEqualTo(1);
        ids.clear(); // the plugin reuses its list: the call stays recorded as it was made
        kit.inbox().markRead(List.of("1", "2"));

        assertThat(kit.inbox().markReadCalls()).containsExactly(List.of("1", "missing"), List.of("1", "2"));
    }

    @Test
    void markReadChangesOnlyUnreadItemsAsDevRigsInboxDoes() {
        kit.inbox().storeItems(List.of(InboxItemInput.of("1", "t", "One"), InboxItemInput.of("2", "t", "Two")));
        kit.inbox().archive(List.of("2"));

        assertThat(kit.inbox().markRead(List.of("1", "2"))).as("the archived item stays archived").isEqualTo(1);
        assertThat(kit.inbox().item("1").status()).isEqualTo(InboxStatus.READ);
        assertThat(kit.inbox().item("2").status()).isEqualTo(InboxStatus.ARCHIVED);
        assertThat(kit.inbox().markRead(List.of("1"))).as("already read").isZero();
    }

    @Test
    void theInboxRecordsTheIdsOfEachArchiveCallAlsoWhenNothingChanged() {
        kit.inbox().storeItems(List.of(InboxItemInput.of("1", "t", "One")));
        assertThat(kit.inbox().archive(List.of("1"))).isEqualTo(1);

        assertThat(kit.inbox().archive(List.of("1", "2"))).as("already archived, and unknown").isZero();

        assertThat(kit.inbox().archiveCalls()).containsExactly(List.of("1"), List.of("1", "2"));
        assertThat(kit.inbox().markReadCalls()).as("archiving is no markRead call").isEmpty();
    }

    @Test
    void aRefusedCallIsNotRecordedAsACall() {
        PluginKit bare = PluginKit.of("com.example.bare", Set.of());
        List<org.assertj.core.api.ThrowableAssert.ThrowingCallable> calls = List.of(
                () -> bare.inbox().storeItems(List.of(InboxItemInput.of("1", "t", "One"))),
                () -> bare.inbox().markRead(List.of("1")), () -> bare.inbox().archive(List.of("1")),
                () -> bare.secrets().get("token"));
        calls.forEach(call -> assertThatThrownBy(call).isInstanceOfSatisfying(DevRigException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCodes.PERMISSION_DENIED)));

        assertThat(bare.inbox().storeResults()).isEmpty();
        assertThat(bare.inbox().markReadCalls()).isEmpty();
        assertThat(bare.inbox().archiveCalls()).isEmpty();
        assertThat(bare.secrets().reads()).isZero();
    }

    @Test
    void userSetsPlaysTheUserWithoutAPluginCall() {
        kit.inbox().storeItems(List.of(InboxItemInput.of("1", "t", "One")));
        kit.inbox().markRead(List.of("1"));

        kit.inbox().userSets("1", InboxStatus.UNREAD); // the plugin has no call for this
        assertThat(kit.inbox().item("1").status()).isEqualTo(InboxStatus.UNREAD);
        kit.inbox().userSets("1", InboxStatus.ARCHIVED);
        assertThat(kit.inbox().item("1").status()).isEqualTo(InboxStatus.ARCHIVED);

        assertThat(kit.inbox().markReadCalls()).hasSize(1);
        assertThat(kit.inbox().archiveCalls()).isEmpty();
        assertThatThrownBy(() -> kit.inbox().userSets("2", InboxStatus.READ)).isInstanceOf(AssertionError.class)
                .hasMessageContaining("no inbox item 2");
    }

    @Test
    void secretsCountTheReadsThePluginMade() {
        kit.secrets().put("token", "s3cret");
        assertThat(kit.secrets().reads()).isZero();

        assertThat(kit.secrets().get("token")).isPresent();
        assertThat(kit.secrets().get("other")).isEmpty();

        assertThat(kit.secrets().reads()).as("found or not").isEqualTo(2);
    }

    @Test
    void aRemovedSecretIsMissing() {
        kit.secrets().put("token", "s3cret").put("other", "x");

        kit.secrets().remove("token").remove("never-stored");

        assertThat(kit.secrets().get("token")).isEmpty();
        assertThat(kit.secrets().get("other")).isPresent();
    }

    @Test
    void settingsListTheListenersRegisteredNow() throws Exception {
        List<Map<String, Object>> seen = new ArrayList<>();
        io.devrig.api.plugin.sdk.PluginSettings.Listener listener = seen::add;
        assertThat(kit.settings().listeners()).isEmpty();

        kit.settings().addListener(listener);
        kit.settings().set(Map.of("k", "v"));
        assertThat(kit.settings().listeners()).containsExactly(listener);
        kit.settings().removeListener(listener);

        assertThat(kit.settings().listeners()).isEmpty();
        assertThat(seen).containsExactly(Map.of("k", "v"));
    }

    @Test
    void aCallWithoutItsPermissionIsDeniedAsDevRigDeniesIt() {
        PluginKit bare = PluginKit.of("com.example.bare", Set.of());

        DevRigException e = (DevRigException) org.assertj.core.api.Assertions.catchThrowable(
                () -> bare.inbox().storeItems(List.of(InboxItemInput.of("1", "t", "One"))));

        assertThat(e.code()).isEqualTo(ErrorCodes.PERMISSION_DENIED);
        assertThat(e.error().message()).isEqualTo("plugin com.example.bare does not have the permission 'inbox:write' (granted: none)");
        assertThatThrownBy(() -> bare.secrets().get("token")).hasMessageContaining("'secrets:read'");
        assertThatThrownBy(() -> bare.http().send(OutboundRequest.get(URI.create("http://127.0.0.1:1/"))))
                .hasMessageContaining("'network'");
    }

    @Test
    void storageKeepsTheHostsKeyJsonAndQuotaRules() {
        kit.storage().put("cursor", " {\"page\": 2} ");
        assertThat(kit.storage().get("cursor")).contains("{\"page\":2}");
        assertThat(kit.storage().keys()).containsExactly("cursor");

        assertThatThrownBy(() -> kit.storage().put("bad", "{not json"))
                .isInstanceOfSatisfying(DevRigException.class, e -> assertThat(e.code()).isEqualTo(ErrorCodes.INVALID_INPUT));
        assertThatThrownBy(() -> kit.storage().put("", "1")).hasMessageContaining("1-256 characters");
        String big = "\"" + "x".repeat((int) FakePluginStorage.QUOTA_BYTES) + "\"";
        assertThatThrownBy(() -> kit.storage().put("big", big))
                .isInstanceOfSatisfying(DevRigException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCodes.PLUGIN_STORAGE_QUOTA);
                    assertThat(e.category()).isEqualTo(ErrorCategory.RESOURCE);
                });
        assertThat(kit.storage().delete("cursor")).isTrue();
        assertThat(kit.storage().delete("cursor")).isFalse();
    }

    @Test
    void httpReallyCallsTheLocalServerAndRefusesOtherHosts() throws Exception {
        try (LocalServer server = LocalServer.start()) {
            server.answer("POST", "/echo", 201, "{\"ok\":true}");

            OutboundResponse response = kit.http().send(new OutboundRequest("POST", URI.create(server.url() + "/echo?x=1"),
                    Map.of("X-Test", List.of("yes")), "hi".getBytes(StandardCharsets.UTF_8), null, false));

            assertThat(response.status()).isEqualTo(201);
            assertThat(response.bodyText()).isEqualTo("{\"ok\":true}");
            assertThat(response.headers()).containsKey("content-type");
            assertThat(server.received()).singleElement().satisfies(r -> {
                assertThat(r.query()).isEqualTo("x=1");
                assertThat(r.header("x-test")).isEqualTo("yes");
                assertThat(r.body()).isEqualTo("hi");
            });
            assertThat(kit.http().send(OutboundRequest.get(URI.create(server.url() + "/missing"))).status()).isEqualTo(404);
        }
        assertThatThrownBy(() -> kit.http().send(OutboundRequest.get(URI.create("https://api.example.com/x"))))
                .isInstanceOfSatisfying(DevRigException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCodes.HTTP_DESTINATION_REFUSED))
                .hasMessageContaining("api.example.com is not an allowed destination");
    }

    @Test
    void redirectsAreFollowedAndEachHopIsChecked() throws Exception {
        try (LocalServer server = LocalServer.start()) {
            server.redirect("GET", "/old", 302, "/new").answer("GET", "/new", 200, "{\"moved\":true}");
            server.redirect("GET", "/away", 302, "https://elsewhere.example.com/x");
            server.redirect("GET", "/loop", 302, "/loop");

            OutboundResponse moved = kit.http().send(OutboundRequest.get(URI.create(server.url() + "/old")));
            assertThat(moved.bodyText()).isEqualTo("{\"moved\":true}");
            assertThat(moved.uri().getPath()).isEqualTo("/new");
            assertThatThrownBy(() -> kit.http().send(OutboundRequest.get(URI.create(server.url() + "/away"))))
                    .hasMessageContaining("elsewhere.example.com is not an allowed destination");
            assertThatThrownBy(() -> kit.http().send(OutboundRequest.get(URI.create(server.url() + "/loop"))))
                    .isInstanceOfSatisfying(DevRigException.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCodes.HTTP_TOO_MANY_REDIRECTS));
        }
    }

    @Test
    void aConnectionFailureIsATransientHttpError() throws Exception {
        LocalServer server = LocalServer.start();
        String url = server.url();
        server.close();

        assertThatThrownBy(() -> kit.http().send(OutboundRequest.get(URI.create(url + "/"))))
                .isInstanceOfSatisfying(DevRigException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCodes.HTTP_ERROR);
                    assertThat(e.category()).isEqualTo(ErrorCategory.TRANSIENT);
                });
    }

    @Test
    void syncRunsPagesUntilDoneAndKeepsTheCursor() throws Exception {
        List<String> seen = new ArrayList<>();
        DataSource source = request -> {
            seen.add(request.page() + ":" + request.cursor() + ":" + request.config().get("k"));
            return new SyncResult("c" + request.page(), request.page() < 3, 1);
        };
        kit.settings().set(Map.of("k", "v"));

        PluginKit.SyncCycle cycle = kit.sync(source, "demo.items");
        kit.sync(source, "demo.items");

        assertThat(cycle).isEqualTo(new PluginKit.SyncCycle(3, 3, "c3"));
        assertThat(seen).containsExactly("1:null:v", "2:c1:v", "3:c2:v", "1:c3:v", "2:c1:v", "3:c2:v");
    }

    @Test
    void actReturnsJsonOutputAndTurnsForeignExceptionsIntoPluginErrors() {
        ActionExecutor echo = (input, context) -> Map.of("got", input, "attempt", context.attempt());
        String output = kit.act(echo, "demo.echo", "{\"a\": [1, 2.50]}");
        assertThat(io.devrig.common.json.Json.readObject(output)).isEqualTo(
                Map.of("got", Map.of("a", List.of(1, new java.math.BigDecimal("2.50"))), "attempt", 1));

        ActionExecutor broken = (input, context) -> {
            throw new IllegalStateException("boom");
        };
        assertThatThrownBy(() -> kit.act(broken, "demo.broken", "{}"))
                .isInstanceOfSatisfying(DevRigException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCodes.PLUGIN_ERROR);
                    assertThat(e.category()).isEqualTo(ErrorCategory.PLUGIN);
                })
                .hasMessageContaining("boom");
        assertThatThrownBy(() -> kit.act(echo, "demo.echo", "{\"a\": 1, \"a\": 2}"))
                .isInstanceOfSatisfying(DevRigException.class, e -> assertThat(e.code()).isEqualTo(ErrorCodes.INVALID_INPUT));
    }

    @Test
    void theLogRecordsFormattedLinesAndEventsKeepTheTopicRules() {
        kit.log().info("stored {} of {}", 2, 3);
        kit.log().warn("failed", new IllegalStateException("x"));
        assertThat(kit.log().lines()).containsExactly("INFO stored 2 of 3", "WARN failed java.lang.IllegalStateException: x");

        PluginKit events = PluginKit.of("com.example.demo", Set.of("events:publish"));
        events.events().publish("items/stored", Map.of("n", 1));
        assertThat(events.events().posted()).singleElement().satisfies(p -> {
            assertThat(p.topic()).isEqualTo("devrig/plugin/com_example_demo/items/stored");
            assertThat(p.properties()).containsEntry("devrig.plugin", "com.example.demo");
        });
        assertThatThrownBy(() -> events.events().publish("a.b", Map.of())).hasMessageContaining("event topic");
    }
}
