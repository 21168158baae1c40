package io.devrig.sdk.testkit;

import io.devrig.api.error.DevRigException;
import io.devrig.api.error.ErrorCategory;
import io.devrig.api.error.ErrorCodes;
import io.devrig.api.plugin.sdk.PluginEvents;
import io.devrig.common.plugin.Permissions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;

/** {@link PluginEvents} that records what would be posted: the host's topic rules and permission. */
public final class RecordingPluginEvents implements PluginEvents {

    static final Pattern TOPIC = Pattern.compile("[A-Za-z0-9_-]+(/[A-Za-z0-9_-]+){0,15}");

    /** A posted event: the full topic and its properties (with {@code devrig.plugin}, as DevRig adds). */
    public record Posted(String topic, Map<String, Object> properties) {
    }

    private final PluginKit kit;
    private final List<Posted> posted = new CopyOnWriteArrayList<>();

    RecordingPluginEvents(PluginKit kit) {
        this.kit = kit;
    }

    @Override
    public String topicPrefix() {
        return "devrig/plugin/" + kit.pluginId().replace('.', '_');
    }

    @Override
    public void publish(String topic, Map<String, ?> properties) {
        kit.check(Permissions.EVENTS_PUBLISH);
        if (topic == null || !TOPIC.matcher(topic).matches()) {
            throw new DevRigException(ErrorCodes.INVALID_INPUT, ErrorCategory.PERMANENT, "plugin " + kit.pluginId()
                    + ": an event topic is '/'-separated tokens of letters, digits, '_' and '-'");
        }
        Map<String, Object> copy = new HashMap<>(properties == null ? Map.of() : properties);
        copy.put("devrig.plugin", kit.pluginId());
        posted.add(new Posted(topicPrefix() + "/" + topic, Map.copyOf(copy)));
    }

    /** The events posted so far. */
    public List<Posted> posted() {
        return List.copyOf(posted);
    }
}
