package io.devrig.itest.plugin.throwing;

import java.util.function.Function;
import org.osgi.service.component.annotations.Component;

/** Always fails. */
@Component(service = Function.class, property = "devrig.capability=action:itest.echo")
public class TestCapability implements Function<String, String> {
    @Override
    public String apply(String input) {
        throw new IllegalStateException("the throwing test plugin always fails");
    }
}
