package io.devrig.action.internal;

import io.devrig.api.action.ActionHook;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The {@link ActionHook} services, highest service ranking first (then oldest). Copy on
 * write: a call takes one snapshot and uses it for both its before and after hooks.
 */
final class Hooks {

    record Hook(ActionHook hook, int ranking, long serviceId) {
    }

    private static final Comparator<Hook> ORDER = Comparator.comparingInt(Hook::ranking).reversed()
            .thenComparingLong(Hook::serviceId);

    private volatile List<Hook> hooks = List.of();

    synchronized void add(ActionHook hook, int ranking, long serviceId) {
        List<Hook> next = new ArrayList<>(hooks);
        next.removeIf(h -> h.serviceId() == serviceId);
        next.add(new Hook(hook, ranking, serviceId));
        next.sort(ORDER);
        hooks = List.copyOf(next);
    }

    synchronized void remove(long serviceId) {
        List<Hook> next = new ArrayList<>(hooks);
        next.removeIf(h -> h.serviceId() == serviceId);
        hooks = List.copyOf(next);
    }

    List<Hook> snapshot() {
        return hooks;
    }
}
