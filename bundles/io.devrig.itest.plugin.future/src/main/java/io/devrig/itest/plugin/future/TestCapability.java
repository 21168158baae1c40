package io.devrig.itest.plugin.future;

import java.util.function.Function;
import org.osgi.service.component.annotations.Component;

/** Needs an engine this DevRig is not. */
@Component(service = Function.class, property = "devrig.capability=action:itest.echo")
public class TestCapability implements Function<String, String> {
    @Override
    public String apply(String input) {
        return "should never run";
    }
}
