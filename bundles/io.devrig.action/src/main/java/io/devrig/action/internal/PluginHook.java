package io.devrig.action.internal;

import io.devrig.api.action.ActionContext;
import io.devrig.api.action.ActionDescriptor;
import io.devrig.api.action.ActionHook;
import io.devrig.api.action.ActionOutcome;
import io.devrig.api.error.DevRigException;
import io.devrig.api.error.ErrorCodes;
import io.devrig.api.plugin.PluginInvoker;
import java.time.Duration;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A plugin's declared hook ({@code devrig.capability=hook:<id>}), called through the
 * {@link PluginInvoker}: on the plugin's own threads, under a time limit, behind its breaker,
 * so a hook that blocks holds up no queue worker for longer than the limit. A veto the plugin
 * throws itself ({@link DevRigException}) stands; a hook that times out, fails, is busy or has
 * its breaker open is logged and skipped (a broken plugin must not stop every action).
 */
final class PluginHook implements ActionHook {

    private static final Logger LOG = LoggerFactory.getLogger(PluginHook.class);
    /** Hooks run around every action: at most this long each, whatever the plugin's own limit. */
    static final Duration TIME_LIMIT = Duration.ofSeconds(5);
    /** Invoker failures that are the plugin's trouble, not its decision. */
    private static final Set<String> NOT_A_VETO = Set.of(ErrorCodes.PLUGIN_TIMEOUT, ErrorCodes.PLUGIN_ERROR,
            ErrorCodes.PLUGIN_BUSY, ErrorCodes.PLUGIN_CIRCUIT_OPEN, ErrorCodes.CANCELLED);

    private final ActionHook hook;
    private final String pluginId;
    private final String capability;
    private final Supplier<PluginInvoker> invoker;
    private final Duration limit;

    PluginHook(ActionHook hook, String pluginId, String capability, Supplier<PluginInvoker> invoker, Duration limit) {
        this.hook = hook;
        this.pluginId = pluginId;
        this.capability = capability;
        this.invoker = invoker;
        this.limit = limit;
    }

    String pluginId() {
        return pluginId;
    }

    @Override
    public void before(ActionDescriptor action, Object input, ActionContext context) {
        call("before " + action.type(), () -> hook.before(action, input, context));
    }

    @Override
    public void after(ActionDescriptor action, ActionOutcome outcome, ActionContext context) {
        call("after " + action.type(), () -> hook.after(action, outcome, context));
    }

    private void call(String operation, Runnable body) {
        PluginInvoker current = invoker.get();
        if (current == null) {
            LOG.warn("Skipped hook {} of plugin {}: the plugin invoker is not there", capability, pluginId);
            return;
        }
        try {
            current.invoke(pluginId, capability + " " + operation, limit, () -> {
                body.run();
                return null;
            });
        } catch (DevRigException e) {
            if (!NOT_A_VETO.contains(e.code())) {
                throw e; // the plugin's own decision
            }
            LOG.warn("Hook {} of plugin {} skipped for {}: {}", capability, pluginId, operation, e.getMessage());
        }
    }
}
