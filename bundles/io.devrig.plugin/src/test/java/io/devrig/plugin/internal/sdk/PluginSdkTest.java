package io.devrig.plugin.internal.sdk;

import io.devrig.api.plugin.PermissionGate;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.devrig.api.error.DevRigException;
import io.devrig.api.error.ErrorCategory;
import io.devrig.api.error.ErrorCodes;
import io.devrig.api.http.OutboundHttp;
import io.devrig.api.http.OutboundRequest;
import io.devrig.api.http.OutboundResponse;
import io.devrig.api.secrets.SecretInfo;
import io.devrig.api.secrets.SecretValue;
import io.devrig.api.secrets.SecretVault;
import io.devrig.api.time.DevRigClock;
import io.devrig.store.internal.MigrationCatalog;
import io.devrig.store.internal.SqliteDatabase;
import io.devrig.store.internal.StoreSettings;
import java.net.URI;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The SDK services against a real database, with a gate whose grants the test sets. */
class PluginSdkTest {

    @TempDir
    Path dir;
    SqliteDatabase db;
    final Map<String, Set<String>> grants = new HashMap<>();
    final PermissionGate gate = (plugin, permission) -> {
        Set<String> granted = grants.get(plugin);
        if (granted == null || permission != null && !granted.contains(permission)) {
            throw new DevRigException(ErrorCodes.PERMISSION_DENIED, ErrorCategory.PERMANENT,
                    "plugin " + plugin + " does not have the permission '" + permission + "'");
        }
    };

    @BeforeEach
    void setUp() {
        db = SqliteDatabase.open(StoreSettings.defaults(dir.resolve("devrig.db")),
                MigrationCatalog.load(getClass().getClassLoader(), MigrationCatalog.DEFAULT_FOLDER), DevRigClock.system());
        for (String name : List.of("p.one", "p.two")) {
            db.write(h -> h.update("INSERT INTO plugins(id, name, version, display_name, install_path, manifest)"
                    + " VALUES (?, ?, '1.0.0', ?, 'x', '{}')", "ID-" + name, name, name));
            grants.put(name, Set.of());
        }
    }

    @AfterEach
    void tearDown() {
        db.close();
    }

    @Test
    void storageIsPerPluginAndHoldsJson() {
        PluginStorageComponent one = new PluginStorageComponent("p.one", db, gate);
        PluginStorageComponent two = new PluginStorageComponent("p.two", db, gate);
        one.put("cursor", "{\"page\": 3}");
        one.put("count", "7");
        two.put("cursor", "\"other\"");
        assertThat(one.get("cursor")).hasValue("{\"page\":3}");
        assertThat(two.get("cursor")).hasValue("\"other\"");
        assertThat(one.keys()).containsExactly("count", "cursor");
        one.put("count", "8");
        assertThat(one.get("count")).hasValue("8");
        assertThat(one.delete("count")).isTrue();
        assertThat(one.delete("count")).isFalse();
        assertThat(one.get("missing")).isEmpty();
    }

    @Test
    void badKeysAndBadJsonAreRefused() {
        PluginStorageComponent one = new PluginStorageComponent("p.one", db, gate);
        assertThatThrownBy(() -> one.put("k", "{not json")).hasMessageContaining("is not valid JSON");
        assertThatThrownBy(() -> one.put("k", "")).hasMessageContaining("is not valid JSON");
        assertThatThrownBy(() -> one.put("", "1")).hasMessageContaining("storage key must be 1-256 characters");
        assertThatThrownBy(() -> one.put("a\nb", "1")).hasMessageContaining("without control characters");
        assertThat(one.keys()).isEmpty();
    }

    @Test
    void theQuotaIsEnforcedAndNothingHalfWritten() {
        PluginStorageComponent one = new PluginStorageComponent("p.one", db, gate);
        String big = "\"" + "x".repeat(400_000) + "\"";
        one.put("a", big);
        one.put("b", big);
        assertThatThrownBy(() -> one.put("c", big)).isInstanceOfSatisfying(DevRigException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCodes.PLUGIN_STORAGE_QUOTA);
            assertThat(e.category()).isEqualTo(ErrorCategory.RESOURCE);
            assertThat(e.getMessage()).contains("quota is 1048576");
        });
        assertThat(one.keys()).containsExactly("a", "b");
        one.put("a", "1"); // replacing a value frees its old size
        one.put("c", big);
        assertThat(one.keys()).containsExactly("a", "b", "c");
    }

    @Test
    void secretsNeedThePermissionAndAreScopedToThePlugin() {
        Map<String, String> stored = new HashMap<>(Map.of("p.one/token", "t1", "p.two/token", "t2"));
        SecretVault vault = new SecretVault() {
            @Override public void put(String name, String category, char[] value) { throw new UnsupportedOperationException(); }
            @Override public Optional<SecretValue> get(String name) {
                return Optional.ofNullable(stored.get(name)).map(v -> new SecretValue(v.toCharArray()));
            }
            @Override public List<SecretInfo> list() { return List.of(); }
            @Override public boolean delete(String name) { return false; }
            @Override public int rotateKey() { return 0; }
        };
        PluginSecretsComponent one = new PluginSecretsComponent("p.one", vault, gate);
        assertThatThrownBy(() -> one.get("token")).isInstanceOfSatisfying(DevRigException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCodes.PERMISSION_DENIED);
            assertThat(e.getMessage()).contains("p.one", "secrets:read");
        });
        grants.put("p.one", Set.of("secrets:read"));
        assertThat(one.get("token").orElseThrow().reveal()).isEqualTo("t1");
        assertThat(one.get("../p.two/token")).as("names are prefixed, never resolved as paths").isEmpty();
    }

    @Test
    void httpNeedsTheNetworkPermission() {
        OutboundHttp fake = request -> new OutboundResponse(204, Map.of(), new byte[0], request.uri());
        PluginHttpComponent http = new PluginHttpComponent("p.two", fake, gate);
        OutboundRequest get = OutboundRequest.get(URI.create("https://api.github.com/notifications"));
        assertThatThrownBy(() -> http.send(get)).hasMessageContaining("does not have the permission 'network'");
        grants.put("p.two", Set.of("network"));
        assertThat(http.send(get).status()).isEqualTo(204);
    }

    @Test
    void eventsGoToThePluginsOwnTopicsWithThePermission() {
        List<org.osgi.service.event.Event> posted = new java.util.ArrayList<>();
        org.osgi.service.event.EventAdmin admin = new org.osgi.service.event.EventAdmin() {
            @Override public void postEvent(org.osgi.service.event.Event event) { posted.add(event); }
            @Override public void sendEvent(org.osgi.service.event.Event event) { posted.add(event); }
        };
        PluginEventsComponent events = new PluginEventsComponent("p.one", admin, gate);
        assertThatThrownBy(() -> events.publish("stored", Map.of())).hasMessageContaining("'events:publish'");
        grants.put("p.one", Set.of("events:publish"));
        events.publish("items/stored", Map.of("key", "k", "devrig.plugin", "forged"));
        assertThat(posted).singleElement().satisfies(e -> {
            assertThat(e.getTopic()).isEqualTo("devrig/plugin/p_one/items/stored");
            assertThat(e.getProperty("key")).isEqualTo("k");
            assertThat(e.getProperty("devrig.plugin")).as("the sender cannot be forged").isEqualTo("p.one");
        });
        for (String bad : List.of("", "/x", "a//b", "../other", "a.b", "a b", "*")) {
            assertThatThrownBy(() -> events.publish(bad, Map.of())).as(bad).hasMessageContaining("event topic is");
        }
        assertThat(posted).hasSize(1);
    }
}
