package io.devrig.trigger.webhook.internal;

import io.devrig.api.error.DevRigException;
import io.devrig.api.error.ErrorCategory;
import io.devrig.api.error.ErrorCodes;
import io.devrig.api.trigger.Webhooks;
import java.lang.reflect.Array;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

/**
 * The live webhooks by path: a handler registers its path on start and removes it on stop;
 * the servlet looks requests up here. A path belongs to one workflow: a second workflow
 * asking for it is refused ({@code CONFLICT}); a newer version of the same workflow takes it
 * over (the manager may start the new version's handler before it disposes the old one).
 */
@Component(service = {HookRegistry.class, Webhooks.class})
public final class HookRegistry implements Webhooks {

    /** The HTTP whiteboard runtime (R7 140.9): its {@code osgi.http.endpoint} property lists its URLs. */
    private static final String RUNTIME = "org.osgi.service.http.runtime.HttpServiceRuntime";
    private static final String ENDPOINT = "osgi.http.endpoint";

    private final ConcurrentHashMap<String, LiveHook> hooks = new ConcurrentHashMap<>();
    private final Supplier<String> baseUrl;

    @Activate
    public HookRegistry(BundleContext context) {
        this(() -> baseUrl(context));
    }

    HookRegistry(Supplier<String> baseUrl) {
        this.baseUrl = baseUrl;
    }

    /** The live hook at a path under /hooks/, or null. */
    LiveHook find(String path) {
        return hooks.get(path);
    }

    /** Why {@code workflowId} cannot have {@code path}, or null when it can. */
    String conflict(String path, String workflowId, int version) {
        LiveHook owner = hooks.get(path);
        if (owner == null || owner.workflowId().equals(workflowId) && version >= owner.workflowVersion()) {
            return null;
        }
        return "the webhook path /hooks/" + path + " is already used by workflow " + owner.workflowId()
                + " (version " + owner.workflowVersion() + ")";
    }

    synchronized void register(LiveHook hook) {
        String problem = conflict(hook.path(), hook.workflowId(), hook.workflowVersion());
        if (problem != null && hooks.get(hook.path()) != hook) {
            throw new DevRigException(ErrorCodes.CONFLICT, ErrorCategory.PERMANENT, problem);
        }
        hooks.put(hook.path(), hook);
    }

    /** Removes the hook if it still owns its path (a newer version may have taken it over). */
    synchronized void unregister(LiveHook hook) {
        hooks.remove(hook.path(), hook);
    }

    @Override
    public List<Hook> hooks() {
        String base = baseUrl.get();
        return hooks.values().stream()
                .map(h -> new Hook(h.path(), base + "/hooks/" + h.path(), h.config().methods(),
                        h.config().signature().wireName(), h.config().secretNames(), h.triggerId(), h.workflowId(),
                        h.workflowVersion()))
                .sorted(Comparator.comparing(Hook::path))
                .toList();
    }

    /**
     * The Karaf HTTP port's base URL without a trailing slash: the whiteboard runtime's first
     * http endpoint when it announces one, else 127.0.0.1 and {@code org.osgi.service.http.port}
     * (8181, Karaf's default).
     */
    static String baseUrl(BundleContext context) {
        try {
            ServiceReference<?>[] refs = context.getServiceReferences(RUNTIME, null);
            if (refs != null) {
                for (ServiceReference<?> ref : refs) {
                    for (String endpoint : strings(ref.getProperty(ENDPOINT))) {
                        if (endpoint.startsWith("http")) {
                            return endpoint.endsWith("/") ? endpoint.substring(0, endpoint.length() - 1) : endpoint;
                        }
                    }
                }
            }
        } catch (InvalidSyntaxException | IllegalStateException e) {
            // no filter is given; a stopping framework: fall back to the configured port
        }
        String port = context.getProperty("org.osgi.service.http.port");
        return "http://127.0.0.1:" + (port == null || port.isBlank() ? "8181" : port.trim());
    }

    private static List<String> strings(Object value) {
        if (value instanceof String s) {
            return List.of(s);
        }
        if (value instanceof Collection<?> c) {
            return c.stream().map(String::valueOf).toList();
        }
        if (value != null && value.getClass().isArray()) {
            return java.util.stream.IntStream.range(0, Array.getLength(value))
                    .mapToObj(i -> String.valueOf(Array.get(value, i))).toList();
        }
        return List.of();
    }
}
