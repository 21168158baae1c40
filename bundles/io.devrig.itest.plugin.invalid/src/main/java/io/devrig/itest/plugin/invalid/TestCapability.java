package io.devrig.itest.plugin.invalid;

import java.util.function.Function;
import org.osgi.service.component.annotations.Component;

/** Its descriptor asks for a permission that does not exist. */
@Component(service = Function.class, property = "devrig.capability=action:itest.echo")
public class TestCapability implements Function<String, String> {
    @Override
    public String apply(String input) {
        return "should never be called";
    }
}
