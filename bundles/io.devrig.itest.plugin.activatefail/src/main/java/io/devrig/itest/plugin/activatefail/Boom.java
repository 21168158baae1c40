package io.devrig.itest.plugin.activatefail;

import java.util.function.Function;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

/** Its activation throws, with a message of two lines. */
@Component(service = Function.class, property = "devrig.capability=action:itest.boom", immediate = true)
public class Boom implements Function<String, String> {

    @Activate
    void activate() {
        throw new IllegalStateException("boom: the settings are wrong\nsecond line the admin need not see");
    }

    @Override
    public String apply(String input) {
        return "never";
    }
}
