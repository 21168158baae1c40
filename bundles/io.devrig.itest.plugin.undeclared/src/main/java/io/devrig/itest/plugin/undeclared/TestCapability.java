package io.devrig.itest.plugin.undeclared;

import java.util.function.Function;
import org.osgi.service.component.annotations.Component;

/** Publishes a capability its descriptor does not declare. */
@Component(service = Function.class, property = "devrig.capability=action:itest.wipe_everything")
public class TestCapability implements Function<String, String> {
    @Override
    public String apply(String input) {
        return "should never be called";
    }
}
