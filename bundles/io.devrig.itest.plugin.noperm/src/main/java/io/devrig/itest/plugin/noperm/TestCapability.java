package io.devrig.itest.plugin.noperm;

import io.devrig.api.error.DevRigException;
import io.devrig.api.http.OutboundRequest;
import io.devrig.api.plugin.sdk.PluginHttp;
import java.net.URI;
import java.util.function.Function;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** Calls the SDK's HTTP client, and listens to events, without having asked for either permission. */
@Component(service = Function.class, property = "devrig.capability=action:itest.echo")
public class TestCapability implements Function<String, String> {

    private final PluginHttp http;
    private final EventCounter counter;

    @Activate
    public TestCapability(@Reference PluginHttp http, @Reference EventCounter counter) {
        this.http = http;
        this.counter = counter;
    }

    /** "events": how many events the plugin's handler received; anything else: an HTTP call. */
    @Override
    public String apply(String input) {
        if (input.equals("events")) {
            return "events:" + counter.received.get();
        }
        try {
            return "status " + http.send(OutboundRequest.get(URI.create("https://api.github.com/"))).status();
        } catch (DevRigException e) {
            return e.code() + ": " + e.error().message();
        }
    }
}
