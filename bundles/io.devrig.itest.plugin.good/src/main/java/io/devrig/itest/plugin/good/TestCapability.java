package io.devrig.itest.plugin.good;

import io.devrig.api.plugin.sdk.PluginEvents;
import io.devrig.api.plugin.sdk.PluginStorage;
import java.util.Map;
import java.util.function.Function;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Version 1 of the good plugin: "put:key=value" stores a JSON string in the plugin's
 * storage and publishes a "stored" event, "get:key" reads it back, anything else is echoed; answers start with "v1:".
 */
@Component(service = Function.class, property = "devrig.capability=action:itest.echo")
public class TestCapability implements Function<String, String> {

    private final PluginStorage storage;
    private final PluginEvents events;

    @Activate
    public TestCapability(@Reference PluginStorage storage, @Reference PluginEvents events) {
        this.storage = storage;
        this.events = events;
    }

    @Override
    public String apply(String input) {
        if (input.startsWith("put:")) {
            String[] kv = input.substring(4).split("=", 2);
            storage.put(kv[0], "\"" + kv[1] + "\"");
            events.publish("stored", Map.of("key", kv[0]));
            return "v1:stored " + kv[0];
        }
        if (input.startsWith("get:")) {
            return "v1:" + storage.get(input.substring(4)).orElse("(none)");
        }
        return "v1:" + input;
    }
}
