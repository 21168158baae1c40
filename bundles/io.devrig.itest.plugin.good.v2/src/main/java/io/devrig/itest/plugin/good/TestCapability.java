package io.devrig.itest.plugin.good;

import java.util.function.Function;
import org.osgi.service.component.annotations.Component;

/** Version 2 of the good plugin: answers "v2:" + input. */
@Component(service = Function.class, property = "devrig.capability=action:itest.echo")
public class TestCapability implements Function<String, String> {
    @Override
    public String apply(String input) {
        return "v2:" + input;
    }
}
