package io.devrig.plugin.internal.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.devrig.api.error.DevRigException;
import io.devrig.api.error.ErrorCategory;
import io.devrig.api.error.ErrorCodes;
import io.devrig.api.plugin.PermissionGate;
import io.devrig.api.plugin.PluginCall;
import io.devrig.api.plugin.PluginCallStats;
import io.devrig.api.plugin.PluginInvoker;
import io.devrig.api.plugin.sdk.PluginSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** The settings SDK over a channel the test plays: reads, change listeners through the invoker, scope. */
class PluginSettingsTest {

    final Map<String, String> stored = new HashMap<>(Map.of("p.one", "{\"roots\":[\"/src\"]}", "p.two", "{}"));
    final Map<String, List<Consumer<String>>> subscribers = new HashMap<>();
    final List<String> invoked = new CopyOnWriteArrayList<>();
    boolean active = true;

    final SettingsChannel channel = new SettingsChannel() {
        @Override
        public String settings(String pluginId) {
            return stored.get(pluginId);
        }

        @Override
        public void subscribe(String pluginId, Consumer<String> subscriber) {
            subscribers.computeIfAbsent(pluginId, p -> new ArrayList<>()).add(subscriber);
        }

        @Override
        public void unsubscribe(String pluginId, Consumer<String> subscriber) {
            subscribers.getOrDefault(pluginId, new ArrayList<>()).remove(subscriber);
        }
    };

    final PermissionGate gate = (plugin, permission) -> {
        if (!active) {
            throw new DevRigException(ErrorCodes.PERMISSION_DENIED, ErrorCategory.PERMANENT, "plugin " + plugin + " is disabled");
        }
    };

    final PluginInvoker invoker = new PluginInvoker() {
        @Override
        public <T> T invoke(String pluginId, String operation, PluginCall<T> call) {
            invoked.add(pluginId + " " + operation);
            try {
                return call.call();
            } catch (Exception e) {
                throw new DevRigException(ErrorCodes.PLUGIN_ERROR, ErrorCategory.PLUGIN, "plugin threw " + e.getMessage());
            }
        }

        @Override
        public <T> T invoke(String pluginId, String operation, Duration timeout, PluginCall<T> call) {
            return invoke(pluginId, operation, call);
        }

        @Override
        public PluginCallStats stats(String pluginId) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void cancelCalls(String pluginId) {
        }
    };

    /** What PluginHostComponent.configure does after saving. */
    void save(String pluginId, String json) {
        stored.put(pluginId, json);
        subscribers.getOrDefault(pluginId, List.of()).forEach(s -> s.accept(json));
    }

    @Test
    void eachPluginReadsItsOwnSettings() {
        PluginSettings one = new PluginSettingsComponent("p.one", channel, gate, invoker);
        PluginSettings two = new PluginSettingsComponent("p.two", channel, gate, invoker);
        assertThat(one.get()).isEqualTo(Map.of("roots", List.of("/src")));
        assertThat(two.get()).isEmpty();
        save("p.one", "{\"roots\":[\"/work\"],\"maxDepth\":2}");
        assertThat(one.get()).containsEntry("roots", List.of("/work")).containsEntry("maxDepth", 2);
        assertThatThrownBy(() -> one.get().put("x", 1)).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void listenersHearOfChangesOnThePluginsOwnThreadsAndAFailureIsContained() {
        PluginSettingsComponent one = new PluginSettingsComponent("p.one", channel, gate, invoker);
        List<Map<String, Object>> heard = new ArrayList<>();
        one.addListener(heard::add);
        one.addListener(s -> {
            throw new IllegalStateException("listener bug");
        });
        PluginSettings.Listener later = heard::add;
        one.addListener(later);
        save("p.one", "{\"roots\":[\"/a\"]}");
        assertThat(heard).hasSize(2).allSatisfy(s -> assertThat(s).containsEntry("roots", List.of("/a")));
        assertThat(invoked).containsOnly("p.one settings-changed").hasSize(3);
        one.removeListener(later);
        save("p.two", "{\"other\":true}");
        save("p.one", "{}");
        assertThat(heard).hasSize(3);
        assertThat(heard.get(2)).isEmpty();
    }

    @Test
    void releasingTheServiceDropsItsListeners() {
        PluginSettingsComponent one = new PluginSettingsComponent("p.one", channel, gate, invoker);
        List<Map<String, Object>> heard = new ArrayList<>();
        one.addListener(heard::add);
        one.deactivate();
        save("p.one", "{\"roots\":[]}");
        assertThat(heard).isEmpty();
        assertThat(subscribers.get("p.one")).isEmpty();
    }

    @Test
    void aPluginThatIsNotActiveIsRefused() {
        PluginSettingsComponent one = new PluginSettingsComponent("p.one", channel, gate, invoker);
        active = false;
        assertThatThrownBy(one::get).isInstanceOfSatisfying(DevRigException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCodes.PERMISSION_DENIED));
        assertThatThrownBy(() -> one.addListener(s -> { })).isInstanceOf(DevRigException.class);
    }
}
