package io.devrig.itest.action.gate;

import io.devrig.api.action.ActionContext;
import io.devrig.api.action.ActionDescriptor;
import io.devrig.api.action.ActionExecutor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.osgi.service.component.annotations.Component;

/**
 * {@code itest.gate}: holds a workflow node until a file exists, so an in-framework test
 * can stop this bundle while a run is inside (or before) the node and start it again.
 * Config {@code waitFor}: the file's path. Ends early only when interrupted.
 */
@Component(service = ActionExecutor.class)
public class GateAction implements ActionExecutor {

    private static final ActionDescriptor DESCRIPTOR = new ActionDescriptor("itest.gate", "Gate",
            "Waits until a file exists (in-framework tests only)", "test",
            "{\"type\":\"object\",\"required\":[\"waitFor\"],\"properties\":{\"waitFor\":{\"type\":\"string\"}}}",
            null, false, 1);

    @Override
    public ActionDescriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public Object execute(Object input, ActionContext context) throws InterruptedException {
        Path file = Path.of((String) ((Map<?, ?>) input).get("waitFor"));
        while (!Files.exists(file)) {
            Thread.sleep(10);
        }
        return Map.of("passed", file.getFileName().toString(), "attempt", context.attempt());
    }
}
