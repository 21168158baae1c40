package io.devrig.itest.action.record;

import io.devrig.api.action.ActionContext;
import io.devrig.api.action.ActionDescriptor;
import io.devrig.api.action.ActionExecutor;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

/**
 * {@code test.record}: an action with a side effect the crash test can count from outside
 * the database. Each execution appends {@code <idempotencyKey> <attempt>} as one line to
 * {@code ${karaf.data}/itest-side-effects.log} (one write call with O_APPEND: a SIGKILL
 * leaves whole lines, and the OS keeps them), then sleeps {@code ms} (config, default 0)
 * so that kills land while runs are in flight.
 */
@Component(service = ActionExecutor.class)
public class RecordAction implements ActionExecutor {

    private static final ActionDescriptor DESCRIPTOR = new ActionDescriptor("test.record", "Record",
            "Appends a line to a file (end-to-end tests only)", "test",
            "{\"type\":\"object\",\"properties\":{\"ms\":{\"type\":\"integer\",\"minimum\":0}}}", null, true, 1);

    private final Path log;

    @Activate
    public RecordAction(BundleContext context) {
        String data = context.getProperty("karaf.data");
        this.log = Path.of(data == null ? "data" : data, "itest-side-effects.log");
    }

    @Override
    public ActionDescriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public Object execute(Object input, ActionContext context) throws IOException, InterruptedException {
        Files.write(log, (context.idempotencyKey() + " " + context.attempt() + "\n").getBytes(StandardCharsets.UTF_8),
                StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        Object ms = input instanceof Map<?, ?> m ? m.get("ms") : null;
        if (ms instanceof Number n && n.longValue() > 0) {
            Thread.sleep(n.longValue());
        }
        return Map.of("recorded", context.idempotencyKey());
    }
}
