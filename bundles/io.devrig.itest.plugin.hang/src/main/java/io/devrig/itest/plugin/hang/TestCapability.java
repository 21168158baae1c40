package io.devrig.itest.plugin.hang;

import java.util.function.Function;
import org.osgi.service.component.annotations.Component;

/** Never answers (until interrupted). */
@Component(service = Function.class, property = "devrig.capability=action:itest.echo")
public class TestCapability implements Function<String, String> {
    @Override
    public String apply(String input) {
        try {
            Thread.sleep(Long.MAX_VALUE);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return "interrupted";
    }
}
