package io.devrig.itest.plugin.unapproved;

import java.util.function.Function;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

/** Leaves a mark (a system property) the moment any of its code runs. */
@Component(service = Function.class, property = "devrig.capability=action:itest.marker", immediate = true)
public class Marker implements Function<String, String> {

    public static final String MARK = "io.devrig.itest.plugin.unapproved.ran";

    static {
        System.setProperty(MARK, "class loaded");
    }

    @Activate
    void activate() {
        System.setProperty(MARK, "activated");
    }

    @Override
    public String apply(String input) {
        return System.getProperty(MARK);
    }
}
